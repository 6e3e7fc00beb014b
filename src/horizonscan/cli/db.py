"""``horizonscan db``: bring a database to the current schema, copy a store to another
database (SQLite ↔ PostgreSQL) and verify the copy."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from horizonscan.cli.app import ConfigOpt, DbOpt, app, err, fail, settings_from
from horizonscan.console import out
from horizonscan.errors import HorizonscanError
from horizonscan.store.copy import copy_store
from horizonscan.store.engine import current_revision, head_revision, make_engine, migrate

db_app = typer.Typer(no_args_is_help=True, help="The store's database: migrate, copy.")
app.add_typer(db_app, name="db")


@db_app.command("migrate")
def migrate_command(db: DbOpt = None, config: ConfigOpt = None) -> None:
    """Bring the database to the current schema; prints the revision before and after."""
    settings = settings_from(config, db=db)
    try:
        engine = make_engine(settings.db_url)
        before = current_revision(engine)
        migrate(engine)
        after = current_revision(engine)
    except HorizonscanError as exc:
        raise fail(exc) from exc
    if before == after:
        out.print(f"schema already at {after} (head {head_revision()})", highlight=False)
    else:
        out.print(f"schema migrated from {before or 'empty'} to {after}", highlight=False)


@db_app.command("copy")
def copy_command(
    source: Annotated[str, typer.Option("--from", help="database to copy (SQLAlchemy URL)")],
    target: Annotated[str, typer.Option("--to", help="database to fill (SQLAlchemy URL)")],
    force: Annotated[
        bool, typer.Option("--force", help="replace the rows of a target that is not empty")
    ] = False,
    batch: Annotated[int, typer.Option(help="rows per read and write")] = 2000,
) -> None:
    """Copy every table in foreign-key order, then compare row counts and content hashes
    table by table; exits 1 naming each table that differs."""
    try:
        checks = copy_store(source, target, replace=force, batch=batch)
    except HorizonscanError as exc:
        raise fail(exc) from exc
    table = Table(title="copy verified table by table")
    for column in ("table", "rows (source)", "rows (target)", "sha256 (source)", "same"):
        table.add_column(column)
    for check in checks:
        table.add_row(
            check.table,
            str(check.source_rows),
            str(check.target_rows),
            check.source_hash[:16],
            "yes" if check.ok else "NO",
        )
    out.print(table)
    bad = [c.table for c in checks if not c.ok]
    if bad:
        err.print(f"[red]copy differs from its source in:[/red] {', '.join(bad)}", highlight=False)
        raise typer.Exit(1)
    out.print(
        f"copied {sum(c.source_rows for c in checks)} rows in {len(checks)} tables; "
        "counts and hashes match",
        highlight=False,
    )
