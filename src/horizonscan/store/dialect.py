"""``INSERT … ON CONFLICT`` for the session's database (SQLite and PostgreSQL share it)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session


def insert(session: Session, model: Any) -> Any:
    """An insert of ``model`` offering ``on_conflict_do_nothing``/``on_conflict_do_update``
    and ``excluded`` on either backend."""
    if session.get_bind().dialect.name == "postgresql":
        return postgresql.insert(model)
    return sqlite.insert(model)
