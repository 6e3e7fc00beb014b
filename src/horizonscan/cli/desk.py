"""``horizonscan serve`` and ``horizonscan users``: the review desk and its accounts."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from horizonscan.accounts import add_account, change_account, list_accounts
from horizonscan.cli.app import ConfigOpt, DbOpt, app, fail, settings_from, sources_app
from horizonscan.console import out
from horizonscan.errors import HorizonscanError
from horizonscan.store import audit, crawlstate, open_store

users_app = typer.Typer(no_args_is_help=True, help="Accounts of the review desk.")
app.add_typer(users_app, name="users")
RoleOpt = Annotated[str, typer.Option("--role", help="viewer | editor | admin")]


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="port to listen on")] = 8000,
    db: DbOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Start the review desk (a browser app) on the store the CLI uses."""
    import uvicorn

    from horizonscan.web import create_app

    settings = settings_from(config, db=db)
    try:
        desk = create_app(settings)
    except HorizonscanError as exc:
        raise fail(exc) from exc
    out.print(f"desk on http://{host}:{port}/  (store {settings.db_url})", highlight=False)
    uvicorn.run(desk, host=host, port=port, log_level="warning", proxy_headers=False)


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    secret: str = typer.prompt("password", hide_input=True, confirmation_prompt=True)
    return secret


@users_app.command("add")
def users_add(
    name: Annotated[str, typer.Argument(help="account name")],
    role: RoleOpt = "editor",
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="read the password from standard input")
    ] = False,
    db: DbOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Add a desk account (the password is asked for, or read from standard input)."""
    settings = settings_from(config, db=db)
    try:
        user = add_account(settings, name, role, _password(password_stdin))
    except HorizonscanError as exc:
        raise fail(exc) from exc
    out.print(f"added {user.name} ({user.role})", highlight=False)


@users_app.command("set")
def users_set(
    name: Annotated[str, typer.Argument(help="account name")],
    role: Annotated[str | None, typer.Option("--role", help="viewer | editor | admin")] = None,
    disable: Annotated[bool | None, typer.Option("--disable/--enable")] = None,
    password: Annotated[bool, typer.Option("--password", help="set a new password")] = False,
    password_stdin: Annotated[bool, typer.Option("--password-stdin")] = False,
    db: DbOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Change an account's role, state or password (signs it out everywhere on a change)."""
    settings = settings_from(config, db=db)
    secret = _password(password_stdin) if password or password_stdin else None
    try:
        user = change_account(settings, name, role=role, password=secret, disabled=disable)
    except HorizonscanError as exc:
        raise fail(exc) from exc
    out.print(f"{user.name}: {user.role}{' (disabled)' if user.disabled else ''}")


@users_app.command("list")
def users_list(db: DbOpt = None, config: ConfigOpt = None) -> None:
    """The desk's accounts."""
    settings = settings_from(config, db=db)
    table = Table()
    for column in ("name", "role", "state"):
        table.add_column(column)
    for user in list_accounts(settings):
        table.add_row(user.name, user.role, "disabled" if user.disabled else "active")
    out.print(table)


@sources_app.command("pause")
def sources_pause(
    source: Annotated[str, typer.Argument(help="source id")],
    reason: Annotated[str, typer.Option(help="why (shown in sources health)")],
    db: DbOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Stop crawling a source until it is resumed (the registry stays as it is)."""
    _set_paused(source, reason, db, config)


@sources_app.command("resume")
def sources_resume(
    source: Annotated[str, typer.Argument(help="source id")],
    db: DbOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Crawl a paused source again."""
    _set_paused(source, None, db, config)


def _set_paused(source: str, reason: str | None, db: str | None, config: Path | None) -> None:
    settings = settings_from(config, db=db)
    try:
        with open_store(settings.db_url).begin() as session:
            crawlstate.set_paused(session, source, reason, "cli")
            audit.record(session, "cli", "pause" if reason else "resume", f"source:{source}")
    except HorizonscanError as exc:
        raise fail(exc) from exc
    out.print(f"{source}: {'paused' if reason else 'resumed'}", highlight=False)
