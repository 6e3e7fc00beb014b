"""The edition: cover fields, numbered items, the pick-up and its sections, page count, builds
in five formats, and publishing (a published revision is frozen)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import FileResponse, RedirectResponse, Response

from horizonscan import pipeline
from horizonscan.errors import StoreError
from horizonscan.report.config import load_edition_settings
from horizonscan.report.render import RENDERERS, write_all
from horizonscan.store import audit, editions, review, revisions
from horizonscan.web.auth import Editor, Viewer
from horizonscan.web.context import Desk, Scope, desk_of, render, scope_of

router = APIRouter()
COVER_FIELDS = ("title", "project", "issuer", "addressee", "copyright", "issued")
PICKUP_SECTIONS = (
    ("topic", "トピック"),
    ("organisation", "推進組織"),
    ("points", "ポイント"),
    ("overview", "概要"),
    ("background", "背景"),
    ("sources_line", "出所"),
)


def _edition_config(desk: Desk, topic: str) -> Path:
    return Path(desk.settings.edition_config_dir) / f"{topic}.toml"


def _draft(
    desk: Desk, scope: Scope, cover: dict[str, str], *, preview: bool = True
) -> pipeline.EditionDraft:
    fields = {k: v for k, v in cover.items() if k != "issued" and v}
    issued = date.fromisoformat(cover["issued"]) if cover.get("issued") else None
    return pipeline.draft_edition(
        desk.settings,
        scope.topic,
        scope.start,
        scope.end,
        issued=issued,
        edition_config=_edition_config(desk, scope.topic),
        glossary_path=Path(desk.settings.glossary),
        max_requests=0 if preview else None,  # a preview never sends a model request
        cover=fields,
    )


def _defaults(desk: Desk, scope: Scope) -> dict[str, str]:
    """What an empty cover field falls back to: the topic's edition settings."""
    path = _edition_config(desk, scope.topic)
    loaded = load_edition_settings(path if path.is_file() else None).settings
    values = {k: str(getattr(loaded, k, "")) for k in COVER_FIELDS if k != "issued"}
    values["issued"] = (scope.end + timedelta(days=1)).isoformat()
    return values


@router.get("/edition")
def edition_page(request: Request, user: Viewer) -> Response:
    desk = desk_of(request)
    scope = scope_of(desk, request)
    with desk.transaction() as session:
        draft = revisions.draft(session, scope.topic, scope.period)
        builds = revisions.revisions(session, scope.topic, scope.period)
        known = revisions.drafts(session)
    preview = _draft(desk, scope, draft.cover)
    edition = preview.edition
    pickup = edition.pickups[0] if edition.pickups else None
    pickup_story = next(
        (i.story for i in edition.items if pickup and i.no == pickup.related_no), None
    )
    brief_version = 0
    if pickup_story:
        with desk.transaction() as session:
            brief_version = review.item_edit(session, scope.topic, pickup_story).version
    kinds = {
        "cover": 1 if edition.cover else 0,
        "pickup": len(preview.pages.pickups),
        "detail": len(preview.pages.details),
    }
    return render(
        request,
        "edition.html",
        {
            "scope": scope,
            "draft": draft,
            "cover": {k: draft.cover.get(k, "") for k in COVER_FIELDS},
            "defaults": _defaults(desk, scope),
            "edition": edition,
            "pages": preview.pages,
            "kinds": kinds,
            "pickup": pickup,
            "pickup_story": pickup_story,
            "brief_version": brief_version,
            "sections": PICKUP_SECTIONS,
            "builds": builds,
            "known": known,
        },
    )


def _back(scope_topic: str, period: str, anchor: str = "") -> RedirectResponse:
    return RedirectResponse(f"/edition?topic={scope_topic}&period={period}{anchor}", 303)


