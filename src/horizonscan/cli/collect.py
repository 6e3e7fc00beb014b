"""Commands of the collect stage: crawl, process, export, demo, sources."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Annotated

import typer

from horizonscan import pipeline
from horizonscan.cli.app import (
    ConfigOpt,
    DbOpt,
    QuietOpt,
    SourcesOpt,
    app,
    err,
    sources_app,
)
from horizonscan.cli.app import fail as _fail
from horizonscan.cli.app import registry_from as _registry
from horizonscan.cli.app import settings_from as _settings
from horizonscan.cli.worker import print_dead_letters
from horizonscan.config import Settings
from horizonscan.console import (
    CrawlProgress,
    StepProgress,
    print_crawl_summary,
    print_health,
    print_registry,
)
from horizonscan.errors import HorizonscanError
from horizonscan.sources import Registry

DistributedOpt = Annotated[
    bool,
    typer.Option(
        "--distributed",
        help="send the work to 'horizonscan worker' processes through the broker "
        "(broker_url) and wait for it",
    ),
]


def _process(
    settings: Settings,
    registry: Registry,
    distributed: bool,
    everything: bool,
    progress: Callable[[int, int], None],
) -> pipeline.ProcessSummary:
    if distributed:
        from horizonscan.distributed import dispatch

        return dispatch.process(settings, registry, everything=everything, progress=progress)
    return pipeline.process(settings, registry, everything=everything, progress=progress)


@app.command()
def crawl(
    db: DbOpt = None,
    config: ConfigOpt = None,
    sources: SourcesOpt = None,
    source: Annotated[
        list[str] | None, typer.Option("--source", help="only these source ids")
    ] = None,
    process: Annotated[bool, typer.Option(help="extract new documents after the crawl")] = True,
    distributed: DistributedOpt = False,
    quiet: QuietOpt = False,
) -> None:
    """Fetch what is new on every source: robots, feeds, sitemaps, listings, articles."""
    settings = _settings(config, db=db, quiet=quiet or None)
    registry = _registry(sources)
    try:
        specs = registry.select(source)
        if distributed:
            from horizonscan.distributed import dispatch

            with StepProgress("crawling (sources)", enabled=not settings.quiet) as bar:
                summary = dispatch.crawl(settings, specs, progress=bar.update)
        else:
            with CrawlProgress(enabled=not settings.quiet) as progress:
                summary = pipeline.crawl(settings, specs, progress=progress.update)
        extracted = None
        if process:
            with StepProgress("extracting", enabled=not settings.quiet) as bar:
                extracted = _process(settings, registry, distributed, False, bar.update)
    except HorizonscanError as exc:
        raise _fail(exc) from exc
    print_crawl_summary(summary, extracted, quiet=settings.quiet)
    raise typer.Exit(1 if summary.failures else 0)


@app.command()
def process(
    db: DbOpt = None,
    config: ConfigOpt = None,
    sources: SourcesOpt = None,
    everything: Annotated[bool, typer.Option("--all", help="re-process every document")] = False,
    distributed: DistributedOpt = False,
    quiet: QuietOpt = False,
) -> None:
    """Extract text, title, dates and language from archived documents (offline)."""
    settings = _settings(config, db=db, quiet=quiet or None)
    try:
        with StepProgress("extracting", enabled=not settings.quiet) as bar:
            summary = _process(settings, _registry(sources), distributed, everything, bar.update)
    except HorizonscanError as exc:
        raise _fail(exc) from exc
    typer.echo(
        f"documents {summary.documents}, extracted {summary.extracted}, failed {summary.failed}"
    )
    for line in summary.failures[:20]:
        typer.echo(f"  {line}")


@app.command()
def export(
    db: DbOpt = None,
    config: ConfigOpt = None,
    fmt: Annotated[str, typer.Option("--format", help="only jsonl for now")] = "jsonl",
    out: Annotated[Path | None, typer.Option("--out", help="file to write; default stdout")] = None,
    source: Annotated[
        list[str] | None, typer.Option("--source", help="only these source ids")
    ] = None,
    topic: Annotated[str | None, typer.Option("--topic", help="only this topic's fields")] = None,
) -> None:
    """Write one JSON line per article (and topic)."""
    if fmt != "jsonl":
        err.print(f"[red]unknown format[/red] {fmt!r}: only 'jsonl'")
        raise typer.Exit(2)
    settings = _settings(config, db=db)
    try:
        rows = pipeline.export_articles(settings, source, topic)
    except HorizonscanError as exc:
        raise _fail(exc) from exc
    handle = out.open("w", encoding="utf-8") if out else sys.stdout
    try:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    finally:
        if out:
            handle.close()


@app.command()
def demo(
    corpus: Annotated[Path, typer.Option(help="the demo corpus folder")] = Path("demo"),
    out: Annotated[Path, typer.Option(help="where outputs are written")] = Path("out"),
    db: DbOpt = None,
    serve: Annotated[
        bool, typer.Option(help="keep the sites up after the run (Ctrl-C ends)")
    ] = False,
    seed: Annotated[
        Path, typer.Option(help="the reference transcription, rendered beside the demo edition")
    ] = Path("../shared/seed/reference-items.jsonl"),
    quiet: QuietOpt = False,
) -> None:
    """Serve the bundled demo sites on loopback, crawl them, process and export."""
    from horizonscan.demo import run_demo

    out.mkdir(parents=True, exist_ok=True)
    settings = _settings(
        None, db=db or str(out / "demo.db"), quiet=quiet or None, default_delay=0.0
    )
    try:
        code = run_demo(settings, corpus, out, keep_serving=serve, seed=seed)
    except HorizonscanError as exc:
        raise _fail(exc) from exc
    raise typer.Exit(code)


@sources_app.command("check")
def sources_check(files: Annotated[list[Path], typer.Argument(help="registry TOML files")]) -> None:
    """Validate registry files; every problem is named with file, line, source and key."""
    registry = _registry(files)
    print_registry(registry)


@sources_app.command("health")
def sources_health(
    db: DbOpt = None,
    config: ConfigOpt = None,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="judge as of this date (YYYY-MM-DD)")
    ] = None,
) -> None:
    """Per source: last success, articles in the last 30/90 days, failures, last error; with a
    broker configured, the tasks in the dead-letter queue."""
    settings = _settings(config, db=db)
    when = None
    if as_of:
        try:
            when = datetime.combine(date.fromisoformat(as_of), datetime.max.time(), tzinfo=UTC)
        except ValueError as exc:
            err.print(f"[red]--as-of:[/red] not a date: {as_of!r}")
            raise typer.Exit(2) from exc
    try:
        rows = pipeline.health(settings, when)
    except HorizonscanError as exc:
        raise _fail(exc) from exc
    print_health(rows)
    try:
        dead = print_dead_letters(settings)
    except HorizonscanError as exc:
        raise _fail(exc) from exc
    raise typer.Exit(1 if dead or any(r.status in ("broken", "never") for r in rows) else 0)
