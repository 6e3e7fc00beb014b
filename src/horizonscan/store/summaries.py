"""The summary cache."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.orm import Session

from horizonscan.store.models import SummaryRow


def cached(session: Session, key: str) -> dict[str, object] | None:
    row = session.get(SummaryRow, key)
    return dict(row.payload) if row is not None else None


def remember(session: Session, key: str, *, article_id: int | None, doc_sha256: str, task: str,
             prompt_version: str, model: str | None, backend: str, translated: bool,
             payload: dict[str, object]) -> None:  # fmt: skip
    row = session.get(SummaryRow, key) or SummaryRow(key=key)
    row.article_id, row.doc_sha256, row.task, row.prompt_version = (
        article_id,
        doc_sha256,
        task,
        prompt_version,
    )
    row.model, row.backend, row.translated, row.payload = model, backend, translated, payload
    row.created_at = datetime.now(UTC)
    session.merge(row)


def forget(session: Session, key: str) -> bool:
    """Drop one cached answer (before asking again); True when there was one."""
    row = session.get(SummaryRow, key)
    if row is None:
        return False
    session.delete(row)
    return True
