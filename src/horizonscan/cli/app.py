"""The typer application and what every command shares: options, settings, errors."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from horizonscan.config import Settings, load_settings
from horizonscan.errors import ConfigError, HorizonscanError, RegistryError
from horizonscan.sources import Registry, load_registry

app = typer.Typer(no_args_is_help=True, add_completion=False)
sources_app = typer.Typer(no_args_is_help=True, help="Check the source registry and its health.")
app.add_typer(sources_app, name="sources")
err = Console(stderr=True)

DbOpt = Annotated[
    str | None, typer.Option("--db", help="SQLite file or SQLAlchemy URL [env HORIZONSCAN_DB]")
]
ConfigOpt = Annotated[Path | None, typer.Option("--config", help="settings file (TOML)")]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="no progress bars")]
SourcesOpt = Annotated[
    list[Path] | None, typer.Option("--sources", help="registry file(s); default: sources/*.toml")
]
TopicOpt = Annotated[
    str, typer.Option("--topic", help="topic id (topics/<id>.toml) or a profile file")
]


def settings_from(config: Path | None, **flags: object) -> Settings:
    try:
        return load_settings(config, overrides=flags)
    except ConfigError as exc:
        err.print(f"[red]configuration error:[/red] {exc}", highlight=False)
        raise typer.Exit(2) from exc


def registry_from(paths: list[Path] | None) -> Registry:
    files = paths or sorted(Path("sources").glob("*.toml"))
    if not files:
        err.print("[red]no registry files:[/red] pass --sources FILE or add sources/*.toml")
        raise typer.Exit(2)
    try:
        return load_registry(files)
    except RegistryError as exc:
        for problem in exc.problems:
            err.print(f"[red]error:[/red] {problem}", highlight=False)
        raise typer.Exit(2) from exc


def fail(exc: HorizonscanError) -> typer.Exit:
    err.print(f"[red]error:[/red] {exc}", highlight=False)
    return typer.Exit(2)


@app.callback()
def _main(
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="log details")] = False,
) -> None:
    """horizonscan: watch official sources and write the monthly overseas trend report."""
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
