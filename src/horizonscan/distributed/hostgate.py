"""Per-host politeness shared by every worker: the host's lock and clock live in Redis.

A request to a host needs the host's lease (one request at a time over all workers) and
must start no sooner than the host's delay after the previous request *ended*. Both checks
and the hand-over are atomic Lua scripts that read Redis's own clock, so workers on
different machines need no synchronised clocks. A worker renews its lease while the request
runs; a killed worker's lease lapses after ``host_lease`` seconds and the host is free again.

The delay of a host is the largest any worker asked for (a source's ``delay``, robots.txt's
Crawl-delay), remembered while the host is being crawled.
"""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from redis.asyncio import Redis
from redis.exceptions import RedisError

from horizonscan.errors import BrokerError
from horizonscan.sources.schema import netloc

PREFIX = "horizonscan:host:"

# KEYS: host hash, lease key. ARGV: token, lease in ms, delay in µs.
# Returns 0 when the lease is granted, -1 while another worker holds it, else the
# microseconds left before the host's next request may start.
ACQUIRE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
if redis.call('EXISTS', KEYS[2]) == 1 then return -1 end
local delay = math.max(tonumber(ARGV[3]), tonumber(redis.call('HGET', KEYS[1], 'delay') or '0'))
local last = redis.call('HGET', KEYS[1], 'last')
if last and tonumber(last) + delay > now then return tonumber(last) + delay - now end
redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[2])
return 0
"""

# KEYS: host hash, lease key. ARGV: token, delay in µs, memory in seconds.
# Records the end of this request (the next one waits a delay from here). Times are
# written with %.0f: Lua's default number format would round microsecond timestamps.
RELEASE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local delay = math.max(tonumber(ARGV[2]), tonumber(redis.call('HGET', KEYS[1], 'delay') or '0'))
redis.call('HSET', KEYS[1], 'last', string.format('%.0f', now),
           'delay', string.format('%.0f', delay))
redis.call('EXPIRE', KEYS[1], ARGV[3])
if redis.call('GET', KEYS[2]) == ARGV[1] then redis.call('DEL', KEYS[2]) end
return delay
"""

# KEYS: lease key. ARGV: token, lease in ms.
RENEW = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0
"""


class RedisHostGate:
    """A ``HostLimiter`` whose per-host lock and clock are shared through Redis."""

    def __init__(self, url: str, *, lease: float = 30.0, memory: float = 3600.0) -> None:
        self.url = url
        self.lease_ms = max(int(lease * 1000), 100)
        self.memory = max(int(memory), 60)
        self._client: Redis | None = None
        self._scripts: dict[str, Any] = {}
        self._delay: dict[str, float] = {}
        self._locks: dict[str, asyncio.Lock] = {}

    def set_delay(self, host: str, seconds: float) -> None:
        self._delay[host] = max(seconds, self._delay.get(host, 0.0))

    def delay(self, host: str) -> float:
        return self._delay.get(host, 0.0)

    def _script(self, name: str) -> Any:
        if self._client is None:
            self._client = Redis.from_url(self.url)
            for key, text in (("acquire", ACQUIRE), ("release", RELEASE), ("renew", RENEW)):
                self._scripts[key] = self._client.register_script(text)
        return self._scripts[name]

    @asynccontextmanager
    async def slot(self, url: str) -> AsyncIterator[None]:
        host = netloc(url)
        keys = [PREFIX + host, PREFIX + host + ":lease"]
        token = uuid.uuid4().hex
        delay = self._delay.get(host, 0.0)
        delay_us = int(delay * 1e6)
        poll = min(0.05, max(delay / 4, 0.005))
        async with self._locks.setdefault(host, asyncio.Lock()):
            try:
                while True:
                    wait = int(
                        await self._script("acquire")(
                            keys=keys, args=[token, self.lease_ms, delay_us]
                        )
                    )
                    if wait == 0:
                        break
                    await asyncio.sleep(wait / 1e6 if wait > 0 else poll)
            except RedisError as exc:
                raise BrokerError(f"host gate for {host}: Redis at {self.url}: {exc}") from exc
            renewal = asyncio.create_task(self._renew(keys[1], token))
            try:
                yield
            finally:
                renewal.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await renewal
                try:
                    await self._script("release")(keys=keys, args=[token, delay_us, self.memory])
                except RedisError as exc:
                    raise BrokerError(f"host gate for {host}: Redis at {self.url}: {exc}") from exc

    async def _renew(self, key: str, token: str) -> None:
        """Keep the lease while the request runs (retries and back-off included)."""
        while True:
            await asyncio.sleep(self.lease_ms / 3000)
            with contextlib.suppress(RedisError):
                await self._script("renew")(keys=[key], args=[token, self.lease_ms])

    async def close(self) -> None:
        if self._client is not None:
            client, self._client = self._client, None
            self._scripts.clear()
            await client.aclose()
