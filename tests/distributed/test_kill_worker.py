"""Three workers crawl and process the demo corpus; one is killed with SIGKILL mid-run.

The export must equal the single-process run's (same articles, same fields, same stories,
no duplicates) and no demo site may ever see two requests closer than its delay.
"""

from __future__ import annotations

import itertools
import json
import signal
import sqlite3
import subprocess
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
from redis import Redis

from horizonscan.demo import serve_corpus
from horizonscan.sitehost import SiteHost
from tests.conftest import ROOT
from tests.distributed.conftest import WorkerProcess, horizonscan, start_worker, worker_env

CORPUS = ROOT / "demo"
DELAY = 0.1  # seconds between requests to one host, for every demo source


def demo_registry(host: SiteHost, target: Path) -> Path:
    text = host.substitute_text((CORPUS / "sources.toml").read_text("utf-8"))
    assert "delay = 0.0" in text
    target.write_text(text.replace("delay = 0.0", f"delay = {DELAY}"), "utf-8")
    return target


def export(db: Path, env: dict[str, str], out: Path) -> list[dict[str, Any]]:
    subprocess.run(
        horizonscan("export", "--db", str(db), "--out", str(out)), env=env, cwd=ROOT, check=True
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


def fetched_articles(db: Path) -> int:
    try:
        with sqlite3.connect(db, timeout=1) as conn:
            row = conn.execute("select count(*) from articles where status='fetched'").fetchone()
    except sqlite3.Error:  # not created yet, or busy
        return 0
    return int(row[0])


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


@pytest.mark.slow
def test_killed_worker_changes_nothing_in_the_result(redis_url: str, tmp_path: Path) -> None:
    env = worker_env(redis_url)
    broker = Redis.from_url(redis_url)
    workers: list[WorkerProcess] = []
    with serve_corpus(CORPUS) as host:
        registry = demo_registry(host, tmp_path / "sources.toml")
        single = tmp_path / "single" / "h.db"
        subprocess.run(
            horizonscan("crawl", "--db", str(single), "--sources", str(registry), "--quiet"),
            env=env,
            cwd=ROOT,
            check=True,
            timeout=240,
        )
        marks = {name: len(host.log(name).requests) for name in host.origins()}
        db = tmp_path / "distributed" / "h.db"
        try:
            workers = [
                start_worker(db, env, tmp_path / f"worker{n}.log") for n in range(3)
            ]  # fmt: skip
            sender = subprocess.Popen(
                horizonscan(
                    "crawl", "--distributed", "--db", str(db), "--sources", str(registry), "--quiet"
                ),
                env=env,
                cwd=ROOT,
            )
            # wait until a worker holds unfinished crawl tasks while articles are coming in
            victim = None
            deadline = time.monotonic() + 120
            while victim is None and time.monotonic() < deadline and sender.poll() is None:
                if fetched_articles(db) >= 10:
                    for worker in workers:
                        if broker.scard(f"horizonscan:__acks__.{worker.broker_id}.crawl"):
                            victim = worker
                            break
                time.sleep(0.05)
            assert victim is not None, "no worker was caught with a crawl task in hand"
            before_kill = fetched_articles(db)
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
    reference = export(single, env, tmp_path / "single.jsonl")
    result = export(db, env, tmp_path / "distributed.jsonl")
    assert len(reference) >= 99
    urls = [r["url"] for r in result]
    assert len(urls) == len(set(urls)), "an article was exported twice"
    assert comparable(result) == comparable(reference)
    assert stories(result) == stories(reference)
    with sqlite3.connect(db) as conn:
        assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"
        (dupes,) = conn.execute(
            "select count(*) from (select article_id, url from attachments "
            "group by 1, 2 having count(*) > 1)"
        ).fetchone()
        assert dupes == 0
    for name, stamps in times.items():
        assert stamps, f"site {name} was never asked"
        gaps = [b - a for a, b in itertools.pairwise(stamps)]
        assert not gaps or min(gaps) >= DELAY, (name, min(gaps))
