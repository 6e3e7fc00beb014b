"""What a worker does with a task: crawl one source, or extract one batch of documents.

Both are idempotent. A crawl task reads what the store already holds before it starts, so
run again after a worker died it fetches only what the first run left pending, and every
row it writes is keyed (URL, digest, article and attachment) so nothing is written twice.
A batch skips documents already extracted from their current bytes. Extraction runs in a
pool of spawned processes owned by the worker, each document under ``extract_timeout``.
"""

from __future__ import annotations

import multiprocessing
import re
import threading
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from datetime import date
from typing import Any

from pydantic import ValidationError
from sqlalchemy.orm import Session, sessionmaker

from horizonscan import pipeline
from horizonscan.config import Settings
from horizonscan.distributed.hostgate import RedisHostGate
from horizonscan.errors import ConfigError
from horizonscan.extraction_pool import ExtractTask, default_workers, run_task
from horizonscan.records import Article
from horizonscan.sources.schema import SourceSpec
from horizonscan.store import open_store
from horizonscan.store.articles import ProcessJob


def store_identity(settings: Settings) -> str:
    """The database (password hidden) and archive a task is meant for."""
    url = re.sub(r"(://[^:/@]+):[^@]*@", r"\1:***@", settings.db_url)
    return f"{url} archive={settings.archive_path.resolve()}"


def spec_of(data: dict[str, Any]) -> SourceSpec:
    try:
        return SourceSpec.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()
        )
        raise ConfigError(
            f"source spec in task is invalid: {problems}", where=str(data.get("id"))
        ) from exc


class WorkerRuntime:
    """The state one worker process keeps between tasks: store, extraction pool."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.identity = store_identity(settings)
        self._sessions: sessionmaker[Session] | None = None
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()

    def sessions(self) -> sessionmaker[Session]:
        with self._lock:
            if self._sessions is None:
                self._sessions = open_store(self.settings.db_url)
            return self._sessions

    def _check_store(self, task: dict[str, Any]) -> None:
        if task.get("store") != self.identity:
            raise ConfigError(
                f"task for {task.get('store')} reached a worker serving {self.identity}; "
                "start workers with the same --db and archive_dir as the sender",
                where=f"task {task.get('key')}",
            )

    def crawl_source(self, task: dict[str, Any]) -> dict[str, Any]:
        self._check_store(task)
        spec = spec_of(task["spec"])
        summary = pipeline.CrawlSummary(run_id=int(task["run_id"]), sources=1)
        gate = RedisHostGate(
            str(self.settings.broker_url),
            lease=self.settings.host_lease,
            memory=max(3600.0, self.settings.max_crawl_delay * 10),
        )
        pipeline.crawl_sources(self.settings, [spec], summary, sessions=self.sessions(), gate=gate)
        result = {
            k: v
            for k, v in summary.as_dict().items()
            if k not in ("failures", "sources", "seconds")
        }
        result["articles_fetched"] = summary.articles_fetched
        result["seconds"] = summary.seconds
        result["failures"] = [[f.source_id, f.url, f.reason] for f in summary.failures]
        return result

    def process_batch(self, task: dict[str, Any]) -> dict[str, Any]:
        self._check_store(task)
        specs = {sid: spec_of(data) for sid, data in dict(task["specs"]).items()}
        summary = pipeline.extract_documents(
            self.settings,
            self.sessions(),
            specs,
            tuple(task["languages"]),
            everything=bool(task["everything"]),
            article_ids=[int(i) for i in task["ids"]],
            today=date.fromisoformat(str(task["today"])),
            extractor=self._extract,
        )
        return {
            "documents": summary.documents,
            "extracted": summary.extracted,
            "failed": summary.failed,
            "failures": summary.failures[:50],
        }

    def _extract(
        self, tasks: list[ExtractTask]
    ) -> Iterable[tuple[ProcessJob, Article | None, str | None]]:
        if not tasks:
            return []
        with self._lock:
            if self._pool is None:
                self._pool = ProcessPoolExecutor(
                    max_workers=self.settings.workers or default_workers(),
                    mp_context=multiprocessing.get_context("spawn"),
                )
            pool = self._pool
        try:
            return list(pool.map(run_task, tasks, chunksize=4))
        except BrokenProcessPool:
            with self._lock:  # a document killed its process: a fresh pool for the retry
                if self._pool is pool:
                    self._pool = None
            pool.shutdown(wait=False, cancel_futures=True)
            raise

    def close(self) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
