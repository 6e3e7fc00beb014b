"""The ``report`` command: the edition of a topic and period, or the reference edition."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from horizonscan import pipeline
from horizonscan.cli.app import ConfigOpt, DbOpt, app, err, fail, settings_from
from horizonscan.console import out
from horizonscan.errors import ConfigError, HorizonscanError
from horizonscan.report.render import parse_formats


def parse_period(value: str) -> tuple[date, date]:
    try:
        start, end = (date.fromisoformat(p.strip()) for p in value.split(".."))
    except ValueError as exc:
        raise ConfigError(
            f"not a period START..END of ISO dates: {value!r}", where="--period"
        ) from exc
    if end < start:
        raise ConfigError(f"the period ends before it starts: {value!r}", where="--period")
    return start, end


@app.command()
def report(
    out_dir: Annotated[Path, typer.Option("--out", help="folder for the files")] = Path("out"),
    topic: Annotated[str | None, typer.Option(help="topic id (topics/<id>.toml)")] = None,
    period: Annotated[
        str | None, typer.Option(help="START..END, e.g. 2024-06-20..2024-11-30")
    ] = None,
    fmt: Annotated[
        str, typer.Option("--format", help="any of pptx,pdf,html,xlsx,json")
    ] = "pptx,pdf,html,xlsx,json",
    issued: Annotated[
        str | None, typer.Option(help="issue date on the cover (default: day after the period)")
    ] = None,
    edition_config: Annotated[Path | None, typer.Option(help="edition settings (cover …)")] = None,
    glossary: Annotated[Path, typer.Option(help="glossary of footnote terms")] = Path(
        "topics/glossary.toml"
    ),
    reference: Annotated[
        Path | None, typer.Option(help="rebuild the reference edition from this JSONL")
    ] = None,
    edition: Annotated[
        str | None, typer.Option(help="edition id of the reference (e.g. 2025-01)")
    ] = None,
    summarizer: Annotated[
        str | None, typer.Option(help="offline or llm (default: settings)")
    ] = None,
    max_requests: Annotated[int | None, typer.Option(help="stop calling the model after N")] = None,
    db: DbOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Render the monthly edition as PPTX, PDF, HTML, XLSX and JSON."""
    try:
        formats = parse_formats(fmt)
        if reference is not None:
            if not edition:
                raise ConfigError("--reference needs --edition", where="--edition")
            result = pipeline.reference_report(reference, edition, out_dir, formats)
        else:
            if not topic or not period:
                raise ConfigError(
                    "give --topic and --period (or --reference and --edition)", where="report"
                )
            settings = settings_from(config, db=db)
            start, end = parse_period(period)
            config_path = edition_config or Path("editions") / f"{topic}.toml"
            result = pipeline.report(
                settings,
                topic,
                start,
                end,
                out_dir,
                formats,
                issued=date.fromisoformat(issued) if issued else None,
                edition_config=config_path,
                glossary_path=glossary,
                summarizer=summarizer,
                max_requests=max_requests,
            )
    except ValueError as exc:
        err.print(f"[red]error:[/red] {exc}", highlight=False)
        raise typer.Exit(2) from exc
    except HorizonscanError as exc:
        raise fail(exc) from exc
    for warning in result.warnings:
        err.print(f"[yellow]warning:[/yellow] {warning}", highlight=False)
    if result.usage is not None:
        u = result.usage
        out.print(
            f"summaries: {u.requests} model requests, {u.cached} from the cache, "
            f"{u.prompt_tokens}+{u.completion_tokens} tokens, cost ≈ {u.cost:.4f}, {u.fallbacks} fallbacks",
            highlight=False,
        )
    out.print(f"{result.items} items on {result.pages} pages:", highlight=False)
    for path in result.files:
        out.print(f"  {path}", highlight=False)
