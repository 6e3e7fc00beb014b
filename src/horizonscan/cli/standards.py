"""``horizonscan standards``: ingest ISO Open Data snapshots, diff two of them."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from horizonscan import work_programmes
from horizonscan.cli.app import ConfigOpt, DbOpt, app, err, fail, settings_from
from horizonscan.console import out
from horizonscan.errors import ConfigError, HorizonscanError
from horizonscan.standards.diff import CommitteeDiff
from horizonscan.standards.records import stage_code, stage_name

standards_app = typer.Typer(
    no_args_is_help=True, help="ISO committee work programmes: snapshots and diffs."
)
app.add_typer(standards_app, name="standards")
ATTRIBUTION = "Contains ISO Open Data (iso_deliverables_metadata), licensed under ODC-By 1.0."


def _date(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise ConfigError(f"not a date: {value!r}", where=option) from exc


@standards_app.command("ingest")
def ingest(
    source: Annotated[
        str | None, typer.Argument(help="ISO Open Data file (JSONL, CSV, Parquet) or URL")
    ] = None,
    committee: Annotated[
        list[str] | None, typer.Option("--committee", help="e.g. 'ISO/TC 298'")
    ] = None,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="snapshot date (default: Last-Modified of a URL)")
    ] = None,
    manifest: Annotated[
        Path | None, typer.Option(help="TOML list of [[snapshot]] files to ingest")
    ] = None,
    catalogue: Annotated[
        bool, typer.Option(help="SOURCE is a committee's iso.org catalogue page (fallback path)")
    ] = False,
    db: DbOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Store a dated snapshot of each committee's deliverables."""
    settings = settings_from(config, db=db)
    try:
        if manifest is not None:
            results = work_programmes.ingest_manifest(settings, manifest)
        elif source and committee:
            results = [
                work_programmes.standards_ingest(
                    settings, source, committee, as_of=_date(as_of, "--as-of"), catalogue=catalogue
                )
            ]
        else:
            raise ConfigError(
                "give SOURCE and --committee, or --manifest", where="standards ingest"
            )
    except HorizonscanError as exc:
        raise fail(exc) from exc
    for result in results:
        if result.unchanged:
            out.print(
                f"{source}: unchanged since {result.as_of} (304), nothing stored", highlight=False
            )
            continue
        stored = ", ".join(f"{c}: {n}" for c, n in result.committees.items())
        out.print(
            f"snapshot {result.as_of}: {stored} deliverables of {result.rows} rows", highlight=False
        )
        for problem in result.problems:
            err.print(f"[yellow]skipped[/yellow] {problem}", highlight=False)


def diff_text(result: CommitteeDiff) -> list[str]:
    c0, c1 = result.counts_from, result.counts_to
    lines = [
        f"{result.committee}: {result.from_date} → {result.to_date}",
        f"  published {c0.published} → {c1.published}, under development {c0.under_development} → "
        f"{c1.under_development}, withdrawn {c0.withdrawn} → {c1.withdrawn}, cancelled {c0.cancelled} → {c1.cancelled}",
    ]
    for change in result.changes:
        lines.append(f"  {change.kind:<17} {change.summary}")
    for when, gaps in result.unexplained().items():
        day = result.from_date if when == "from" else result.to_date
        for status, gap in gaps.items():
            lines.append(
                f"  unexplained: on {day} the reported {status.replace('_', ' ')} count is {gap:+d} "
                "against the deliverables identified"
            )
    lines.append(f"  {ATTRIBUTION}")
    return lines


@standards_app.command("diff")
def diff(
    committee: Annotated[str, typer.Option("--committee", help="e.g. 'ISO/TC 298'")],
    start: Annotated[str, typer.Option("--from", help="date of the earlier snapshot")],
    end: Annotated[str, typer.Option("--to", help="date of the later snapshot")],
    fmt: Annotated[str, typer.Option("--format", help="text or json")] = "text",
    db: DbOpt = None,
    config: ConfigOpt = None,
) -> None:
    """New projects, stage moves (with names), publications, title changes, cancellations,
    withdrawals and replacements, and the counts at both dates."""
    settings = settings_from(config, db=db)
    try:
        first, last = _date(start, "--from"), _date(end, "--to")
        assert first is not None and last is not None
        result = work_programmes.standards_diff(settings, committee, first, last)
    except HorizonscanError as exc:
        raise fail(exc) from exc
    if fmt == "json":
        payload = {
            "committee": result.committee,
            "from": str(result.from_date),
            "to": str(result.to_date),
            "counts": {"from": asdict(result.counts_from), "to": asdict(result.counts_to)},
            "reported": {"from": result.reported_from, "to": result.reported_to},
            "unexplained": result.unexplained(),
            "changes": [
                {
                    "kind": c.kind,
                    "id": c.source_id,
                    "doc_key": c.doc_key,
                    "summary": c.summary,
                    "before": None
                    if c.before is None
                    else {
                        "reference": c.before.reference,
                        "stage": stage_code(c.before.stage),
                        "stage_name": stage_name(c.before.stage),
                        "status": c.before.status,
                    },
                    "after": None
                    if c.after is None
                    else {
                        "reference": c.after.reference,
                        "stage": stage_code(c.after.stage),
                        "stage_name": stage_name(c.after.stage),
                        "status": c.after.status,
                        "published": str(c.after.publication_date or "") or None,
                    },
                }
                for c in result.changes
            ],
            "attribution": ATTRIBUTION,
        }
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    for line in diff_text(result):
        typer.echo(line)