@router.post("/edition/cover")
async def save_cover(request: Request, user: Editor) -> Response:
    form = await request.form()
    text = {k: v for k, v in form.items() if isinstance(v, str)}
    topic, period = text.get("topic", ""), text.get("period", "")
    cover = {k: text.get(k, "").strip()[:300] for k in COVER_FIELDS if text.get(k, "").strip()}
    if cover.get("issued"):
        try:
            date.fromisoformat(cover["issued"])
        except ValueError as exc:
            raise StoreError(f"issued: {cover['issued']!r} is not a date (YYYY-MM-DD)") from exc
    desk = desk_of(request)
    with desk.transaction() as session:
        version = revisions.save_draft(
            session, topic, period, cover, int(text.get("version", "0") or 0), user.name
        )
        audit.record(session, user.name, "cover", f"edition:{topic}:{period}", {"version": version})
    return _back(topic, period)


@router.post("/edition/pickup")
def choose_pickup(
    request: Request,
    user: Editor,
    topic: Annotated[str, Form()],
    period: Annotated[str, Form()],
    story: Annotated[str, Form()],
) -> Response:
    with desk_of(request).transaction() as session:
        editions.set_override(session, story, topic, pickup=True, author=user.name)
        audit.record(session, user.name, "pickup", f"story:{topic}:{story}")
    return _back(topic, period, "#pickup")


@router.post("/edition/pickup/brief")
async def save_brief(request: Request, user: Editor) -> Response:
    form = await request.form()
    text = {k: v for k, v in form.items() if isinstance(v, str)}
    topic, period, story = text.get("topic", ""), text.get("period", ""), text.get("story", "")
    brief: dict[str, object] = {}
    for key, _label in PICKUP_SECTIONS:
        value = text.get(f"brief_{key}", "").replace("\r\n", "\n").strip()[:5000]
        many = key in ("points", "overview", "background")
        brief[key] = [v.strip() for v in value.split("\n") if v.strip()] if many else value
    with desk_of(request).transaction() as session:
        version = review.save_item(
            session,
            topic,
            story,
            {"pickup_brief": brief},
            int(text.get("version", "0") or 0),
            user.name,
        )
        audit.record(
            session, user.name, "pickup-brief", f"story:{topic}:{story}", {"version": version}
        )
    return _back(topic, period, "#pickup")


@router.post("/edition/build")
def build(
    request: Request,
    user: Editor,
    topic: Annotated[str, Form()],
    period: Annotated[str, Form()],
) -> Response:
    desk = desk_of(request)
    scope = Scope(topic, *revisions.parse_period(period))
    with desk.transaction() as session:
        cover = revisions.draft(session, topic, period).cover
        number = revisions.next_revision(session, topic, period)
    out = Path(desk.settings.desk_out_dir) / topic / period / f"r{number}"
    draft = _draft(desk, scope, cover, preview=False)
    files = write_all(draft.pages, out, draft.stem, list(RENDERERS))
    with desk.transaction() as session:
        revisions.record_build(
            session,
            topic,
            period,
            number,
            directory=str(out.resolve()),
            files=[f.name for f in files],
            items=len(draft.edition.items),
            pages=draft.pages.total,
            author=user.name,
        )
        audit.record(session, user.name, "build", f"edition:{topic}:{period}", {"revision": number})
    return _back(topic, period, "#builds")


@router.post("/edition/publish")
def publish(
    request: Request,
    user: Editor,
    topic: Annotated[str, Form()],
    period: Annotated[str, Form()],
    revision: Annotated[int, Form()],
) -> Response:
    with desk_of(request).transaction() as session:
        revisions.publish(session, topic, period, revision, user.name)
        audit.record(
            session, user.name, "publish", f"edition:{topic}:{period}", {"revision": revision}
        )
    return _back(topic, period, "#builds")


@router.get("/edition/files/{topic}/{period}/{revision}/{name}")
def download(
    request: Request, user: Viewer, topic: str, period: str, revision: int, name: str
) -> Response:
    with desk_of(request).transaction() as session:
        found = [r for r in revisions.revisions(session, topic, period) if r.revision == revision]
    if not found or name not in found[0].files:
        raise StoreError(f"no file {name!r} in revision {revision} of {topic} {period}")
    path = Path(found[0].directory) / name
    return FileResponse(path, filename=name)
