"""Per-host politeness: one request at a time per host, a delay between them, robots.txt.

The crawler asks a ``HostLimiter`` for a slot before every request. ``HostGate`` keeps the
clock of one process (the default); ``horizonscan.distributed.hostgate.RedisHostGate`` keeps
it in Redis so that many worker processes together stay as polite as one.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Protocol
from urllib.parse import urlsplit

from protego import Protego

from horizonscan.sources.schema import netloc


class HostLimiter(Protocol):
    """Grants request slots per host: one at a time, ``delay`` seconds after the last ended."""

    def set_delay(self, host: str, seconds: float) -> None:
        """Raise the host's delay to ``seconds`` (the largest value asked for wins)."""

    def delay(self, host: str) -> float: ...

    def slot(self, url: str) -> AbstractAsyncContextManager[None]:
        """Wait for the host's turn; the request is made inside the block."""

    async def close(self) -> None:
        """Release what the limiter holds (connections); called when the crawl ends."""


class HostGate:
    """One lock and one clock per host: requests to a host are serialised and spaced."""

    def __init__(self) -> None:
        self._locks: dict[str, asyncio.Lock] = {}
        self._last: dict[str, float] = {}
        self._delay: dict[str, float] = {}
        self.log: list[tuple[str, float]] = []  # (host, monotonic start) for the politeness tests

    def set_delay(self, host: str, seconds: float) -> None:
        self._delay[host] = max(seconds, self._delay.get(host, 0.0))

    def delay(self, host: str) -> float:
        return self._delay.get(host, 0.0)

    @asynccontextmanager
    async def slot(self, url: str) -> AsyncIterator[None]:
        host = netloc(url)
        lock = self._locks.setdefault(host, asyncio.Lock())
        async with lock:
            wait = (
                self._last.get(host, float("-inf")) + self._delay.get(host, 0.0) - time.monotonic()
            )
            if wait > 0:
                await asyncio.sleep(wait)
            self.log.append((host, time.monotonic()))
            try:
                yield
            finally:
                self._last[host] = time.monotonic()

    async def close(self) -> None:
        return None


def robots_url(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}/robots.txt"


class RobotsRules:
    """Parsed robots.txt of one origin; ``None`` rules mean 'everything allowed'."""

    def __init__(self, text: str | None, user_agent: str, *, deny_all: str | None = None) -> None:
        self.deny_all = deny_all
        self.agent = user_agent.split("/")[0]
        self._parser = Protego.parse(text) if text else None

    def allowed(self, url: str) -> bool:
        if self.deny_all:
            return False
        return self._parser is None or bool(self._parser.can_fetch(url, self.agent))

    def crawl_delay(self) -> float:
        if self._parser is None:
            return 0.0
        value = self._parser.crawl_delay(self.agent)
        if value is None:
            rate = self._parser.request_rate(self.agent)
            if rate is not None and rate.requests:
                return float(rate.seconds) / float(rate.requests)
            return 0.0
        return float(value)

    def sitemaps(self) -> list[str]:
        return list(self._parser.sitemaps) if self._parser is not None else []
