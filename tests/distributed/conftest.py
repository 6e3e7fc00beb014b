"""A real redis-server (Debian's) on a free loopback port, and `horizonscan worker` processes."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from redis import Redis
from redis.exceptions import ConnectionError as RedisConnectionError

from tests.conftest import ROOT


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    exe = shutil.which("redis-server") or "/usr/bin/redis-server"
    if not Path(exe).is_file():
        pytest.fail("redis-server not found: scripts/install-system-deps installs redis-server")
    folder = tmp_path_factory.mktemp("redis")
    port = free_port()
    proc = subprocess.Popen(
        [
            exe,
            "--port", str(port),
            "--bind", "127.0.0.1",
            "--save", "",
            "--appendonly", "no",
            "--dir", str(folder),
            "--loglevel", "warning",
        ],
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"redis://127.0.0.1:{port}/0"
    client = Redis.from_url(url)
    deadline = time.monotonic() + 20
    while True:
        try:
            client.ping()
            break
        except RedisConnectionError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail(f"redis-server did not start on port {port}")
            time.sleep(0.05)
    client.close()
    try:
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=20)


@pytest.fixture
def redis_url(redis_server: str) -> Iterator[str]:
    """The session's server, emptied for each test."""
    client = Redis.from_url(redis_server)
    client.flushall()
    client.close()
    yield redis_server


def worker_env(redis_url: str, **extra: str) -> dict[str, str]:
    """Settings for fast failure handling: heartbeats, leases and retries in seconds."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("HORIZONSCAN_")}
    env.update(
        {
            "HORIZONSCAN_BROKER_URL": redis_url,
            "HORIZONSCAN_HEARTBEAT_TIMEOUT": "3",
            "HORIZONSCAN_HOST_LEASE": "2",
            "HORIZONSCAN_TASK_RETRIES": "2",
            "HORIZONSCAN_TASK_BACKOFF": "0.2",
            "HORIZONSCAN_WORKERS": "1",
            "HORIZONSCAN_DEFAULT_DELAY": "0",
            "HORIZONSCAN_TOPICS_DIR": str(ROOT / "topics"),
        }
    )
    env.update(extra)
    return env


def horizonscan(*args: str) -> list[str]:
    return [sys.executable, "-m", "horizonscan", *args]


@dataclass
class WorkerProcess:
    proc: subprocess.Popen[bytes]
    log: Path
    broker_id: str

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def start_worker(
    db: str | Path, env: dict[str, str], log: Path, *extra: str, threads: int = 2
) -> WorkerProcess:
    """A `horizonscan worker` subprocess on ``db`` (a SQLite file or a database URL),
    returned once it says it is ready."""
    handle = log.open("wb")
    proc = subprocess.Popen(
        horizonscan("worker", "--db", str(db), "--threads", str(threads), *extra),
        env=env,
        cwd=ROOT,
        stdout=handle,
        stderr=subprocess.STDOUT,
    )
    handle.close()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        text = log.read_text("utf-8", "replace")
        for line in text.splitlines():
            if " ready: " in line and " id " in line:
                return WorkerProcess(proc, log, line.split(" id ")[1].split(",")[0])
        if proc.poll() is not None:
            break
        time.sleep(0.1)
    proc.kill()
    proc.wait()
    pytest.fail(f"worker did not start: {log.read_text('utf-8', 'replace')[-2000:]}")
