"""Reading and writing the crawl's state: sources, runs, fetch log, resources, articles."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Executable, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from horizonscan.errors import StoreError
from horizonscan.records import KnownResource, Link, Page, Validators
from horizonscan.sources.schema import SourceSpec
from horizonscan.store.models import (
    ArticleRow,
    AttachmentRow,
    DocumentRow,
    FetchRow,
    ResourceRow,
    RunRow,
    SourceRow,
)


def insert_ignoring(
    session: Session, model: Any, rows: list[dict[str, Any]], keys: list[str]
) -> Executable:
    """INSERT … ON CONFLICT DO NOTHING for the session's dialect."""
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    stmt: Executable = (
        dialect.insert(model).values(rows).on_conflict_do_nothing(index_elements=keys)
    )
    return stmt


def upsert_sources(session: Session, specs: Iterable[SourceSpec]) -> None:
    now = datetime.now(UTC)
    for spec in specs:
        row = session.get(SourceRow, spec.id)
        data = json.loads(spec.model_dump_json())
        if row is None:
            row = SourceRow(id=spec.id)
            session.add(row)
        row.name, row.label, row.region = spec.name, spec.label, spec.region
        row.language, row.home, row.cadence_days = spec.language, spec.home, spec.cadence_days
        row.spec, row.updated_at = data, now


def paused_sources(session: Session) -> dict[str, str]:
    """Sources an admin paused, with the reason given."""
    rows = session.execute(
        select(SourceRow.id, SourceRow.paused_reason).where(SourceRow.paused_reason.is_not(None))
    )
    return {source: reason or "" for source, reason in rows}


def set_paused(session: Session, source_id: str, reason: str | None, by: str) -> None:
    """Pause a source (``reason`` given) or resume it (``None``)."""
    row = session.get(SourceRow, source_id)
    if row is None:
        raise StoreError(f"no source {source_id!r} in the store (crawl it once first)")
    row.paused_reason = reason
    row.paused_by, row.paused_at = (by, datetime.now(UTC)) if reason is not None else (None, None)


def start_run(session: Session, kind: str) -> int:
    run = RunRow(kind=kind, started_at=datetime.now(UTC), status="running")
    session.add(run)
    session.flush()
    return run.id


def finish_run(session: Session, run_id: int, status: str, summary: dict[str, object]) -> None:
    session.execute(
        update(RunRow)
        .where(RunRow.id == run_id)
        .values(finished_at=datetime.now(UTC), status=status, summary=summary)
    )


def _known(row: ResourceRow) -> KnownResource:
    return KnownResource(
        url=row.url,
        source_id=row.source_id,
        kind=row.kind,  # type: ignore[arg-type]
        validators=Validators(row.etag, row.last_modified, row.content_sha256),
        last_fetched_at=row.last_fetched_at,
        last_ok_at=row.last_ok_at,
        next_check_at=row.next_check_at,
        failures=row.failures,
    )


def known_resources(session: Session, source_ids: Sequence[str]) -> dict[str, KnownResource]:
    rows = session.scalars(select(ResourceRow).where(ResourceRow.source_id.in_(source_ids)))
    return {row.url: _known(row) for row in rows}


def known_articles(session: Session, source_ids: Sequence[str]) -> dict[str, KnownResource]:
    """Articles with their crawl status; validators come from the resource row if any."""
    query = (
        select(ArticleRow, ResourceRow)
        .join(ResourceRow, ResourceRow.url == ArticleRow.url, isouter=True)
        .where(ArticleRow.source_id.in_(source_ids))
    )
    found: dict[str, KnownResource] = {}
    for article, resource in session.execute(query):
        validators = (
            Validators(resource.etag, resource.last_modified, resource.content_sha256)
            if resource is not None
            else Validators()
        )
        found[article.url] = KnownResource(
            url=article.url,
            source_id=article.source_id,
            kind="article",
            validators=validators,
            last_fetched_at=article.fetched_at or article.discovered_at,
            last_ok_at=resource.last_ok_at if resource else None,
            next_check_at=resource.next_check_at if resource else None,
            failures=resource.failures if resource else 0,
            status=article.status,
        )
    return found


def add_links(session: Session, links: Sequence[Link]) -> int:
    """Insert discovered articles as pending; known URLs are left alone. Returns new count."""
    if not links:
        return 0
    now = datetime.now(UTC)
    rows = [
        {
            "url": link.url,
            "source_id": link.source_id,
            "status": "pending",
            "discovered_at": now,
            "discovered_via": link.evidence,
            "hint_title": link.title,
            "hint_published": link.published,
        }
        for link in links
    ]
    new = 0
    for start in range(0, len(rows), 500):
        stmt = insert_ignoring(session, ArticleRow, rows[start : start + 500], ["url"])
        new += getattr(session.execute(stmt), "rowcount", 0) or 0
    # A dated hint (a feed entry) fills in what an undated one (a listing link) left empty.
    for link in links:
        if link.published is not None:
            session.execute(
                update(ArticleRow)
                .where(ArticleRow.url == link.url, ArticleRow.hint_published.is_(None))
                .values(hint_published=link.published, discovered_via=link.evidence)
            )
    return new


