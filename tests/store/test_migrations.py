from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text

from horizonscan.store.engine import make_engine, migrate
from horizonscan.store.models import Base
from tests.pgserver import PgServer


def _not_search_index(name: object, kind: str, _: object) -> bool:
    """The FTS5 table (SQLite) and trigram indexes (PostgreSQL) live beside the models."""
    if kind == "table":
        return not str(name).startswith("article_search")
    return not (kind == "index" and str(name).endswith("_trgm"))


def test_fresh_database_matches_the_models(db_url: str) -> None:
    engine = make_engine(db_url)
    migrate(engine)
    with engine.connect() as conn:
        diff = compare_metadata(
            MigrationContext.configure(
                conn,
                opts={
                    "compare_type": True,
                    "include_name": _not_search_index,
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


def test_older_database_is_brought_up_to_date(db_url: str) -> None:
    engine = make_engine(db_url)
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


def test_search_index_goes_down_and_up_again(db_url: str) -> None:
    engine = make_engine(db_url)
    migrate(engine)
    from alembic import command

    from horizonscan.store.engine import alembic_config

    def search_objects() -> set[str]:
        names = set(inspect(engine).get_table_names())
        names |= {i["name"] or "" for i in inspect(engine).get_indexes("articles")}
        return {n for n in names if n.startswith("article_search") or n.endswith("_trgm")}

    assert search_objects()
    config = alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "0005")
    assert search_objects() == set()
    migrate(engine)
    assert search_objects()


def test_trigram_indexes_answer_substring_queries_on_postgresql(pg_server: PgServer) -> None:
    engine = make_engine(pg_server.create_database())
    migrate(engine)
    with engine.begin() as conn:
        conn.execute(text("SET LOCAL enable_seqscan = off"))
        plan = "\n".join(
            r[0]
            for r in conn.execute(
                text("EXPLAIN SELECT id FROM articles WHERE text ILIKE '%稀土管理%'")
            )
        )
    assert "ix_articles_text_trgm" in plan
