"""The only module that knows the stage order; it persists each stage's output via store.

sources → crawl (→ archive) → extract → (classify → stories → summarize → report)
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from horizonscan.archive import Archive
from horizonscan.config import Settings
from horizonscan.crawl.crawler import Crawler, Known, SourceOutcome, due_after
from horizonscan.crawl.politeness import HostLimiter
from horizonscan.extraction_pool import ExtractTask, default_workers, extract_all
from horizonscan.records import Article, Link, Page, SourceFailure
from horizonscan.report.build import build_edition, choose_pickups
from horizonscan.report.config import load_edition_settings
from horizonscan.report.glossary import Glossary
from horizonscan.report.layout import Pages, paginate
from horizonscan.report.model import Edition
from horizonscan.report.reference import load_reference
from horizonscan.report.render import write_all
from horizonscan.sources.schema import Registry, SourceSpec
from horizonscan.store import articles, batch, crawlstate, editions, open_store
from horizonscan.store.articles import ProcessJob
from horizonscan.store.health import SourceHealth, source_health
from horizonscan.store.maintenance import optimize
from horizonscan.store.retry import transaction
from horizonscan.summarize.base import Usage
from horizonscan.summarizing import make_summarizer, pickups_for, summaries_for
from horizonscan.understand import UnderstandSummary, profiles, understand
from horizonscan.work_programmes import standards_for_edition

Progress = Callable[[Page], None]


@dataclass
class CrawlSummary:
    run_id: int
    sources: int
    requests: int = 0
    fetched: int = 0
    not_modified: int = 0
    failed: int = 0
    skipped: int = 0
    new_articles: int = 0
    articles_fetched: int = 0
    bytes: int = 0
    seconds: float = 0.0
    failures: list[SourceFailure] = field(default_factory=list)
    paused: dict[str, str] = field(default_factory=dict)  # skipped by an admin: reason
    per_source: dict[str, SourceOutcome] = field(default_factory=dict)

    def as_dict(self) -> dict[str, object]:
        return {
            "sources": self.sources,
            "requests": self.requests,
            "fetched": self.fetched,
            "not_modified": self.not_modified,
            "failed": self.failed,
            "skipped": self.skipped,
            "new_articles": self.new_articles,
            "articles_fetched": self.articles_fetched,
            "bytes": self.bytes,
            "seconds": round(self.seconds, 3),
            "failures": [f"{f.source_id}: {f.reason} ({f.url})" for f in self.failures],
            "paused": self.paused,
        }


class StoreSink:
    """Persists crawl outcomes: each blob at once, its rows in batches of one transaction."""

    BATCH = 200

    def __init__(
        self,
        sessions: sessionmaker[Session],
        archive: Archive,
        settings: Settings,
        summary: CrawlSummary,
        progress: Progress | None = None,
    ) -> None:
        self.session = sessions()
        self.archive = archive
        self.settings = settings
        self.summary = summary
        self.progress = progress
        self._pages: list[tuple[Page, int]] = []
        self._last_commit = time.monotonic()

    def page(self, page: Page) -> None:
        summary = self.summary
        stored = 0
        if page.status is not None or page.outcome == "failed":
            summary.requests += page.attempts
        if page.outcome == "fetched" and page.sha256:
            _, stored = self.archive.put(page.body, page.sha256)
            summary.fetched += 1
            summary.bytes += len(page.body)
        elif page.outcome == "not_modified":
            summary.not_modified += 1
        elif page.outcome == "failed":
            summary.failed += 1
        else:
            summary.skipped += 1
        self._pages.append((page, stored))
        if len(self._pages) >= self.BATCH or time.monotonic() - self._last_commit > 1.0:
            self.commit()
        if self.progress is not None:
            self.progress(page)

    def _next_check(self, fetched_at: datetime, first_seen: datetime) -> datetime:
        return due_after(fetched_at, first_seen, self.settings)

    def attach(self, article_url: str, attachment_url: str) -> None:
        self.commit()
        transaction(
            self.session,
            lambda s: crawlstate.link_attachment(s, article_url, attachment_url),
            what=f"attachment {attachment_url}",
        )

    def links(self, links: Sequence[Link]) -> None:
        self.commit()
        found = list(links)
        self.summary.new_articles += transaction(
            self.session, lambda s: crawlstate.add_links(s, found), what="discovered links"
        )

    def commit(self) -> None:
        pages, run_id = self._pages, self.summary.run_id
        transaction(
            self.session,
            lambda s: batch.write_pages(s, run_id, pages, self._next_check),
            what=f"crawl batch of {len(pages)} pages",
        )
        self._pages = []
        self._last_commit = time.monotonic()

    def close(self) -> None:
        self.commit()
        self.session.close()


def crawl(
    settings: Settings,
    sources: Sequence[SourceSpec],
    *,
    progress: Progress | None = None,
    sessions: sessionmaker[Session] | None = None,
    now: datetime | None = None,
) -> CrawlSummary:
    """Crawl ``sources`` once and persist everything; returns the run summary."""
    sessions = sessions or open_store(settings.db_url)
    summary, sources = start_crawl_run(sessions, sources)
    status = "failed"
    try:
        crawl_sources(settings, sources, summary, sessions=sessions, progress=progress, now=now)
        status = "ok"
    finally:
        finish_crawl_run(sessions, summary, status)
    return summary


def start_crawl_run(
    sessions: sessionmaker[Session], sources: Sequence[SourceSpec]
) -> tuple[CrawlSummary, list[SourceSpec]]:
    """Record the sources and open a crawl run: its summary, and the sources to crawl (those
    an admin paused are left out and named in the summary)."""
    with sessions() as session:

        def record(s: Session) -> dict[str, str]:
            crawlstate.upsert_sources(s, sources)
            return crawlstate.paused_sources(s)

        paused = transaction(session, record, what="sources of a crawl run")
    active = [s for s in sources if s.id not in paused]
    with sessions() as session:
        run_id = transaction(
            session, lambda s: crawlstate.start_run(s, "crawl"), what="start of a crawl run"
        )
    return CrawlSummary(run_id=run_id, sources=len(active), paused=paused), active


def finish_crawl_run(sessions: sessionmaker[Session], summary: CrawlSummary, status: str) -> None:
    if summary.failures and status == "ok":
        status = "partial"
    done = summary.as_dict()
    with sessions() as session:
        transaction(
            session,
            lambda s: crawlstate.finish_run(s, summary.run_id, status, done),
            what="end of a crawl run",
        )


def crawl_sources(
    settings: Settings,
    sources: Sequence[SourceSpec],
    summary: CrawlSummary,
    *,
    sessions: sessionmaker[Session],
    progress: Progress | None = None,
    now: datetime | None = None,
    gate: HostLimiter | None = None,
) -> None:
    """Crawl ``sources`` within the run of ``summary`` and add their outcomes to it. What the
    store remembers of them is read at the start, so a repeated call fetches only what a
    broken-off one left pending."""
    archive = Archive(settings.archive_path)
    ids = [s.id for s in sources]
    with sessions() as session:
        known = Known(
            resources=crawlstate.known_resources(session, ids),
            articles=crawlstate.known_articles(session, ids),
        )
    sink = StoreSink(sessions, archive, settings, summary, progress)
    started = time.monotonic()
    outcomes: dict[str, SourceOutcome] = {}
    try:
        crawler = Crawler(
            settings, sources, archive, sink, known, now=now or datetime.now(UTC), gate=gate
        )
        outcomes = asyncio.run(crawler.run())
    finally:
        sink.close()
        summary.seconds += time.monotonic() - started
        summary.per_source.update(outcomes)
        for outcome in outcomes.values():
            summary.failures.extend(outcome.failures)
            summary.articles_fetched += outcome.articles_fetched


@dataclass
class ProcessSummary:
    documents: int = 0
    extracted: int = 0
    failed: int = 0
    failures: list[str] = field(default_factory=list)
    understood: UnderstandSummary | None = None


def process(
    settings: Settings,
    registry: Registry,
    *,
    everything: bool = False,
    sessions: sessionmaker[Session] | None = None,
    today: date | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ProcessSummary:
    """Extract what is new in the archive (every document with ``everything``), then score
    topics, assign regions and rebuild stories."""
    sessions = sessions or open_store(settings.db_url)
    summary = extract_documents(
        settings,
        sessions,
        registry.sources,
        languages_of(registry),
        everything=everything,
        today=today,
        progress=progress,
    )
    summary.understood = understand(sessions, settings, everything=everything)
    optimize(sessions)
    return summary


def documents_to_extract(
    sessions: sessionmaker[Session], *, everything: bool = False
) -> list[ProcessJob]:
    """The archived documents ``process`` would extract now."""
    with sessions() as session:
        return articles.jobs(session, everything=everything)


def languages_of(registry: Registry) -> tuple[str, ...]:
    """The languages language identification chooses from."""
    return tuple(sorted({spec.language for spec in registry} | {"en"}))


Extractor = Callable[[list[ExtractTask]], Iterable[tuple[ProcessJob, Article | None, str | None]]]


def extract_documents(
    settings: Settings,
    sessions: sessionmaker[Session],
    specs: Mapping[str, SourceSpec],
    languages: tuple[str, ...],
    *,
    everything: bool = False,
    article_ids: Sequence[int] | None = None,
    today: date | None = None,
    progress: Callable[[int, int], None] | None = None,
    extractor: Extractor | None = None,
) -> ProcessSummary:
    """Extract the archived documents waiting for it (every one with ``everything``; only
    those of ``article_ids`` when given) and save the results. Documents already extracted
    from their current bytes are skipped, so a repeated call does no work twice."""
    summary = ProcessSummary()
    day = today or datetime.now(UTC).date()
    root = str(settings.archive_path)
    workers = settings.workers or default_workers()

    def _default(
        tasks: list[ExtractTask],
    ) -> Iterable[tuple[ProcessJob, Article | None, str | None]]:
        return extract_all(tasks, workers)

    run = extractor or _default
    with sessions() as session:
        todo = articles.jobs(session, everything=everything, ids=article_ids)
        tasks = [
            ExtractTask(
                job, specs.get(job.source_id), root, day, languages, settings.extract_timeout
            )
            for job in todo
        ]
        session.commit()
        done: list[tuple[ProcessJob, Article | None, str | None]] = []

        def save(s: Session) -> None:  # repeatable: the results stay in ``done``
            for job, article, error in done:
                if article is None:
                    articles.save_extraction_failure(s, job, error or "failed")
                else:
                    articles.save_extraction(s, job, article)

        for job, article, error in run(tasks):
            summary.documents += 1
            if progress is not None:
                progress(summary.documents, len(todo))
            if article is None:
                summary.failed += 1
                summary.failures.append(f"{job.url}: {error}")
            else:
                summary.extracted += 1
            done.append((job, article, error))
            if len(done) == 200:
                transaction(session, save, what="extraction results")
                done.clear()
        transaction(session, save, what="extraction results")
    return summary


def export_articles(
    settings: Settings, source_ids: list[str] | None = None, topic: str | None = None
) -> list[dict[str, object]]:
    sessions = open_store(settings.db_url)
    with sessions() as session:
        return list(articles.export_rows(session, source_ids, topic))


def health(settings: Settings, as_of: datetime | None = None) -> list[SourceHealth]:
    sessions = open_store(settings.db_url)
    with sessions() as session:
        return source_health(session, as_of)


@dataclass
class ReportResult:
    files: list[Path]
    items: int
    pages: int
    warnings: tuple[str, ...]
    usage: Usage | None = None


@dataclass(frozen=True)
class EditionDraft:
    """An edition built and paginated but not rendered: what the desk previews."""

    edition: Edition
    pages: Pages
    usage: Usage
    stem: str


def draft_edition(
    settings: Settings,
    topic: str,
    start: date,
    end: date,
    *,
    issued: date | None = None,
    edition_config: Path | None = None,
    glossary_path: Path | None = None,
    summarizer: str | None = None,
    max_requests: int | None = None,
    cover: dict[str, str] | None = None,
) -> EditionDraft:
    """The topic's edition for a period from the store; summaries come from the cache, and
    what is missing is summarised with the configured backend. ``cover`` overrides the
    edition settings' cover fields (title, project, issuer, addressee, copyright)."""
    loaded = load_edition_settings(edition_config)
    warnings = list(loaded.warnings)
    edition_settings = loaded.settings
    if cover:
        edition_settings = edition_settings.model_copy(update=cover)
    glossary = Glossary.empty()
    if glossary_path is not None and glossary_path.is_file():
        glossary = Glossary.load(glossary_path)
    else:
        warnings.append(f"{glossary_path or 'glossary'}: not found, no footnotes")
    profile = profiles(settings, topic)[0]
    usage = Usage()
    backend = make_summarizer(
        settings, summarizer or settings.summarizer, usage, profile, max_requests
    )
    with open_store(settings.db_url)() as session:
        stories = editions.stories_in_period(session, profile.id, start, end)
        generated = summaries_for(session, stories, backend, usage, profile.topic.name)
        chosen = set(choose_pickups(stories, edition_settings))
        briefs = pickups_for(
            session, [s for s in stories if s.story in chosen], backend, usage, profile.topic.name
        )
    standards = standards_for_edition(settings, edition_settings, start, end, warnings)
    edition = build_edition(
        stories,
        edition_settings,
        glossary,
        topic_label=profile.topic.name,
        start=start,
        end=end,
        issued=issued or end + timedelta(days=1),
        warnings=tuple(warnings),
        standards=standards,
        summaries=generated,
        pickup_summaries=briefs,
    )
    return EditionDraft(edition, paginate(edition), usage, f"{profile.id}-{edition.edition_id}")


def report(
    settings: Settings,
    topic: str,
    start: date,
    end: date,
    out_dir: Path,
    formats: list[str],
    **options: Any,
) -> ReportResult:
    """Build the topic's edition for a period (see :func:`draft_edition`) and render it."""
    draft = draft_edition(settings, topic, start, end, **options)
    files = write_all(draft.pages, out_dir, draft.stem, formats)
    return ReportResult(
        files, len(draft.edition.items), draft.pages.total, draft.pages.warnings, draft.usage
    )


def reference_report(
    items: Path, edition_id: str, out_dir: Path, formats: list[str]
) -> ReportResult:
    """The reference edition rebuilt from its transcription (no store, no crawl)."""
    edition = load_reference(items, edition_id)
    pages = paginate(edition)
    files = write_all(pages, out_dir, f"reference-{edition_id}", formats)
    return ReportResult(files, len(edition.items), pages.total, pages.warnings)
