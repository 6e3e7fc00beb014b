"""A task that fails every time is retried, then parked in the dead-letter queue, where
`sources health` shows it with its source, URL and last error; the sender is not left hanging."""

from __future__ import annotations

import subprocess
from pathlib import Path

from redis import Redis

from horizonscan.config import load_settings
from horizonscan.distributed import dispatch
from horizonscan.distributed.broker import connect
from horizonscan.distributed.tasks import store_identity
from horizonscan.store import open_store
from tests.conftest import ROOT
from tests.distributed.conftest import horizonscan, start_worker, worker_env


def test_poison_task_lands_in_the_dead_letter_queue_and_in_health(
    redis_url: str, tmp_path: Path
) -> None:
    db = tmp_path / "h.db"
    env = worker_env(redis_url)
    settings = load_settings(
        None, env={}, overrides={"db": str(db), "broker_url": redis_url, "task_retries": 2}
    )
    open_store(settings.db_url)
    worker = start_worker(db, env, tmp_path / "worker.log")
    tasks = connect(settings)
    try:
        job = tasks.board.open("crawl", 2)
        # a registry entry the worker cannot read: fails on every try
        broken = {"id": "ghost", "home": "http://127.0.0.1:9/ghost/", "feeds": "not a list"}
        dispatch.send_crawl(tasks, job, 1, store_identity(settings), broken, "ghost")
        # a task meant for another store: no worker of this pool may run it
        elsewhere = settings.model_copy(update={"db": str(tmp_path / "other.db")})
        good = {"id": "elsewhere", "home": "http://127.0.0.1:9/", "name": "x"}
        dispatch.send_crawl(tasks, job, 1, store_identity(elsewhere), good, "elsewhere")
        dispatch.wait_for(tasks.board, job, timeout=120)  # returns: dead tasks count as finished
        assert tasks.board.counts(job) == (0, 2, 2)
        failures = tasks.board.failures(job)
        assert "ConfigError" in failures["ghost"]["error"]
        assert "other.db" in failures["elsewhere"]["error"]
        assert failures["ghost"]["retries"] == 3  # the first try and two retries
    finally:
        tasks.close()
        worker.stop()
    client = Redis.from_url(redis_url)
    assert client.zcard("horizonscan:crawl.XQ") == 2
    assert client.llen("horizonscan:crawl") == 0
    client.close()
    health = subprocess.run(
        horizonscan("sources", "health", "--db", str(db)),
        env={**env, "COLUMNS": "250"},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert health.returncode == 1, health.stdout + health.stderr
    text = health.stdout
    assert "dead-letter queue: 2 task(s)" in text
    assert "ghost" in text and "http://127.0.0.1:9/ghost/" in text
    assert "ConfigError" in text and "feeds" in text, text
    assert "elsewhere" in text


def test_health_without_a_broker_shows_no_dead_letter_section(tmp_path: Path) -> None:
    env = {k: v for k, v in worker_env("").items() if k != "HORIZONSCAN_BROKER_URL"}
    health = subprocess.run(
        horizonscan("sources", "health", "--db", str(tmp_path / "h.db")),
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert health.returncode == 0, health.stderr
    assert "dead-letter" not in health.stdout
