"""Three workers crawl and process the demo corpus; one is killed with SIGKILL mid-run.

The workers and the sending command share a SQLite file in one variant and a PostgreSQL
database in the other. Either export must equal the single-process SQLite run's (same
articles, same fields, same stories, no duplicates) and no demo site may ever see two
requests closer than its delay.
"""

from __future__ import annotations

import itertools
import json
import signal
import subprocess
import time
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from redis import Redis
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.exc import SQLAlchemyError

from horizonscan.config import load_settings
from horizonscan.demo import serve_corpus
from horizonscan.sitehost import SiteHost
from tests.conftest import ROOT
from tests.distributed.conftest import WorkerProcess, horizonscan, start_worker, worker_env
from tests.pgserver import PgServer

CORPUS = ROOT / "demo"
DELAY = 0.1  # seconds between requests to one host, for every demo source


def demo_registry(host: SiteHost, target: Path) -> Path:
    text = host.substitute_text((CORPUS / "sources.toml").read_text("utf-8"))
    assert "delay = 0.0" in text
    target.write_text(text.replace("delay = 0.0", f"delay = {DELAY}"), "utf-8")
    return target


def export(db: str, env: dict[str, str], out: Path) -> list[dict[str, Any]]:
    subprocess.run(
        horizonscan("export", "--db", db, "--out", str(out)), env=env, cwd=ROOT, check=True
    )
    return [json.loads(line) for line in out.read_text("utf-8").splitlines()]


def comparable(rows: list[dict[str, Any]]) -> list[str]:
    """Rows without the fetch time and the story's name (the id of its oldest article)."""
    return sorted(
        json.dumps({k: v for k, v in r.items() if k not in ("fetched_at", "story")}, sort_keys=True)
        for r in rows
    )


def stories(rows: list[dict[str, Any]]) -> list[list[str]]:
    groups: dict[object, list[str]] = defaultdict(list)
    for row in rows:
        groups[row["story"]].append(str(row["url"]))
    return sorted(sorted(urls) for urls in groups.values())


def fetched_articles(engine: Engine) -> int:
    try:
        with engine.connect() as conn:
            count = conn.execute(text("select count(*) from articles where status='fetched'"))
            return int(count.scalar_one())
    except SQLAlchemyError:  # not created yet, or busy
        return 0


# What Chromium loads by itself while it renders a script-built listing (inside that
# listing's turn at the host); every other request is one the crawler made.
PAGE_ASSETS = (".css", ".js", ".json")


def request_times(host: SiteHost, marks: dict[str, int]) -> dict[str, list[float]]:
    return {
        name: sorted(
            t
            for t, _, path in host.log(name).requests[marks[name] :]
            if not path.endswith(PAGE_ASSETS)
        )
        for name in host.origins()
    }


@dataclass
class SingleRun:
    host: SiteHost
    registry: Path
    rows: list[dict[str, Any]]


@pytest.fixture(scope="module")
def single_run(redis_server: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[SingleRun]:
    """The demo sites, and the reference: one process crawling them into a SQLite file."""
    folder = tmp_path_factory.mktemp("single")
    env = worker_env(redis_server)
    with serve_corpus(CORPUS) as host:
        registry = demo_registry(host, folder / "sources.toml")
        single = str(folder / "h.db")
        subprocess.run(
            horizonscan("crawl", "--db", single, "--sources", str(registry), "--quiet"),
            env=env,
            cwd=ROOT,
            check=True,
            timeout=240,
        )
        rows = export(single, env, folder / "single.jsonl")
        assert len(rows) >= 99
        yield SingleRun(host, registry, rows)


def store_for(backend: str, request: pytest.FixtureRequest, folder: Path) -> str:
    """What the workers and the sender are given as ``--db``."""
    if backend == "sqlite":
        return str(folder / "h.db")
    server: PgServer = request.getfixturevalue("pg_server")
    return server.create_database("killed")


@pytest.mark.slow
@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_killed_worker_changes_nothing_in_the_result(
    backend: str,
    request: pytest.FixtureRequest,
    single_run: SingleRun,
    redis_url: str,
    tmp_path: Path,
) -> None:
    host, registry = single_run.host, single_run.registry
    env = worker_env(redis_url, HORIZONSCAN_ARCHIVE_DIR=str(tmp_path / "archive"))
    db = store_for(backend, request, tmp_path)
    reader = create_engine(load_settings(None, env={}, overrides={"db": db}).db_url)
    broker = Redis.from_url(redis_url)
    workers: list[WorkerProcess] = []
    marks = {name: len(host.log(name).requests) for name in host.origins()}
    try:
        workers = [start_worker(db, env, tmp_path / f"worker{n}.log") for n in range(3)]
        sender = subprocess.Popen(
            horizonscan(
                "crawl", "--distributed", "--db", db, "--sources", str(registry), "--quiet"
            ),
            env=env,
            cwd=ROOT,
        )
        # wait until a worker holds unfinished crawl tasks while articles are coming in
        victim = None
        deadline = time.monotonic() + 120
        while victim is None and time.monotonic() < deadline and sender.poll() is None:
            if fetched_articles(reader) >= 10:
                for worker in workers:
                    if broker.scard(f"horizonscan:__acks__.{worker.broker_id}.crawl"):
                        victim = worker
                        break
            time.sleep(0.05)
        assert victim is not None, "no worker was caught with a crawl task in hand"
        before_kill = fetched_articles(reader)
        victim.proc.send_signal(signal.SIGKILL)
        victim.proc.wait()
        assert before_kill < 99
        assert sender.wait(timeout=300) == 0
    finally:
        for worker in workers:
            worker.stop()
    times = request_times(host, marks)
    # the killed worker's unfinished tasks were handed back and done by the others
    assert not broker.exists(f"horizonscan:__acks__.{victim.broker_id}.crawl")
    assert broker.zcard("horizonscan:crawl.XQ") == 0
    broker.close()
    result = export(db, env, tmp_path / "distributed.jsonl")
    urls = [r["url"] for r in result]
    assert len(urls) == len(set(urls)), "an article was exported twice"
    assert comparable(result) == comparable(single_run.rows)
    assert stories(result) == stories(single_run.rows)
    try:
        with reader.connect() as conn:
            if backend == "sqlite":
                assert conn.execute(text("pragma integrity_check")).scalar_one() == "ok"
            dupes = conn.execute(
                text(
                    "select count(*) from (select article_id, url from attachments "
                    "group by 1, 2 having count(*) > 1) as twice"
                )
            ).scalar_one()
            assert dupes == 0
    finally:
        reader.dispose()
    for name, stamps in times.items():
        assert stamps, f"site {name} was never asked"
        gaps = [b - a for a, b in itertools.pairwise(stamps)]
        assert not gaps or min(gaps) >= DELAY, (name, min(gaps))
