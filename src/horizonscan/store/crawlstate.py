"""Reading and writing the crawl's state: sources, runs, resources, articles, attachments.

Writes are single ``INSERT … ON CONFLICT`` statements on unique keys, never a read followed
by an insert, so several crawling processes never duplicate a row or lose an update."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from horizonscan.errors import StoreError
from horizonscan.records import KnownResource, Link, Page, Validators
from horizonscan.sources.schema import SourceSpec
from horizonscan.store.dialect import insert
from horizonscan.store.models import ArticleRow, AttachmentRow, ResourceRow, RunRow, SourceRow


def upsert_sources(session: Session, specs: Iterable[SourceSpec]) -> None:
    """Insert or refresh the registry's sources (one statement; safe beside other writers)."""
    now = datetime.now(UTC)
    rows = {
        spec.id: {
            "id": spec.id,
            "name": spec.name,
            "label": spec.label,
            "region": spec.region,
            "language": spec.language,
            "home": spec.home,
            "cadence_days": spec.cadence_days,
            "spec": json.loads(spec.model_dump_json()),
            "updated_at": now,
        }
        for spec in specs
    }
    if not rows:
        return
    stmt = insert(session, SourceRow)
    ex = stmt.excluded
    session.execute(
        stmt.on_conflict_do_update(
            index_elements=["id"],
            set_={
                name: getattr(ex, name)
                for name in (
                    "name",
                    "label",
                    "region",
                    "language",
                    "home",
                    "cadence_days",
                    "spec",
                    "updated_at",
                )
            },
        ),
        [rows[k] for k in sorted(rows)],
    )


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
    unique = {link.url: link for link in reversed(links)}  # the first mention of a URL counts
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
        for link in (unique[url] for url in sorted(unique))
    ]
    new = 0
    for start in range(0, len(rows), 500):
        stmt = (
            insert(session, ArticleRow)
            .values(rows[start : start + 500])
            .on_conflict_do_nothing(index_elements=["url"])
            .returning(ArticleRow.id)  # only the rows inserted (rowcount is not portable)
        )
        new += len(session.execute(stmt).all())
    # A dated hint (a feed entry) fills in what an undated one (a listing link) left empty.
    for link in links:
        if link.published is not None:
            session.execute(
                update(ArticleRow)
                .where(ArticleRow.url == link.url, ArticleRow.hint_published.is_(None))
                .values(hint_published=link.published, discovered_via=link.evidence)
            )
    return new


def link_attachment(session: Session, article_url: str, attachment_url: str) -> None:
    """Link an attachment fetched earlier (for another article) to this article too."""
    article_id = session.scalar(select(ArticleRow.id).where(ArticleRow.url == article_url))
    if article_id is None:
        return
    known = session.execute(
        select(AttachmentRow.media, AttachmentRow.content_sha256, AttachmentRow.fetched_at)
        .where(AttachmentRow.url == attachment_url, AttachmentRow.content_sha256.is_not(None))
        .order_by(AttachmentRow.id)
        .limit(1)
    ).first()
    session.execute(
        insert(session, AttachmentRow)
        .values(
            article_id=article_id,
            url=attachment_url,
            status="fetched" if known else "pending",
            media=known.media if known else None,
            content_sha256=known.content_sha256 if known else None,
            fetched_at=known.fetched_at if known else None,
        )
        .on_conflict_do_nothing(index_elements=["article_id", "url"])
    )


def record_attachment(session: Session, page: Page) -> None:
    article_id = session.scalar(select(ArticleRow.id).where(ArticleRow.url == page.referrer))
    if article_id is None:
        return
    values: dict[str, Any] = {
        "article_id": article_id,
        "url": page.url,
        "status": "fetched" if page.ok else page.outcome,
        "error": page.reason,
    }
    if page.outcome == "fetched":
        values |= {
            "media": page.media,
            "content_sha256": page.sha256,
            "fetched_at": page.fetched_at,
        }
    stmt = insert(session, AttachmentRow).values(**values)
    session.execute(
        stmt.on_conflict_do_update(
            index_elements=["article_id", "url"],
            set_={k: getattr(stmt.excluded, k) for k in values if k not in ("article_id", "url")},
        )
    )
