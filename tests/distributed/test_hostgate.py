"""The per-host lock and clock in Redis: many gates (as in many workers) stay as polite as one."""

from __future__ import annotations

import asyncio
import itertools
import threading
import time

from redis import Redis

from horizonscan.distributed.hostgate import ACQUIRE, PREFIX, RedisHostGate

URL = "http://127.0.0.1:8000/page"
HOST = "127.0.0.1:8000"


def _crawl(redis_url: str, delay: float, requests: int, log: list[tuple[float, float]]) -> None:
    """One 'worker': its own event loop and gate, ``requests`` requests of 20 ms to HOST."""

    async def run() -> None:
        gate = RedisHostGate(redis_url, lease=5.0)
        gate.set_delay(HOST, delay)
        try:
            for _ in range(requests):
                async with gate.slot(URL):
                    start = time.monotonic()
                    await asyncio.sleep(0.02)
                    log.append((start, time.monotonic()))
        finally:
            await gate.close()

    asyncio.run(run())


def test_three_gates_share_one_request_at_a_time_and_the_delay(redis_url: str) -> None:
    log: list[tuple[float, float]] = []
    threads = [threading.Thread(target=_crawl, args=(redis_url, 0.1, 5, log)) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    spans = sorted(log)
    assert len(spans) == 15
    gaps = [b[0] - a[1] for a, b in itertools.pairwise(spans)]
    # the next request starts a full delay after the previous one ended, whichever gate sent it
    assert min(gaps) >= 0.1, gaps
    # and the gates do not wait much longer than they must
    assert spans[-1][1] - spans[0][0] < 15 * 0.02 + 14 * 0.1 + 2.0


def test_the_largest_delay_asked_for_a_host_holds_for_every_gate(redis_url: str) -> None:
    log: list[tuple[float, float]] = []
    _crawl(redis_url, 0.4, 1, log)  # a source whose delay is 0.4 s
    _crawl(redis_url, 0.0, 2, log)  # another source on the same host, without delay
    gaps = [b[0] - a[1] for a, b in itertools.pairwise(log)]
    assert min(gaps) >= 0.4, gaps


def test_a_dead_workers_claim_on_a_host_lapses_after_the_lease(redis_url: str) -> None:
    client = Redis.from_url(redis_url)
    script = client.register_script(ACQUIRE)
    # a worker took the host and was killed before it could hand it back
    assert script(keys=[PREFIX + HOST, PREFIX + HOST + ":lease"], args=["dead", 1500, 0]) == 0
    assert script(keys=[PREFIX + HOST, PREFIX + HOST + ":lease"], args=["other", 1500, 0]) == -1
    started = time.monotonic()
    log: list[tuple[float, float]] = []
    _crawl(redis_url, 0.0, 1, log)
    waited = log[0][0] - started
    assert 1.0 <= waited < 4.0, waited
    client.close()


def test_a_live_gate_keeps_its_claim_past_the_lease(redis_url: str) -> None:
    """A long request (retries, back-off) renews its claim, so nobody else sends meanwhile."""
    log: list[tuple[float, float]] = []

    async def long_request() -> None:
        gate = RedisHostGate(redis_url, lease=0.3)
        try:
            async with gate.slot(URL):
                start = time.monotonic()
                await asyncio.sleep(1.0)
                log.append((start, time.monotonic()))
        finally:
            await gate.close()

    first = threading.Thread(target=lambda: asyncio.run(long_request()))
    first.start()
    time.sleep(0.2)
    _crawl(redis_url, 0.0, 1, log)
    first.join(timeout=30)
    spans = sorted(log)
    assert len(spans) == 2
    assert spans[1][0] >= spans[0][1], spans
