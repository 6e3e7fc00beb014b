from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text

from horizonscan.store.engine import make_engine, migrate
from horizonscan.store.models import Base


def test_fresh_database_matches_the_models(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'fresh.db'}")
    migrate(engine)
    with engine.connect() as conn:
        diff = compare_metadata(
            MigrationContext.configure(
                conn,
                opts={
                    "compare_type": True,
                    # the FTS5 index and its shadow tables live beside the models on purpose
                    "include_name": lambda name, kind, _: (
                        not (kind == "table" and str(name).startswith("article_search"))
                    ),
                },
            ),
            Base.metadata,
        )
    assert diff == []
    assert {
        "sources",
        "fetches",
        "documents",
        "articles",
        "resources",
        "attachments",
        "runs",
    } <= set(inspect(engine).get_table_names())


def test_older_database_is_brought_up_to_date(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    migrate(engine, "0001")
    with engine.begin() as conn:
        conn.execute(
            text(
                "insert into sources (id, name, label, region, language, home, cadence_days, "
                "spec, updated_at) values ('s', 'S', 'S', '国際', 'en', 'https://s/', 30, '{}', "
                "'2024-01-01 00:00:00')"
            )
        )
        conn.execute(
            text(
                "insert into articles (url, source_id, status, discovered_at) values "
                "('https://s/a', 's', 'fetched', '2024-01-01 00:00:00')"
            )
        )
    migrate(engine)
    with engine.connect() as conn:
        assert conn.execute(text("select url, story from articles")).one() == ("https://s/a", None)
    with engine.connect() as conn:
        version = conn.execute(text("select version_num from alembic_version")).scalar()
    from alembic.script import ScriptDirectory

    from horizonscan.store.engine import alembic_config

    assert version == ScriptDirectory.from_config(alembic_config()).get_current_head()
    migrate(engine)  # idempotent


def test_sqlite_runs_in_wal_mode(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'wal.db'}")
    with engine.connect() as conn:
        assert conn.execute(text("pragma journal_mode")).scalar() == "wal"
        assert conn.execute(text("pragma foreign_keys")).scalar() == 1
