"""Transactions aborted by PostgreSQL as serialization failures or deadlocks run again; other
errors do not."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from horizonscan.errors import StoreError
from horizonscan.store import open_store
from horizonscan.store.engine import make_engine
from horizonscan.store.retry import transaction
from tests.pgserver import PgServer

SOURCE = (
    "INSERT INTO sources (id, name, label, region, language, home, cadence_days, spec, "
    "updated_at) VALUES ('s', 'S', 'S', '国際', 'en', 'https://s/', 1, '{}', now())"
)


def _counter(pg_server: PgServer) -> tuple[str, sessionmaker[Session]]:
    url = pg_server.create_database()
    open_store(url)
    with make_engine(url).begin() as conn:
        conn.execute(text(SOURCE))
    serializable = make_engine(url).execution_options(isolation_level="SERIALIZABLE")
    return url, sessionmaker(serializable)


def test_serialization_failure_is_retried_without_losing_the_other_update(
    pg_server: PgServer,
) -> None:
    url, sessions = _counter(pg_server)
    attempts = []

    def add_one(session: Session) -> float:
        value = session.execute(text("SELECT cadence_days FROM sources WHERE id = 's'")).scalar()
        attempts.append(value)
        if len(attempts) == 1:  # another writer commits in between, the first time only
            with make_engine(url).begin() as other:
                other.execute(text("UPDATE sources SET cadence_days = cadence_days + 10"))
        session.execute(text("UPDATE sources SET cadence_days = :v"), {"v": value + 1})
        return float(value + 1)

    with sessions() as session:
        assert transaction(session, add_one) == 12.0
    assert attempts == [1.0, 11.0]
    with make_engine(url).connect() as conn:
        assert conn.execute(text("SELECT cadence_days FROM sources")).scalar() == 12.0


def test_deadlocks_are_retried(pg_server: PgServer) -> None:
    url, _ = _counter(pg_server)
    with make_engine(url).begin() as conn:
        conn.execute(text(SOURCE.replace("'s', 'S'", "'t', 'T'")))
    sessions = sessionmaker(make_engine(url))
    both_locked = threading.Barrier(2, timeout=30)
    runs: list[str] = []

    def writer(first: str, second: str) -> None:
        def work(session: Session) -> None:
            runs.append(first)
            session.execute(text("UPDATE sources SET cadence_days = cadence_days + 1 "
                                 "WHERE id = :i"), {"i": first})  # fmt: skip
            if runs.count(first) == 1:
                both_locked.wait()
            session.execute(text("UPDATE sources SET cadence_days = cadence_days + 1 "
                                 "WHERE id = :i"), {"i": second})  # fmt: skip

        with sessions() as session:
            transaction(session, work)

    threads = [threading.Thread(target=writer, args=p) for p in (("s", "t"), ("t", "s"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(runs) == 3  # one of the two was chosen as the deadlock victim and ran again
    with make_engine(url).connect() as conn:
        assert conn.execute(text("SELECT sum(cadence_days) FROM sources")).scalar() == 6


def test_other_errors_are_not_retried_and_attempts_are_bounded(pg_server: PgServer) -> None:
    url, sessions = _counter(pg_server)
    calls = []

    def duplicate(session: Session) -> None:
        calls.append(1)
        session.execute(text(SOURCE))

    with sessions() as session, pytest.raises(IntegrityError):
        transaction(session, duplicate)
    assert calls == [1]

    def always_conflicting(session: Session) -> None:
        session.execute(text("SELECT cadence_days FROM sources")).all()
        with make_engine(url).begin() as other:
            other.execute(text("UPDATE sources SET cadence_days = cadence_days + 1"))
        session.execute(text("UPDATE sources SET cadence_days = 0"))

    with sessions() as session, pytest.raises(StoreError, match="gave up after 3 attempts"):
        transaction(session, always_conflicting, attempts=3)