def record_document(session: Session, page: Page, stored_bytes: int) -> None:
    if page.sha256 is None or session.get(DocumentRow, page.sha256) is not None:
        return
    session.add(
        DocumentRow(
            sha256=page.sha256,
            media=page.media,
            content_type=page.content_type,
            bytes=len(page.body),
            stored_bytes=stored_bytes,
            first_url=page.final_url or page.url,
            first_fetched_at=page.fetched_at,
        )
    )


def record_fetch(session: Session, run_id: int | None, page: Page) -> None:
    session.add(
        FetchRow(
            run_id=run_id,
            source_id=page.source_id,
            url=page.url,
            final_url=page.final_url,
            kind=page.kind,
            outcome=page.outcome,
            status=page.status,
            error=page.reason,
            etag=page.etag,
            last_modified=page.last_modified,
            content_sha256=page.sha256,
            content_type=page.content_type,
            bytes=len(page.body),
            elapsed_ms=page.elapsed_ms,
            attempts=page.attempts,
            headers=dict(page.headers) if page.headers else None,
            fetched_at=page.fetched_at,
        )
    )


def record_resource(session: Session, page: Page, next_check_at: datetime | None) -> None:
    row = session.get(ResourceRow, page.url)
    ok = page.ok or (page.kind == "robots" and page.status is not None and 400 <= page.status < 500)
    if row is None:
        row = ResourceRow(
            url=page.url,
            source_id=page.source_id,
            kind=page.kind,
            first_seen_at=page.fetched_at,
            failures=0,
        )
        session.add(row)
    row.last_fetched_at = page.fetched_at
    row.last_status, row.last_outcome, row.last_error = page.status, page.outcome, page.reason
    if ok:
        if page.outcome == "fetched" and page.sha256 != row.content_sha256:
            row.last_changed_at = page.fetched_at
        row.etag, row.last_modified = page.etag, page.last_modified
        row.content_sha256 = page.sha256
        row.last_ok_at, row.failures = page.fetched_at, 0
        row.next_check_at = next_check_at
    else:
        row.failures = (row.failures or 0) + 1


def first_seen(session: Session, url: str) -> datetime | None:
    row = session.get(ResourceRow, url)
    return row.first_seen_at if row is not None else None


def record_article_fetch(session: Session, page: Page) -> None:
    row = session.scalar(select(ArticleRow).where(ArticleRow.url == page.url))
    if row is None:
        row = ArticleRow(url=page.url, source_id=page.source_id, discovered_at=page.fetched_at)
        session.add(row)
    if page.outcome == "fetched":
        row.status, row.error = "fetched", None
        row.fetched_at, row.content_sha256, row.media = page.fetched_at, page.sha256, page.media
    elif page.outcome == "not_modified":
        row.status, row.error, row.fetched_at = "fetched", None, page.fetched_at
    elif row.status != "fetched":  # a failed re-check keeps the good copy
        row.status = "skipped" if page.outcome == "skipped" else "failed"
        row.error = page.reason


def link_attachment(session: Session, article_url: str, attachment_url: str) -> None:
    """Link an attachment fetched earlier (for another article) to this article too."""
    article = session.scalar(select(ArticleRow).where(ArticleRow.url == article_url))
    if article is None:
        return
    exists = session.scalar(
        select(AttachmentRow).where(
            AttachmentRow.article_id == article.id, AttachmentRow.url == attachment_url
        )
    )
    if exists is not None:
        return
    known = session.scalar(
        select(AttachmentRow)
        .where(AttachmentRow.url == attachment_url, AttachmentRow.content_sha256.is_not(None))
        .limit(1)
    )
    session.add(
        AttachmentRow(
            article_id=article.id,
            url=attachment_url,
            status="fetched" if known else "pending",
            media=known.media if known else None,
            content_sha256=known.content_sha256 if known else None,
            fetched_at=known.fetched_at if known else None,
        )
    )


def record_attachment(session: Session, page: Page) -> None:
    article = session.scalar(select(ArticleRow).where(ArticleRow.url == page.referrer))
    if article is None:
        return
    row = session.scalar(
        select(AttachmentRow).where(
            AttachmentRow.article_id == article.id, AttachmentRow.url == page.url
        )
    )
    if row is None:
        row = AttachmentRow(article_id=article.id, url=page.url)
        session.add(row)
    row.status = "fetched" if page.ok else page.outcome
    row.error = page.reason
    if page.outcome == "fetched":
        row.media, row.content_sha256, row.fetched_at = page.media, page.sha256, page.fetched_at
