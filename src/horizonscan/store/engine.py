"""Engine factory and schema migration (Alembic, on every start).

SQLite files run in WAL mode with a busy timeout; PostgreSQL (``postgresql+psycopg://…``)
gets a small connection pool that checks connections before use. Both run at their default
isolation (SQLite serialises writers; PostgreSQL reads committed), and every write path
uses unique constraints with ``INSERT … ON CONFLICT`` rather than check-then-insert.
"""

from __future__ import annotations

import atexit
import os
import threading
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from horizonscan.errors import StoreError

MIGRATIONS = Path(__file__).with_name("migrations")


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA cache_size=-65536")  # 64 MiB: the review indexes stay in memory
    cursor.execute("PRAGMA mmap_size=268435456")
    cursor.close()


def normal_url(url: str) -> str:
    """``postgresql://`` and ``postgres://`` mean psycopg 3 (SQLAlchemy would pick psycopg2)."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url.removeprefix(prefix)
    return url


def safe_url(url: str) -> str:
    """The URL with its password hidden, for messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


_SERVERS: dict[str, Engine] = {}  # one pooled engine per server URL and process
_LOCK = threading.Lock()


def _forget_servers_in_child() -> None:
    """A forked process must not use its parent's pooled connections."""
    for engine in _SERVERS.values():
        engine.dispose(close=False)
    _SERVERS.clear()


def dispose_all() -> None:
    with _LOCK:
        for engine in _SERVERS.values():
            engine.dispose()
        _SERVERS.clear()


os.register_at_fork(after_in_child=_forget_servers_in_child)
atexit.register(dispose_all)


def make_engine(url: str) -> Engine:
    """An engine for ``url``; SQLite files get WAL, foreign keys and a busy timeout,
    PostgreSQL a pool with pre-ping, shared by every caller in the process (a SQLite
    file gets a new engine each time, so a file deleted and made again is seen afresh)."""
    url = normal_url(url)
    if not url.startswith("postgresql"):
        return _new_engine(url)
    with _LOCK:
        engine = _SERVERS.get(url)
        if engine is None:
            engine = _SERVERS[url] = _new_engine(url)
        return engine


def _new_engine(url: str) -> Engine:
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    options: dict[str, Any] = {}
    if url.startswith("postgresql"):
        options = {
            "pool_pre_ping": True,
            "pool_size": 5,
            "max_overflow": 10,
            "pool_recycle": 1800,
            "connect_args": {"connect_timeout": 10, "application_name": "horizonscan"},
        }
    try:
        engine = create_engine(url, **options)
    except (SQLAlchemyError, ImportError) as exc:
        raise StoreError(f"cannot open database {safe_url(url)}: {exc}") from exc
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    elif engine.dialect.name != "postgresql":
        raise StoreError(
            f"unsupported database {safe_url(url)}: use a SQLite file or postgresql+psycopg://"
        )
    return engine


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if head is None:  # pragma: no cover - the package ships its migrations
        raise StoreError(f"no migrations found in {MIGRATIONS}")
    return head


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at (``None``: an empty database)."""
    try:
        with engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    except SQLAlchemyError as exc:
        raise StoreError(
            f"cannot read the schema version of {safe_url(str(engine.url))}: {exc}"
        ) from exc


def migrate(engine: Engine, revision: str = "head") -> None:
    """Bring the database to ``revision`` (a fresh or an older database alike)."""
    config = alembic_config()
    try:
        with engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                # processes starting together migrate one after the other
                connection.exec_driver_sql("SELECT pg_advisory_xact_lock(7230431)")
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
    except SQLAlchemyError as exc:
        raise StoreError(f"cannot migrate database {safe_url(str(engine.url))}: {exc}") from exc


def open_store(url: str) -> sessionmaker[Session]:
    engine = make_engine(url)
    migrate(engine)
    return sessionmaker(engine, expire_on_commit=False)
