"""Terminal output of the CLI: progress bars, summaries and tables (rich)."""

from __future__ import annotations

from collections import Counter
from types import TracebackType
from typing import TYPE_CHECKING

from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from horizonscan.records import Page
from horizonscan.sources import Registry

if TYPE_CHECKING:
    from horizonscan.pipeline import CrawlSummary, ProcessSummary
    from horizonscan.store.health import SourceHealth

out = Console()


class CrawlProgress:
    """A live line of counts while a crawl runs (nothing when disabled)."""

    def __init__(self, *, enabled: bool, label: str = "crawling") -> None:
        self.enabled = enabled
        self.counts: Counter[str] = Counter()
        self._progress = Progress(
            SpinnerColumn(), TextColumn("[bold]{task.description}"), BarColumn(bar_width=None),
            TextColumn("{task.fields[counts]}"), TimeElapsedColumn(), transient=True, console=out,
        )  # fmt: skip
        self._task = self._progress.add_task(label, total=None, counts="")

    def __enter__(self) -> CrawlProgress:
        if self.enabled:
            self._progress.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:  # fmt: skip
        if self.enabled:
            self._progress.stop()

    def update(self, page: Page) -> None:
        self.counts[page.outcome] += 1
        if self.enabled:
            text = "  ".join(f"{k} {v}" for k, v in sorted(self.counts.items()))
            self._progress.update(self._task, counts=text)


class StepProgress:
    """A bar for a step whose size is known (extraction, scoring …)."""

    def __init__(self, label: str, *, enabled: bool) -> None:
        self.enabled = enabled
        self._progress = Progress(
            SpinnerColumn(), TextColumn(f"[bold]{label}"), BarColumn(bar_width=None),
            TextColumn("{task.completed}/{task.total}"), TimeElapsedColumn(), transient=True, console=out,
        )  # fmt: skip
        self._task = self._progress.add_task(label, total=None)

    def __enter__(self) -> StepProgress:
        if self.enabled:
            self._progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.enabled:
            self._progress.stop()

    def update(self, done: int, total: int) -> None:
        if self.enabled:
            self._progress.update(self._task, completed=done, total=total)


def print_crawl_summary(
    summary: CrawlSummary, processed: ProcessSummary | None, *, quiet: bool
) -> None:
    out.print(
        f"sources {summary.sources} · requests {summary.requests} · fetched {summary.fetched} · "
        f"unchanged {summary.not_modified} · skipped {summary.skipped} · failed {summary.failed} · "
        f"new articles {summary.new_articles} · {summary.seconds:.1f} s",
        highlight=False,
    )
    if processed is not None:
        out.print(
            f"extracted {processed.extracted} of {processed.documents} documents"
            + (f", {processed.failed} failed" if processed.failed else ""),
            highlight=False,
        )
    if summary.failures:
        out.print(f"[yellow]{len(summary.failures)} failure(s):[/yellow]")
        for failure in summary.failures[: 200 if not quiet else 20]:
            out.print(
                f"  {failure.source_id}: {failure.reason} ({failure.url})",
                highlight=False,
                markup=False,
            )


def print_registry(registry: Registry) -> None:
    table = Table(title=f"{len(registry)} sources", show_lines=False)
    for column in ("id", "region", "lang", "discovery", "verified"):
        table.add_column(column)
    for spec in registry:
        ways = [f"{n} {k}" for k, n in (("feed", len(spec.feeds)), ("sitemap", len(spec.sitemaps)),
                                          ("listing", len(spec.listings))) if n]  # fmt: skip
        table.add_row(spec.id, spec.region, spec.language, ", ".join(ways) + (" (browser)" if spec.render == "browser" else ""),
                      "yes" if spec.verified else "[yellow]no[/yellow]")  # fmt: skip
    out.print(table)


STATUS_STYLE = {"ok": "green", "quiet": "yellow", "broken": "red", "never": "red"}


def print_health(rows: list[SourceHealth]) -> None:
    table = Table(title="source health")
    for column in ("source", "status", "last success", "found 30/90 d", "published 30/90 d (expected)",
                   "failures 30 d", "last error"):  # fmt: skip
        table.add_column(column, overflow="fold")
    for row in rows:
        style = STATUS_STYLE.get(row.status, "white")
        table.add_row(
            row.source_id, f"[{style}]{row.status.upper()}[/{style}]",
            row.last_success.strftime("%Y-%m-%d %H:%M") if row.last_success else "—",
            f"{row.found_30}/{row.found_90}",
            f"{row.published_30}/{row.published_90} ({row.expected_30:.1f}/{row.expected_90:.1f})",
            str(row.failures_30), (row.last_error or "")[:160],
        )  # fmt: skip
    out.print(table)
