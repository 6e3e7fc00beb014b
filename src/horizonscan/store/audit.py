"""The desk's audit log: every decision, edit, build and account change, with user and time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from horizonscan.store.models import AuditRow


@dataclass(frozen=True)
class AuditEntry:
    at: datetime
    user: str
    action: str
    target: str
    detail: dict[str, object]


def record(
    session: Session, user: str, action: str, target: str, detail: dict[str, object] | None = None
) -> None:
    session.add(
        AuditRow(at=datetime.now(UTC), user=user, action=action, target=target, detail=detail)
    )


def entries(session: Session, *, target: str | None = None, limit: int = 200) -> list[AuditEntry]:
    query = select(AuditRow).order_by(AuditRow.id.desc()).limit(limit)
    if target is not None:
        query = query.where(AuditRow.target == target)
    return [
        AuditEntry(r.at, r.user, r.action, r.target, r.detail or {}) for r in session.scalars(query)
    ]
