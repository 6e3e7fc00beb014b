"""Copying a whole store from one database to another (SQLite → PostgreSQL or back), then
proving the copy: row counts and a content hash per table, on both sides.

* The source must be at the current schema (``horizonscan db migrate`` first); it is only
  read. The target is brought to the current schema, then filled table by table in
  foreign-key order, streamed in batches, all in one transaction.
* A target that holds rows is refused unless ``replace`` is given: then its rows are deleted
  first (the schema stays).
* Every table of the source must be known to the models (the schema version table and
  SQLite's full-text index, which the target rebuilds itself, excepted).
* PostgreSQL sequences are set past the largest copied id, so new rows get fresh ids.
* The hash of a table is SHA-256 over its rows in primary-key order (byte order of the
  keys on both backends), each row's values in a canonical text form: JSON values parsed and
  re-serialised with sorted keys, SQL NULL distinct from JSON ``null``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import JSON, Column, Connection, Engine, Table, Text, cast, func, inspect, null
from sqlalchemy import select as sql_select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.sql.expression import ColumnElement

from horizonscan.errors import StoreError
from horizonscan.store.engine import (
    current_revision,
    head_revision,
    make_engine,
    migrate,
    normal_url,
    safe_url,
)
from horizonscan.store.models import Base

BATCH = 2000
NOT_COPIED_PREFIXES = ("alembic_version", "article_search", "sqlite_")


@dataclass(frozen=True)
class TableCheck:
    table: str
    source_rows: int
    target_rows: int
    source_hash: str
    target_hash: str

    @property
    def ok(self) -> bool:
        return self.source_rows == self.target_rows and self.source_hash == self.target_hash


def tables() -> list[Table]:
    """Every table of the models, parents before children."""
    return list(Base.metadata.sorted_tables)


def _is_json(column: Column[Any]) -> bool:
    return isinstance(column.type, JSON)


def _columns(table: Table) -> list[ColumnElement[Any]]:
    """JSON columns read as their stored text, so SQL NULL and JSON null stay apart."""
    return [cast(c, Text).label(c.name) if _is_json(c) else c for c in table.columns]


def _order(table: Table, connection: Connection) -> list[ColumnElement[Any]]:
    keys: list[ColumnElement[Any]] = []
    for column in table.primary_key.columns:
        if connection.dialect.name == "postgresql" and column.type.python_type is str:
            keys.append(column.collate("C"))
        else:
            keys.append(column)
    return keys


def _rows(connection: Connection, table: Table, batch: int) -> Iterator[list[dict[str, Any]]]:
    query = sql_select(*_columns(table)).order_by(*_order(table, connection))
    result = connection.execution_options(yield_per=batch).execute(query)
    for part in result.mappings().partitions():
        yield [dict(row) for row in part]


def _canonical(value: object, is_json: bool) -> object:
    if value is None:
        return None
    if is_json:
        return json.dumps(json.loads(str(value)), sort_keys=True, ensure_ascii=False)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, bytes):
        return value.hex()
    return value


def table_digest(connection: Connection, table: Table, batch: int = BATCH) -> tuple[int, str]:
    """(row count, SHA-256 of the rows in key order) of ``table``."""
    digest = hashlib.sha256()
    count = 0
    json_columns = {c.name for c in table.columns if _is_json(c)}
    names = [c.name for c in table.columns]
    for part in _rows(connection, table, batch):
        for row in part:
            values = [_canonical(row[n], n in json_columns) for n in names]
            digest.update(json.dumps(values, ensure_ascii=False).encode() + b"\n")
            count += 1
    return count, digest.hexdigest()


def _for_insert(row: dict[str, Any], json_columns: set[str]) -> dict[str, Any]:
    for name in json_columns:
        raw = row[name]
        row[name] = null() if raw is None else json.loads(raw)
    return row


def _check_source(engine: Engine, url: str) -> None:
    if url.startswith("sqlite:///") and not Path(url.removeprefix("sqlite:///")).is_file():
        raise StoreError(f"source database {url} does not exist")
    found = current_revision(engine)
    if found != head_revision():
        raise StoreError(
            f"source database {safe_url(url)} is at schema {found or 'none'}, not "
            f"{head_revision()}: run 'horizonscan db migrate --db SOURCE' first"
        )
    known = {t.name for t in tables()}
    unknown = sorted(
        name
        for name in inspect(engine).get_table_names()
        if name not in known and not name.startswith(NOT_COPIED_PREFIXES)
    )
    if unknown:
        raise StoreError(
            f"source database {safe_url(url)} has tables this version does not know: "
            + ", ".join(unknown)
        )


def _empty_target(connection: Connection, url: str, replace: bool) -> None:
    filled = [
        t.name
        for t in tables()
        if connection.execute(sql_select(func.count()).select_from(t)).scalar()
    ]
    if not filled:
        return
    if not replace:
        raise StoreError(
            f"target database {safe_url(url)} is not empty (rows in {', '.join(filled)}): "
            "copy into an empty database, or pass --force to replace its rows"
        )
    for table in reversed(tables()):
        connection.execute(table.delete())


def _reset_sequences(connection: Connection) -> None:
    if connection.dialect.name != "postgresql":
        return  # SQLite continues after the largest rowid by itself
    for table in tables():
        keys = list(table.primary_key.columns)
        if len(keys) != 1 or keys[0].type.python_type is not int:
            continue
        sequence = connection.exec_driver_sql(
            "SELECT pg_get_serial_sequence(%s, %s)", (table.name, keys[0].name)
        ).scalar()
        if sequence:
            connection.exec_driver_sql(
                f'SELECT setval(%s, coalesce((SELECT max("{keys[0].name}") FROM "{table.name}"), '
                "0) + 1, false)",
                (sequence,),
            )


Progress = Callable[[str, int], None]


def copy_store(
    source_url: str,
    target_url: str,
    *,
    replace: bool = False,
    batch: int = BATCH,
    progress: Progress | None = None,
) -> list[TableCheck]:
    """Copy every table from ``source_url`` to ``target_url`` and verify it; returns one
    check per table (the caller decides what a mismatch means)."""
    source_url, target_url = normal_url(source_url), normal_url(target_url)
    if source_url == target_url:
        raise StoreError(f"source and target are the same database: {safe_url(source_url)}")
    source = make_engine(source_url)
    _check_source(source, source_url)
    target = make_engine(target_url)
    migrate(target)
    try:
        with source.connect() as reader, target.begin() as writer:
            _empty_target(writer, target_url, replace)
            for table in tables():
                json_columns = {c.name for c in table.columns if _is_json(c)}
                copied = 0
                for part in _rows(reader, table, batch):
                    writer.execute(table.insert(), [_for_insert(r, json_columns) for r in part])
                    copied += len(part)
                    if progress is not None:
                        progress(table.name, copied)
            _reset_sequences(writer)
    except SQLAlchemyError as exc:
        raise StoreError(f"copy to {safe_url(target_url)} failed: {exc}") from exc
    return verify(source, target, batch)


def verify(source: Engine, target: Engine, batch: int = BATCH) -> list[TableCheck]:
    checks = []
    with source.connect() as left, target.connect() as right:
        for table in tables():
            rows_left, hash_left = table_digest(left, table, batch)
            rows_right, hash_right = table_digest(right, table, batch)
            checks.append(TableCheck(table.name, rows_left, rows_right, hash_left, hash_right))
    return checks
