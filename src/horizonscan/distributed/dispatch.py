"""The sending side of ``crawl --distributed`` and ``process --distributed``.

Crawl: one task per source; the run row is opened here, the workers write into it, and the
run is closed here with the summed outcome once every task is done or dead. Process: one
task per batch of documents; once all are extracted, topics, regions and stories are worked
out here, in one place, because stories need the whole set of documents.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from typing import Any

from horizonscan import pipeline
from horizonscan.config import Settings
from horizonscan.distributed.broker import Tasks, connect
from horizonscan.distributed.jobs import JobBoard
from horizonscan.distributed.tasks import store_identity
from horizonscan.errors import BrokerError
from horizonscan.records import SourceFailure
from horizonscan.sources.schema import Registry, SourceSpec
from horizonscan.store import open_store
from horizonscan.store.maintenance import optimize
from horizonscan.understand import understand

StepProgress = Callable[[int, int], None]
SUMMED = ("requests", "fetched", "not_modified", "failed", "skipped", "new_articles", "bytes")


def wait_for(
    board: JobBoard,
    job: str,
    progress: StepProgress | None = None,
    poll: float = 0.2,
    timeout: float | None = None,
) -> None:
    """Block until every task of ``job`` is done or dead (or ``timeout`` seconds passed)."""
    deadline = None if timeout is None else time.monotonic() + timeout
    while True:
        done, dead, total = board.counts(job)
        if progress is not None:
            progress(done + dead, total)
        if done + dead >= total:
            return
        if deadline is not None and time.monotonic() > deadline:
            raise BrokerError(
                f"job {job}: {total - done - dead} of {total} tasks unfinished after "
                f"{timeout:g} s; are workers running ('horizonscan worker')?"
            )
        time.sleep(poll)


def crawl(
    settings: Settings,
    sources: Sequence[SourceSpec],
    *,
    progress: StepProgress | None = None,
    tasks: Tasks | None = None,
) -> pipeline.CrawlSummary:
    """Crawl ``sources`` on the workers (one task per source) and return the run summary."""
    tasks = tasks or connect(settings)
    sessions = open_store(settings.db_url)
    summary, sources = pipeline.start_crawl_run(sessions, sources)
    run_id = summary.run_id
    started = time.monotonic()
    status = "failed"
    try:
        job = tasks.board.open("crawl", len(sources))
        store = store_identity(settings)
        for spec in sources:
            send_crawl(tasks, job, run_id, store, spec.model_dump(mode="json"), spec.id)
        wait_for(tasks.board, job, progress)
        for result in tasks.board.results(job).values():
            add_crawl_result(summary, result)
        for key, dead in sorted(tasks.board.failures(job).items()):
            summary.failures.append(
                SourceFailure(key, str(dead.get("target")), f"task failed: {dead.get('error')}")
            )
        status = "ok"
    finally:
        summary.seconds = time.monotonic() - started
        pipeline.finish_crawl_run(sessions, summary, status)
    return summary


def send_crawl(
    tasks: Tasks, job: str, run_id: int, store: str, spec: dict[str, Any], key: str
) -> None:
    tasks.crawl.send_with_options(
        kwargs={
            "job": job,
            "key": key,
            "run_id": run_id,
            "store": store,
            "spec": spec,
            "source": spec.get("id"),
            "target": spec.get("home"),
        }
    )


def add_crawl_result(summary: pipeline.CrawlSummary, result: dict[str, Any]) -> None:
    for name in SUMMED:
        setattr(summary, name, getattr(summary, name) + int(result.get(name, 0)))
    summary.articles_fetched += int(result.get("articles_fetched", 0))
    for source_id, url, reason in result.get("failures", []):
        summary.failures.append(SourceFailure(source_id, url, reason))


def process(
    settings: Settings,
    registry: Registry,
    *,
    everything: bool = False,
    today: date | None = None,
    progress: StepProgress | None = None,
    tasks: Tasks | None = None,
) -> pipeline.ProcessSummary:
    """Extract on the workers (one task per ``process_batch`` documents), then score topics,
    assign regions and rebuild stories here."""
    tasks = tasks or connect(settings)
    sessions = open_store(settings.db_url)
    todo = pipeline.documents_to_extract(sessions, everything=everything)
    size = max(settings.process_batch, 1)
    batches = [todo[i : i + size] for i in range(0, len(todo), size)]
    summary = pipeline.ProcessSummary()
    job = tasks.board.open("process", len(batches))
    common = {
        "job": job,
        "store": store_identity(settings),
        "everything": everything,
        "today": (today or datetime.now(UTC).date()).isoformat(),
        "languages": list(pipeline.languages_of(registry)),
    }
    for n, batch in enumerate(batches):
        ids = [j.article_id for j in batch]
        sources = sorted({j.source_id for j in batch})
        specs = {
            sid: registry.sources[sid].model_dump(mode="json")
            for sid in sources
            if sid in registry.sources
        }
        tasks.process.send_with_options(
            kwargs={
                **common,
                "key": f"batch-{n}",
                "ids": ids,
                "specs": specs,
                "source": ",".join(sources),
                "target": f"{len(ids)} documents, article ids {ids[0]}–{ids[-1]}",
            }
        )
    wait_for(tasks.board, job, progress)
    for result in tasks.board.results(job).values():
        summary.documents += int(result["documents"])
        summary.extracted += int(result["extracted"])
        summary.failed += int(result["failed"])
        summary.failures.extend(result["failures"])
    for key, dead in sorted(tasks.board.failures(job).items()):
        summary.failures.append(f"{key} ({dead.get('target')}): task failed: {dead.get('error')}")
    summary.understood = understand(sessions, settings, everything=everything)
    optimize(sessions)
    return summary
