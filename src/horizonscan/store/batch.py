"""Writing crawl outcomes in batches with set-based statements (the crawl's hot path).

One batch is one transaction: the fetch log rows, the archived-document rows, the crawl
state of each URL and the article status move together, so a crash loses at most the
batch in flight (its URLs are simply fetched again by the next run).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, bindparam, case, select, update
from sqlalchemy.orm import Session

from horizonscan.records import Page
from horizonscan.store.crawlstate import record_attachment
from horizonscan.store.dialect import insert
from horizonscan.store.models import ArticleRow, DocumentRow, FetchRow, ResourceRow

NextCheck = Callable[[datetime, datetime], datetime]


def _resource_ok(page: Page) -> bool:
    return page.ok or (
        page.kind == "robots" and page.status is not None and 400 <= page.status < 500
    )


def write_pages(
    session: Session, run_id: int | None, pages: Sequence[tuple[Page, int]], next_check: NextCheck
) -> None:
    """Persist ``(page, stored_bytes)`` outcomes; blobs are already in the archive."""
    if not pages:
        return
    documents = {
        p.sha256: {
            "sha256": p.sha256,
            "media": p.media,
            "content_type": p.content_type,
            "bytes": len(p.body),
            "stored_bytes": stored,
            "first_url": p.final_url or p.url,
            "first_fetched_at": p.fetched_at,
        }
        for p, stored in pages
        if p.outcome == "fetched" and p.sha256
    }
    if documents:  # rows in key order: concurrent writers lock them in the same order
        session.execute(
            insert(session, DocumentRow).on_conflict_do_nothing(index_elements=["sha256"]),
            [documents[k] for k in sorted(documents)],
        )
    session.execute(insert(session, FetchRow), [_fetch_row(run_id, p) for p, _ in pages])
    _resources(
        session, [p for p, _ in pages if p.outcome != "skipped" or p.status is not None], next_check
    )
    _articles(session, [p for p, _ in pages if p.kind == "article"])
    for page, _ in pages:
        if page.kind == "attachment":
            record_attachment(session, page)


def _fetch_row(run_id: int | None, p: Page) -> dict[str, Any]:
    return {
        "run_id": run_id,
        "source_id": p.source_id,
        "url": p.url,
        "final_url": p.final_url,
        "kind": p.kind,
        "outcome": p.outcome,
        "status": p.status,
        "error": p.reason,
        "etag": p.etag,
        "last_modified": p.last_modified,
        "content_sha256": p.sha256,
        "content_type": p.content_type,
        "bytes": len(p.body),
        "elapsed_ms": p.elapsed_ms,
        "attempts": p.attempts,
        "headers": dict(p.headers) if p.headers else None,
        "fetched_at": p.fetched_at,
    }


def _resources(session: Session, pages: list[Page], next_check: NextCheck) -> None:
    if not pages:
        return
    # one row per URL in a batch (the last outcome wins), in key order
    latest = {p.url: p for p in sorted(pages, key=lambda p: p.url)}
    seen = dict(
        session.execute(
            select(ResourceRow.url, ResourceRow.first_seen_at).where(
                ResourceRow.url.in_(list(latest))
            )
        ).all()
    )
    ok_rows, failed_rows = [], []
    for page in latest.values():
        first = seen.get(page.url) or page.fetched_at
        base = {
            "url": page.url,
            "source_id": page.source_id,
            "kind": page.kind,
            "first_seen_at": first,
            "last_fetched_at": page.fetched_at,
            "last_status": page.status,
            "last_outcome": page.outcome,
            "last_error": page.reason,
        }
        if _resource_ok(page):
            ok_rows.append(
                {
                    **base,
                    "etag": page.etag,
                    "last_modified": page.last_modified,
                    "content_sha256": page.sha256,
                    "last_ok_at": page.fetched_at,
                    "failures": 0,
                    "last_changed_at": page.fetched_at if page.outcome == "fetched" else None,
                    "next_check_at": next_check(page.fetched_at, first)
                    if page.kind == "article"
                    else None,
                }
            )
        else:
            failed_rows.append({**base, "failures": 1})
    table = cast(Table, ResourceRow.__table__)
    if ok_rows:
        stmt = insert(session, table)
        ex = stmt.excluded
        changed = case(
            (table.c.content_sha256 == ex.content_sha256, table.c.last_changed_at),
            else_=ex.last_fetched_at,
        )
        session.execute(
            stmt.on_conflict_do_update(
                index_elements=["url"],
                set_={
                    "last_fetched_at": ex.last_fetched_at,
                    "last_status": ex.last_status,
                    "last_outcome": ex.last_outcome,
                    "last_error": ex.last_error,
                    "etag": ex.etag,
                    "last_modified": ex.last_modified,
                    "content_sha256": ex.content_sha256,
                    "last_ok_at": ex.last_ok_at,
                    "failures": 0,
                    "next_check_at": ex.next_check_at,
                    "last_changed_at": changed,
                },
            ),
            ok_rows,
        )
    if failed_rows:
        stmt = insert(session, table)
        ex = stmt.excluded
        session.execute(
            stmt.on_conflict_do_update(
                index_elements=["url"],
                set_={
                    "last_fetched_at": ex.last_fetched_at,
                    "last_status": ex.last_status,
                    "last_outcome": ex.last_outcome,
                    "last_error": ex.last_error,
                    "failures": table.c.failures + 1,
                },
            ),
            failed_rows,
        )


def _articles(session: Session, pages: list[Page]) -> None:
    if not pages:
        return
    pages = sorted(pages, key=lambda p: p.url)  # stable: a URL's outcomes keep their order
    session.execute(
        insert(session, ArticleRow).on_conflict_do_nothing(index_elements=["url"]),
        [
            {
                "url": p.url,
                "source_id": p.source_id,
                "status": "pending",
                "discovered_at": p.fetched_at,
            }
            for p in {p.url: p for p in pages}.values()
        ],
    )
    table = cast(Table, ArticleRow.__table__)
    fetched = [p for p in pages if p.outcome == "fetched"]
    if fetched:
        session.execute(
            update(table)
            .where(table.c.url == bindparam("u"))
            .values(
                status="fetched",
                error=None,
                fetched_at=bindparam("at"),
                content_sha256=bindparam("sha"),
                media=bindparam("media"),
            ),
            [{"u": p.url, "at": p.fetched_at, "sha": p.sha256, "media": p.media} for p in fetched],
        )
    unchanged = [p for p in pages if p.outcome == "not_modified"]
    if unchanged:
        session.execute(
            update(table)
            .where(table.c.url == bindparam("u"))
            .values(status="fetched", error=None, fetched_at=bindparam("at")),
            [{"u": p.url, "at": p.fetched_at} for p in unchanged],
        )
    bad = [p for p in pages if p.outcome in ("failed", "skipped")]
    if bad:  # a failed re-check keeps the good copy
        session.execute(
            update(table)
            .where(table.c.url == bindparam("u"))
            .values(
                status=case((table.c.status == "fetched", table.c.status), else_=bindparam("st")),
                error=case((table.c.status == "fetched", table.c.error), else_=bindparam("why")),
            ),
            [
                {
                    "u": p.url,
                    "st": "skipped" if p.outcome == "skipped" else "failed",
                    "why": p.reason,
                }
                for p in bad
            ],
        )
