"""``horizonscan db migrate`` and ``db copy``: an archive moves between SQLite and PostgreSQL
without loss, verified by row counts and content hashes; what is refused, and why."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from horizonscan.store import open_store
from horizonscan.store.copy import copy_store, tables
from horizonscan.store.engine import head_revision, make_engine, migrate
from horizonscan.store.models import ArticleRow
from horizonscan.store.search import search
from tests.pgserver import PgServer
from tests.store.sample import fill_store

ROOT = Path(__file__).resolve().parents[2]


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "horizonscan", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "200"},
        timeout=300,
    )


@pytest.fixture
def archive(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'archive.db'}"
    with open_store(url)() as session:
        fill_store(session)
    return url


@pytest.mark.slow
def test_sqlite_to_postgresql_and_back_is_lossless(
    archive: str, pg_server: PgServer, tmp_path: Path
) -> None:
    pg = pg_server.create_database()
    checks = copy_store(archive, pg, batch=7)  # small batches: many partitions per table
    assert {c.table for c in checks} == {t.name for t in tables()}
    assert all(c.ok for c in checks), [c for c in checks if not c.ok]
    assert all(c.source_rows > 0 for c in checks), "every table holds rows to copy"
    back = f"sqlite:///{tmp_path / 'back.db'}"
    again = copy_store(pg, back)
    assert [(c.table, c.source_rows, c.source_hash) for c in again] == [
        (c.table, c.target_rows, c.target_hash) for c in checks
    ]
    for url in (pg, back):
        with open_store(url)() as session:
            assert (
                session.execute(text("SELECT count(*) FROM fetches WHERE headers IS NULL")).scalar()
                == 1
            )
            # search works on the copies (FTS5 rebuilt on SQLite, trigram indexes on PG)
            assert len(search(session, "稀土管理", limit=100)) == 24
            # sequences continue after the copied ids
            session.add(
                ArticleRow(
                    url="https://mof.example/new", source_id="mof", discovered_at=datetime.now(UTC)
                )
            )
            session.commit()
            assert session.scalar(select(func.max(ArticleRow.id))) == 31


@pytest.mark.slow
def test_copy_command_refuses_a_filled_target_and_names_a_table_that_differs(
    archive: str, pg_server: PgServer
) -> None:
    pg = pg_server.create_database()
    done = cli("db", "copy", "--from", archive, "--to", pg)
    assert done.returncode == 0, done.stderr
    assert "counts and hashes match" in done.stdout
    assert "articles" in done.stdout
    refused = cli("db", "copy", "--from", archive, "--to", pg)
    assert refused.returncode == 2
    assert "not empty" in refused.stderr and "--force" in refused.stderr
    # a target that changes what it is given: the copy is reported as different
    with make_engine(pg).begin() as conn:
        conn.execute(
            text(
                "CREATE FUNCTION shout() RETURNS trigger AS $$ BEGIN "
                "NEW.title := NEW.title || '!'; RETURN NEW; END $$ LANGUAGE plpgsql"
            )
        )
        conn.execute(
            text(
                "CREATE TRIGGER shout BEFORE INSERT ON articles FOR EACH ROW EXECUTE FUNCTION "
                "shout()"
            )
        )
    forced = cli("db", "copy", "--from", archive, "--to", pg, "--force")
    assert forced.returncode == 1, forced.stdout + forced.stderr
    assert "differs from its source in: articles" in forced.stderr.replace("\n", " ")


def test_copy_refuses_a_source_behind_the_schema_and_the_same_database(
    pg_server: PgServer, tmp_path: Path
) -> None:
    old = f"sqlite:///{tmp_path / 'old.db'}"
    migrate(make_engine(old), "0003")
    refused = cli("db", "copy", "--from", old, "--to", pg_server.create_database())
    assert refused.returncode == 2
    assert "at schema 0003" in refused.stderr and "db migrate" in refused.stderr
    same = cli("db", "copy", "--from", old, "--to", old)
    assert same.returncode == 2 and "same database" in same.stderr
    missing = cli("db", "copy", "--from", f"sqlite:///{tmp_path / 'none.db'}", "--to", old)
    assert missing.returncode == 2 and "does not exist" in missing.stderr


def test_migrate_command_reports_from_and_to(db_url: str, tmp_path: Path) -> None:
    migrate(make_engine(db_url), "0002")
    first = cli("db", "migrate", "--db", db_url)
    assert first.returncode == 0, first.stderr
    assert f"from 0002 to {head_revision()}" in first.stdout
    second = cli("db", "migrate", "--db", db_url)
    assert second.returncode == 0 and f"already at {head_revision()}" in second.stdout
