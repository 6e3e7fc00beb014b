"""``horizonscan search``: full-text search over the archive."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer
from rich.table import Table

from horizonscan.cli.app import ConfigOpt, DbOpt, app, fail, settings_from
from horizonscan.console import out
from horizonscan.errors import HorizonscanError
from horizonscan.store import open_store
from horizonscan.store.search import search as run_search


@app.command()
def search(
    query: Annotated[
        str,
        typer.Argument(
            help="words or phrases in any language; 1–2 character words (稀土, 锂) are matched too"
        ),
    ],
    source: Annotated[str | None, typer.Option(help="only this source id")] = None,
    region: Annotated[str | None, typer.Option(help="region label contains this")] = None,
    since: Annotated[str | None, typer.Option(help="published on or after (YYYY-MM-DD)")] = None,
    until: Annotated[str | None, typer.Option(help="published on or before (YYYY-MM-DD)")] = None,
    topic: Annotated[str | None, typer.Option(help="only articles relevant to this topic")] = None,
    limit: Annotated[int, typer.Option(help="at most this many hits")] = 20,
    db: DbOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Search titles and texts of everything archived (Japanese, Chinese, Korean included)."""
    settings = settings_from(config, db=db)
    try:
        start = date.fromisoformat(since) if since else None
        end = date.fromisoformat(until) if until else None
        with open_store(settings.db_url)() as session:
            hits = run_search(
                session,
                query,
                source=source,
                region=region,
                start=start,
                end=end,
                topic=topic,
                limit=limit,
            )
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from exc
    except HorizonscanError as exc:
        raise fail(exc) from exc
    table = Table(title=f"{len(hits)} hit(s) for “{query}”")
    for column in ("published", "source", "region", "title / snippet"):
        table.add_column(column, overflow="fold")
    for hit in hits:
        table.add_row(
            str(hit.published or ""),
            hit.source,
            hit.region or "",
            f"{hit.title or hit.url}\n{hit.snippet}",
        )
    out.print(table)
