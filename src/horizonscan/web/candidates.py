"""Candidates: the period's stories of a topic by score, decided with one click or key."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from horizonscan.errors import StoreError
from horizonscan.store import audit, review
from horizonscan.store.review import CandidateQuery
from horizonscan.store.revisions import parse_period
from horizonscan.web.auth import Editor, Viewer
from horizonscan.web.context import Scope, desk_of, render, scope_of

router = APIRouter()
FILTERS = ("source", "region", "language", "status")


def _query(request: Request, scope: Scope) -> CandidateQuery:
    params = request.query_params
    try:
        page = max(1, int(params.get("page", "1")))
    except ValueError:
        page = 1
    return CandidateQuery(
        topic=scope.topic,
        start=scope.start,
        end=scope.end,
        page=page,
        **{name: params.get(name) or None for name in FILTERS},  # type: ignore[arg-type]
    )


@router.get("/candidates")
def candidates_page(request: Request, user: Viewer) -> Response:
    desk = desk_of(request)
    scope = scope_of(desk, request)
    query = _query(request, scope)
    with desk.transaction() as session:
        page = review.candidates(session, query)  # an unknown status is a StoreError there
    return render(
        request,
        "candidates.html",
        {"page": page, "scope": scope, "filters": {n: getattr(query, n) or "" for n in FILTERS}},
    )


@router.post("/candidates/{story}/decision")
def decide(
    request: Request,
    story: str,
    user: Editor,
    topic: Annotated[str, Form()],
    decision: Annotated[str, Form()],
    reason: Annotated[str, Form()] = "",
    period: Annotated[str, Form()] = "",
) -> Response:
    if decision not in ("accept", "reject"):
        raise StoreError(f"decision must be accept or reject, not {decision!r}")
    accepted = decision == "accept"
    reason = reason.strip()[:500]
    desk = desk_of(request)
    with desk.transaction() as session:
        review.decide(session, topic, story, accepted, reason, user.name)
        audit.record(
            session, user.name, decision, f"story:{topic}:{story}", {"reason": reason or None}
        )
    if not request.headers.get("hx-request"):
        return RedirectResponse(f"/candidates?topic={topic}&period={period}", status_code=303)
    if period:
        start, end = parse_period(period)
    else:
        scope = scope_of(desk, request)
        start, end = scope.start, scope.end
    with desk.transaction() as session:
        found = review.candidate(session, CandidateQuery(topic, start, end), story)
    return render(request, "_candidate.html", {"c": found, "topic": topic, "period": period})
