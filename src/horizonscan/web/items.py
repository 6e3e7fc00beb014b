"""The item editor: the source text beside the editable fields; every save is a version."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from horizonscan.store import audit, editions, review
from horizonscan.summarize.base import Usage
from horizonscan.summarizing import make_summarizer, regenerate, summary_for_view
from horizonscan.web.auth import Editor, Viewer
from horizonscan.web.context import desk_of, render

router = APIRouter()
MAX_FIELD = 5000


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.split("\n") if p.strip()]


@router.get("/items/{story}")
def item_page(
    request: Request, story: str, user: Viewer, topic: str, period: str = "", saved: int = 0
) -> Response:
    desk = desk_of(request)
    profile = desk.profile(topic)
    with desk.transaction() as session:
        rows = editions.story_rows(session, profile.id, story)
        generated = summary_for_view(
            session, rows, *desk.view_summarizers(topic), profile.topic.name
        )
        edit = review.item_edit(session, profile.id, story)
        history = review.item_history(session, profile.id, story)
        trail = audit.entries(session, target=f"story:{profile.id}:{story}", limit=20)
    lead = rows.members[0]
    generated_title = generated.title if generated.translated else lead.title
    bullets = (
        list(edit.summary) if edit.summary is not None else [b.text for b in generated.bullets]
    )
    auto_notes = [p.text for p in desk.glossary.notes([edit.title or generated_title, *bullets])]
    return render(
        request,
        "item.html",
        {
            "story": rows,
            "lead": lead,
            "topic": profile.id,
            "period": period,
            "edit": edit,
            "generated": generated,
            "generated_title": generated_title,
            "title": edit.title or generated_title,
            "bullets": bullets,
            "region": edit.region or lead.region,
            "organisation": edit.organisation or lead.organisation,
            "footnotes": "\n".join(edit.footnotes) if edit.footnotes is not None else "",
            "auto_notes": auto_notes,
            "history": history,
            "trail": trail,
            "saved": saved,
            "paragraphs": {m.article_id: _paragraphs(m.text) for m in rows.members},
        },
    )


def _clean(value: str) -> str:
    return value.replace("\r\n", "\n").strip()[:MAX_FIELD]


@router.post("/items/{story}")
async def save_item(request: Request, story: str, user: Editor) -> Response:
    form = await request.form()
    text = {k: v for k, v in form.multi_items() if isinstance(v, str)}
    topic, period = text.get("topic", ""), text.get("period", "")
    try:
        version = int(text.get("version", "0"))
    except ValueError:
        version = -1
    bullets = [_clean(v) for k, v in form.multi_items() if k == "bullet" and isinstance(v, str)]
    notes = _clean(text.get("footnotes", ""))
    values: dict[str, Any] = {
        "title": _clean(text.get("title", "")) or None,
        "summary": [b for b in bullets if b] or None,
        "region": _clean(text.get("region", "")) or None,
        "organisation": _clean(text.get("organisation", "")) or None,
        "footnotes": [n for n in notes.split("\n") if n.strip()] if notes else None,
    }
    desk = desk_of(request)

    def store() -> int:
        profile = desk.profile(topic)
        with desk.transaction() as session:
            rows = editions.story_rows(session, profile.id, story)
            generated = summary_for_view(
                session, rows, *desk.view_summarizers(topic), profile.topic.name
            )
            lead = rows.members[0]
            # what equals the generated value stays generated (and keeps its 未翻訳 mark)
            if values["title"] == (generated.title if generated.translated else lead.title):
                values["title"] = None
            if values["summary"] == [b.text for b in generated.bullets]:
                values["summary"] = None
            if values["region"] == lead.region:
                values["region"] = None
            if values["organisation"] == lead.organisation:
                values["organisation"] = None
            saved = review.save_item(session, topic, story, values, version, user.name)
            audit.record(session, user.name, "edit", f"story:{topic}:{story}", {"version": saved})
            return saved

    saved = await run_in_threadpool(store)
    return RedirectResponse(
        f"/items/{story}?topic={topic}&period={period}&saved={saved}", status_code=303
    )


@router.post("/items/{story}/regenerate")
def regenerate_item(
    request: Request,
    story: str,
    user: Editor,
    topic: Annotated[str, Form()],
    period: Annotated[str, Form()] = "",
) -> Response:
    desk = desk_of(request)
    profile = desk.profile(topic)
    usage = Usage()
    backend = make_summarizer(desk.settings, desk.settings.summarizer, usage, profile)
    with desk.transaction() as session:
        rows = editions.story_rows(session, profile.id, story)
        summary = regenerate(session, rows, backend, profile.topic.name)
        audit.record(
            session,
            user.name,
            "regenerate",
            f"story:{profile.id}:{story}",
            {"backend": summary.backend, "model": summary.model, "requests": usage.requests},
        )
    return RedirectResponse(f"/items/{story}?topic={topic}&period={period}", status_code=303)
