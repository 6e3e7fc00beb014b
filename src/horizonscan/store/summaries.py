"""The summary cache."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.orm import Session

from horizonscan.store.dialect import insert
from horizonscan.store.models import SummaryRow


def cached(session: Session, key: str) -> dict[str, object] | None:
    row = session.get(SummaryRow, key)
    return dict(row.payload) if row is not None else None


def remember(session: Session, key: str, *, article_id: int | None, doc_sha256: str, task: str,
             prompt_version: str, model: str | None, backend: str, translated: bool,
             payload: dict[str, object]) -> None:  # fmt: skip
    values = {
        "key": key,
        "article_id": article_id,
        "doc_sha256": doc_sha256,
        "task": task,
        "prompt_version": prompt_version,
        "model": model,
        "backend": backend,
        "translated": translated,
        "payload": payload,
        "created_at": datetime.now(UTC),
    }
    stmt = insert(session, SummaryRow).values(**values)
    session.execute(
        stmt.on_conflict_do_update(
            index_elements=["key"],
            set_={k: getattr(stmt.excluded, k) for k in values if k != "key"},
        )
    )


def forget(session: Session, key: str) -> bool:
    """Drop one cached answer (before asking again); True when there was one."""
    row = session.get(SummaryRow, key)
    if row is None:
        return False
    session.delete(row)
    return True
