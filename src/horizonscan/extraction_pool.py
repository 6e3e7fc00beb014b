"""Extraction of many archived documents in worker processes, each under a time limit.

A document that takes longer than the limit (a pathological page, a PDF that never ends)
is abandoned with a reason and the batch goes on.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from types import FrameType

from horizonscan.archive import Archive
from horizonscan.errors import ExtractError, StoreError
from horizonscan.extract.document import extract
from horizonscan.extract.language import identify
from horizonscan.records import Article
from horizonscan.sources.schema import SourceSpec
from horizonscan.store.articles import ProcessJob

INLINE_BELOW = 40  # documents: fewer are not worth starting processes for


@dataclass(frozen=True)
class ExtractTask:
    job: ProcessJob
    spec: SourceSpec | None
    archive_root: str
    today: date
    languages: tuple[str, ...]
    timeout: float


class _Timeout(Exception):
    pass


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Interrupt the block after ``seconds`` (main thread of a process only; elsewhere no limit)."""
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return

    def _raise(_signum: int, _frame: FrameType | None) -> None:
        raise _Timeout

    previous = signal.signal(signal.SIGALRM, _raise)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def run_task(task: ExtractTask) -> tuple[ProcessJob, Article | None, str | None]:
    archive = Archive(Path(task.archive_root))
    job = task.job
    try:
        with time_limit(task.timeout):
            body = archive.get(job.sha256)
            attached = [(media, archive.get(sha)) for _url, sha, media in job.attachments]
            article = extract(
                body,
                job.media,
                job.url,
                spec=task.spec,
                source_id=job.source_id,
                today=task.today,
                attachments=attached,
                hint_published=job.hint_published,
                hint_evidence=job.hint_evidence,
            )
            fallback = task.spec.language if task.spec else None
            language = identify(
                f"{article.title or ''}\n{article.text}", task.languages, fallback=fallback
            )
    except _Timeout:
        return job, None, f"extraction took longer than {task.timeout:g} s"
    except (ExtractError, StoreError) as exc:
        return job, None, str(exc)
    except RecursionError:
        return job, None, "document nested too deeply"
    return job, replace(article, language=language), None


def extract_all(
    tasks: list[ExtractTask], workers: int
) -> Iterator[tuple[ProcessJob, Article | None, str | None]]:
    if workers <= 1 or len(tasks) < INLINE_BELOW:
        yield from map(run_task, tasks)
        return
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    with ProcessPoolExecutor(
        max_workers=workers, mp_context=multiprocessing.get_context(method)
    ) as pool:
        yield from pool.map(run_task, tasks, chunksize=16)


def default_workers() -> int:
    return max(1, min(os.cpu_count() or 1, 8))
