"""Read-only screens: sources health, ISO work programmes, and full-text search."""

from __future__ import annotations

import re
from datetime import date

from fastapi import APIRouter, Request
from fastapi.responses import Response
from markupsafe import Markup, escape

from horizonscan import pipeline
from horizonscan.errors import HorizonscanError
from horizonscan.store import search as fulltext
from horizonscan.store import standards
from horizonscan.web.auth import Viewer
from horizonscan.web.context import desk_of, render, scope_of
from horizonscan.work_programmes import standards_diff

router = APIRouter()
OPEN, CLOSE = "\x02", "\x03"  # snippet markers no archived text contains


@router.get("/sources")
def sources_page(request: Request, user: Viewer) -> Response:
    rows = pipeline.health(desk_of(request).settings)
    order = {"broken": 0, "never": 1, "quiet": 2, "paused": 3, "ok": 4}
    rows.sort(key=lambda h: (order.get(h.status, 9), h.source_id))
    counts = {s: sum(1 for h in rows if h.status == s) for s in order}
    return render(request, "sources.html", {"rows": rows, "counts": counts})


@router.get("/standards")
def standards_page(request: Request, user: Viewer) -> Response:
    desk = desk_of(request)
    scope = scope_of(desk, request)
    with desk.transaction() as session:
        known = standards.snapshots(session)
    committees: dict[str, list[standards.SnapshotInfo]] = {}
    for info in known:
        committees.setdefault(info.committee, []).append(info)
    views = []
    for committee, infos in sorted(committees.items()):
        infos.sort(key=lambda i: i.as_of)
        latest = [i for i in infos if i.as_of <= scope.end] or infos[-1:]
        previous = [i for i in infos if i.as_of <= scope.start]
        start = previous[-1].as_of if previous else infos[0].as_of
        diff = standards_diff(desk.settings, committee, start, latest[-1].as_of)
        views.append({"committee": committee, "latest": latest[-1], "diff": diff, "all": infos})
    return render(request, "standards.html", {"scope": scope, "views": views})


def highlighted(snippet: str, words: list[str]) -> Markup:
    """The snippet escaped; the index's own match markers, and the query's words it could not
    mark (1–2 character CJK words are matched outside the index), become <mark>."""
    pieces: list[tuple[str, bool]] = []
    rest = snippet
    while OPEN in rest:
        before, _, after = rest.partition(OPEN)
        inside, _, rest = after.partition(CLOSE)
        pieces += [(before, False), (inside, True)]
    pieces.append((rest, False))
    pattern = re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))
    out = Markup("")
    for text, marked in pieces:
        if marked:
            out += Markup("<mark>") + escape(text) + Markup("</mark>")
            continue
        at = 0
        for match in pattern.finditer(text) if words else ():
            out += escape(text[at : match.start()])
            out += Markup("<mark>") + escape(match.group()) + Markup("</mark>")
            at = match.end()
        out += escape(text[at:])
    return out


@router.get("/search")
def search_page(request: Request, user: Viewer) -> Response:
    params = request.query_params
    q = params.get("q", "").strip()
    fields = {k: params.get(k, "").strip() for k in ("source", "region", "topic", "start", "end")}
    hits: list[tuple[fulltext.Hit, Markup]] = []
    error = None
    if q:
        try:
            start = date.fromisoformat(fields["start"]) if fields["start"] else None
            end = date.fromisoformat(fields["end"]) if fields["end"] else None
            with desk_of(request).transaction() as session:
                found = fulltext.search(
                    session,
                    q,
                    source=fields["source"] or None,
                    region=fields["region"] or None,
                    topic=fields["topic"] or None,
                    start=start,
                    end=end,
                    marks=(OPEN, CLOSE),
                )
            hits = [(h, highlighted(h.snippet, q.split())) for h in found]
        except ValueError as exc:
            error = f"dates must be YYYY-MM-DD: {exc}"
        except HorizonscanError as exc:
            error = str(exc)
    return render(request, "search.html", {"q": q, "fields": fields, "hits": hits, "error": error})
