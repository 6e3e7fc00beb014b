"""Store tests run on SQLite and on the session's PostgreSQL server (``pg_server`` in
tests/conftest.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.pgserver import PgServer

BACKENDS = ["sqlite", "postgresql"]


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty database of each backend: a SQLite file, a new PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.db'}"
    server: PgServer = request.getfixturevalue("pg_server")
    return server.create_database()
