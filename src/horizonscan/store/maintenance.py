"""Keeping the query planner informed: statistics after bulk writes and on serving start."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.orm import Session, sessionmaker

from horizonscan.store.models import Base


def optimize(sessions: sessionmaker[Session]) -> None:
    """Give SQLite's planner table statistics (a bounded ``ANALYZE`` when there are none,
    else ``PRAGMA optimize``), so the review queries read the covering indexes; PostgreSQL's
    autovacuum keeps its own statistics."""
    with sessions() as session:
        if session.get_bind().dialect.name != "sqlite":
            return
        known = session.execute(
            text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_stat1'")
        ).first()
        analysed = (
            known
            and session.execute(text("SELECT 1 FROM sqlite_stat1 WHERE tbl = 'articles'")).first()
        )
        session.execute(text("PRAGMA analysis_limit=2000"))
        session.execute(text("PRAGMA optimize" if analysed else "ANALYZE"))
        session.commit()


def clear(sessions: sessionmaker[Session]) -> None:
    """Delete every row of every table (the schema stays): a demo's fresh start on a server
    database, where there is no file to remove."""
    with sessions.begin() as session:
        for table in reversed(Base.metadata.sorted_tables):
            session.execute(table.delete())
