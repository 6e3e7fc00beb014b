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
    from horizonscan.classify.decide import Decision
    from horizonscan.evaluation import EvalReport
    from horizonscan.pipeline import CrawlSummary, ProcessSummary
    from horizonscan.store.health import SourceHealth
    from horizonscan.store.understanding import ArticleText

out = Console()


class CrawlProgress:
    """A live line of counts while a crawl runs (nothing when disabled)."""

    def __init__(self, *, enabled: bool, label: str = "crawling") -> None:
        self.enabled = enabled
        self.counts: Counter[str] = Counter()
        self._progress = Progress(
            SpinnerColumn(),
            TextColumn("[bold]{task.description}"),
            BarColumn(bar_width=None),
            TextColumn("{task.fields[counts]}"),
            TimeElapsedColumn(),
            transient=True,
            console=out,
        )
        self._task = self._progress.add_task(label, total=None, counts="")

    def __enter__(self) -> CrawlProgress:
        if self.enabled:
            self._progress.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
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
            SpinnerColumn(),
            TextColumn(f"[bold]{label}"),
            BarColumn(bar_width=None),
            TextColumn("{task.completed}/{task.total}"),
            TimeElapsedColumn(),
            transient=True,
            console=out,
        )
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
    for source, reason in summary.paused.items():
        out.print(f"paused, not crawled: {source} ({reason})", highlight=False)
    if processed is not None:
        out.print(
            f"extracted {processed.extracted} of {processed.documents} documents"
            + (f", {processed.failed} failed" if processed.failed else ""),
            highlight=False,
        )
    understood = processed.understood if processed is not None else None
    if understood is not None:
        scored = ", ".join(
            f"{t}: {understood.relevant.get(t, 0)} relevant of {n} scored"
            for t, n in understood.scored.items()
        )
        out.print(
            f"topics: {scored or 'no profiles'} · stories {understood.stories} "
            f"({understood.multi_source_stories} across sources)",
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
        ways = [
            f"{n} {k}"
            for k, n in (
                ("feed", len(spec.feeds)),
                ("sitemap", len(spec.sitemaps)),
                ("listing", len(spec.listings)),
            )
            if n
        ]
        table.add_row(
            spec.id,
            spec.region,
            spec.language,
            ", ".join(ways) + (" (browser)" if spec.render == "browser" else ""),
            "yes" if spec.verified else "[yellow]no[/yellow]",
        )
    out.print(table)


STATUS_STYLE = {"ok": "green", "quiet": "yellow", "broken": "red", "never": "red"}


def print_health(rows: list[SourceHealth]) -> None:
    table = Table(title="source health")
    for column in (
        "source",
        "status",
        "last success",
        "found 30/90 d",
        "published 30/90 d (expected)",
        "failures 30 d",
        "last error",
    ):
        table.add_column(column, overflow="fold")
    for row in rows:
        style = STATUS_STYLE.get(row.status, "white")
        table.add_row(
            row.source_id,
            f"[{style}]{row.status.upper()}[/{style}]",
            row.last_success.strftime("%Y-%m-%d %H:%M") if row.last_success else "—",
            f"{row.found_30}/{row.found_90}",
            f"{row.published_30}/{row.published_90} ({row.expected_30:.1f}/{row.expected_90:.1f})",
            str(row.failures_30),
            (row.last_error or "")[:160],
        )
    out.print(table)


def print_decision(url: str, title: str | None, decision: Decision) -> None:
    rules = decision.rules
    verdict = "[green]RELEVANT[/green]" if decision.relevant else "[red]not relevant[/red]"
    out.print(f"[bold]{title or url}[/bold]\n{url}", highlight=False)
    out.print(
        f"{verdict} for {rules.topic}: rule score {rules.score:.1f} (threshold {rules.threshold:g}"
        f"{', no core term' if not rules.core else ''}{', veto ' + rules.veto if rules.veto else ''}) "
        f"→ p(rules) {decision.rule_probability:.2f}",
        highlight=False,
    )
    if decision.model_probability is not None:
        out.print(
            f"model: p {decision.model_probability:.2f}, share {decision.model_share:.0%} → "
            f"blended p {decision.probability:.2f}",
            highlight=False,
        )
    else:
        out.print("model: none trained for this topic (the rules alone decide)")
    table = Table(show_header=True)
    for column in ("kind", "term / rule", "lang", "field", "matched", "hits", "weight", "points"):
        table.add_column(column, overflow="fold")
    for hit in sorted(rules.hits, key=lambda h: -abs(h.contribution)):
        table.add_row(
            hit.kind,
            hit.name,
            hit.lang or "",
            hit.field,
            ", ".join(hit.matched),
            str(hit.count),
            f"{hit.weight:g}",
            f"{hit.contribution:+.1f}",
        )
    out.print(table)
    if rules.best_sentence:
        out.print(f"best sentence: “{rules.best_sentence}”", highlight=False)


def print_preview(
    topic: str, texts: list[ArticleText], decisions: list[Decision], before: dict[int, bool]
) -> None:
    added = [
        (t, d)
        for t, d in zip(texts, decisions, strict=True)
        if d.relevant and not before.get(t.article_id, False)
    ]
    dropped = [
        (t, d)
        for t, d in zip(texts, decisions, strict=True)
        if not d.relevant and before.get(t.article_id, False)
    ]
    total = sum(d.relevant for d in decisions)
    out.print(
        f"[bold]{topic}[/bold]: {total} relevant of {len(texts)} with this profile; "
        f"{len(added)} would be added, {len(dropped)} dropped",
        highlight=False,
    )
    for sign, items in (("+", added), ("-", dropped)):
        for text, decision in items:
            out.print(
                f"  {sign} {decision.rules.score:6.1f}  {(text.title or '')[:90]}  {text.url}",
                highlight=False,
                markup=False,
            )


def print_eval(report: EvalReport, *, details: bool) -> None:
    r = report.relevance
    table = Table(title="evaluation")
    table.add_column("measure")
    table.add_column("value", justify="right")
    table.add_column("counts")
    table.add_row("precision (relevant, in period)", f"{r.precision:.3f}", f"tp {r.tp} fp {r.fp}")
    table.add_row("recall (relevant, in period)", f"{r.recall:.3f}", f"tp {r.tp} fn {r.fn}")
    table.add_row(
        "date accuracy", f"{report.dates.value:.3f}", f"{report.dates.right}/{report.dates.total}"
    )
    table.add_row(
        "organisation accuracy",
        f"{report.organisations.value:.3f}",
        f"{report.organisations.right}/{report.organisations.total}",
    )
    table.add_row(
        "region accuracy",
        f"{report.regions.value:.3f}",
        f"{report.regions.right}/{report.regions.total}",
    )
    s = report.stories
    table.add_row("story pairwise precision", f"{s.precision:.3f}", f"tp {s.tp} fp {s.fp}")
    table.add_row("story pairwise recall", f"{s.recall:.3f}", f"fn {s.fn}")
    table.add_row("story pairwise F1", f"{s.f1:.3f}", "")
    out.print(table)
    sections = (
        ("missing", report.missing),
        ("false positives", report.false_positives),
        ("false negatives", report.false_negatives),
        ("wrong dates", report.wrong_dates),
        ("wrong regions", report.wrong_regions),
        ("story errors", report.story_errors),
    )
    for name, items in sections:
        if items:
            out.print(f"{name}: {len(items)}")
            for item in items if details else items[:5]:
                out.print(f"  {item}", highlight=False, markup=False)
