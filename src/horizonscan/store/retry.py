"""Transactions that are tried again when the database asks for it.

PostgreSQL aborts a transaction with SQLSTATE 40001 (serialization failure) or 40P01
(deadlock detected) when concurrent writers collide; SQLite answers "database is locked"
when its busy timeout runs out. Those transactions did nothing and can simply be run again,
so every write path goes through ``transaction`` with a unit of work that can be repeated.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from horizonscan.errors import StoreError

log = logging.getLogger(__name__)
T = TypeVar("T")

RETRY_SQLSTATES = frozenset({"40001", "40P01"})
ATTEMPTS = 8


def retryable(exc: BaseException) -> bool:
    """Is this a collision of concurrent writers (worth running the transaction again)?"""
    if not isinstance(exc, DBAPIError):
        return False
    state = getattr(exc.orig, "sqlstate", None)
    if state in RETRY_SQLSTATES:
        return True
    message = str(exc.orig).lower()
    return "database is locked" in message or "database table is locked" in message


def transaction(
    session: Session,
    work: Callable[[Session], T],
    *,
    attempts: int = ATTEMPTS,
    what: str = "write",
) -> T:
    """Run ``work(session)`` and commit; on a serialization failure, deadlock or lock timeout
    roll back and run it again (up to ``attempts`` times, with a growing random pause).

    ``work`` must not keep state between attempts: everything it did is rolled back."""
    for attempt in range(1, attempts + 1):
        try:
            result = work(session)
            session.commit()
        except DBAPIError as exc:
            session.rollback()
            if not retryable(exc):
                raise
            if attempt == attempts:
                raise StoreError(
                    f"{what}: gave up after {attempts} attempts on concurrent writers: {exc.orig}"
                ) from exc
            pause = min(0.02 * 2**attempt, 2.0) * random.uniform(0.5, 1.5)
            log.info("%s: %s, again in %.2f s (attempt %d)", what, exc.orig, pause, attempt)
            time.sleep(pause)
        else:
            return result
    raise AssertionError("unreachable")  # pragma: no cover
