"""One careful HTTP GET: host policy, redirects, retries, size cap, conditional requests.

Every outcome becomes a ``Page``; nothing here raises for a bad answer. The caller holds
the host's politeness gate around ``fetch`` (retries included, so a host that asked us to
back off gets no other request meanwhile).
"""

from __future__ import annotations

import asyncio
import email.utils
import hashlib
import time
import zlib
from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import UTC, datetime

import httpx

from horizonscan.config import Settings
from horizonscan.crawl.content import classify, refuse_early
from horizonscan.crawl.urls import HostPolicy, canonical
from horizonscan.errors import (
    BodyTooLarge,
    ContentRejected,
    FetchError,
    HttpStatusError,
    RobotsDisallowed,
    TooManyRedirects,
    TransportError,
)
from horizonscan.records import Link, MediaKind, Page, Validators

RETRY_STATUS = frozenset({408, 425, 429, 500, 502, 503, 504})
REDIRECT_STATUS = frozenset({301, 302, 303, 307, 308})
Sleep = Callable[[float], Awaitable[None]]


def make_client(settings: Settings) -> httpx.AsyncClient:
    timeout = httpx.Timeout(
        connect=settings.connect_timeout,
        read=settings.read_timeout,
        write=settings.read_timeout,
        pool=None,
    )
    limits = httpx.Limits(
        max_connections=settings.concurrency,
        max_keepalive_connections=settings.concurrency,
        keepalive_expiry=30,
    )
    return httpx.AsyncClient(
        timeout=timeout,
        limits=limits,
        follow_redirects=False,
        trust_env=False,
        headers={
            "User-Agent": settings.user_agent,
            "Accept-Encoding": "gzip, deflate",
            "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,"
            "application/pdf;q=0.8,*/*;q=0.5",
        },
    )


def retry_after_seconds(value: str | None, now: float | None = None) -> float | None:
    """Seconds from a Retry-After header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isascii() and value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, when.timestamp() - (now if now is not None else time.time()))


class _Decoder:
    """Streaming Content-Encoding decoder that never inflates past the cap."""

    def __init__(self, url: str, encoding: str, cap: int) -> None:
        self.url = url
        self.cap = cap
        self.size = 0
        self.parts: list[bytes] = []
        encoding = encoding.strip().lower()
        if encoding in ("", "identity"):
            self._z: zlib._Decompress | None = None
        elif encoding in ("gzip", "x-gzip"):
            self._z = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif encoding == "deflate":
            self._z = zlib.decompressobj()
        else:
            raise TransportError(url, f"unsupported content encoding {encoding!r}")

    def _keep(self, data: bytes) -> None:
        self.size += len(data)
        if self.size > self.cap:
            raise BodyTooLarge(url=self.url, reason=f"body exceeds {self.cap} bytes")
        self.parts.append(data)

    def feed(self, chunk: bytes) -> None:
        if self._z is None:
            self._keep(chunk)
            return
        data = chunk
        try:
            while data:
                out = self._z.decompress(data, self.cap - self.size + 1)
                self._keep(out)
                data = self._z.unconsumed_tail
        except zlib.error as exc:
            raise TransportError(self.url, f"corrupt compressed body: {exc}") from exc

    def finish(self) -> bytes:
        if self._z is not None:
            try:
                self._keep(self._z.flush())
            except zlib.error as exc:
                raise TransportError(self.url, f"corrupt compressed body: {exc}") from exc
        return b"".join(self.parts)


def _transport_reason(exc: httpx.HTTPError) -> str:
    text = str(exc) or exc.__class__.__name__
    if isinstance(exc, httpx.TimeoutException):
        return f"timeout ({exc.__class__.__name__})"
    if isinstance(exc, httpx.ConnectError):
        lowered = text.lower()
        if "ssl" in lowered or "tls" in lowered or "certificate" in lowered:
            return f"TLS error: {text}"
        if "name or service" in lowered or "nodename" in lowered or "getaddrinfo" in lowered:
            return f"DNS failure: {text}"
        return f"connection failed: {text}"
    if isinstance(exc, httpx.RemoteProtocolError):
        return f"connection broke off: {text}"
    return f"{exc.__class__.__name__}: {text}"


class Fetcher:
    """Fetches one ``Link`` into a ``Page`` following the crawl settings."""

    def __init__(
        self,
        settings: Settings,
        policy: HostPolicy,
        client: httpx.AsyncClient,
        *,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self.settings = settings
        self.policy = policy
        self.client = client
        self.sleep = sleep
        self.requests = 0

    async def fetch(self, link: Link, validators: Validators | None = None) -> Page:
        started = time.monotonic()
        attempts = 0
        delay = self.settings.backoff
        while True:
            attempts += 1
            try:
                async with asyncio.timeout(self.settings.request_deadline):
                    page = await self._once(link, validators)
                return _with(page, started, attempts)
            except TimeoutError:
                error: FetchError = TransportError(
                    link.url, f"deadline of {self.settings.request_deadline:g} s passed"
                )
                wait: float | None = delay
            except HttpStatusError as exc:
                error = exc
                retryable = exc.status in RETRY_STATUS
                wait = (
                    (exc.retry_after if exc.retry_after is not None else delay)
                    if retryable
                    else None
                )
            except TransportError as exc:
                error = exc
                wait = delay if not exc.reason.startswith(("TLS", "DNS", "unsupported")) else None
            except FetchError as exc:
                error, wait = exc, None
            if wait is None or attempts > self.settings.retries:
                return _failed(link, error, started, attempts)
            if wait > self.settings.max_retry_after:
                reason = f"{error.reason}; asked to wait {wait:.0f} s, more than the limit"
                return _failed(
                    link, FetchError(link.url, reason, status=error.status), started, attempts
                )
            await self.sleep(wait)
            delay = min(delay * 2, self.settings.max_retry_after)

    async def _once(self, link: Link, validators: Validators | None) -> Page:
        url = link.url
        headers: dict[str, str] = {}
        if validators and validators.etag:
            headers["If-None-Match"] = validators.etag
        if validators and validators.last_modified:
            headers["If-Modified-Since"] = validators.last_modified
        seen: list[str] = []
        for _hop in range(self.settings.max_redirects + 1):
            self.policy.check(link.source_id, url, redirect=bool(seen))
            self.requests += 1
            try:
                async with self.client.stream("GET", url, headers=headers) as response:
                    if response.status_code in REDIRECT_STATUS:
                        target = response.headers.get("location", "")
                        if not target:
                            raise HttpStatusError(
                                url, "redirect without Location", status=response.status_code
                            )
                        seen.append(url)
                        url = canonical(target, base=url)
                        if url in seen:
                            raise TooManyRedirects(link.url, "redirect loop")
                        continue
                    return await self._read(link, url, response, validators)
            except httpx.HTTPError as exc:
                raise TransportError(url, _transport_reason(exc)) from exc
        raise TooManyRedirects(link.url, f"more than {self.settings.max_redirects} redirects")

    async def _read(
        self, link: Link, url: str, response: httpx.Response, validators: Validators | None
    ) -> Page:
        status = response.status_code
        now = datetime.now(UTC)
        if status == 304:
            return Page(
                url=link.url,
                source_id=link.source_id,
                kind=link.kind,
                outcome="not_modified",
                fetched_at=now,
                final_url=url,
                status=304,
                etag=response.headers.get("etag") or (validators.etag if validators else None),
                last_modified=response.headers.get("last-modified")
                or (validators.last_modified if validators else None),
                sha256=validators.content_sha256 if validators else None,
                headers=tuple(response.headers.items()),
                changed=False,
            )
        if status >= 400 or status < 200:
            raise HttpStatusError(
                url,
                f"HTTP {status}",
                status=status,
                retry_after=retry_after_seconds(response.headers.get("retry-after")),
            )
        content_type = response.headers.get("content-type")
        refuse_early(url, content_type)
        length = response.headers.get("content-length", "")
        if length.isascii() and length.isdigit() and int(length) > self.settings.max_bytes:
            raise BodyTooLarge(
                url, f"Content-Length {length} exceeds {self.settings.max_bytes} bytes"
            )
        decoder = _Decoder(
            url, response.headers.get("content-encoding", ""), self.settings.max_bytes
        )
        async for chunk in response.aiter_raw():
            decoder.feed(chunk)
        body = decoder.finish()
        media: MediaKind = classify(url, link.kind, content_type, body)
        digest = hashlib.sha256(body).hexdigest()
        return Page(
            url=link.url,
            source_id=link.source_id,
            kind=link.kind,
            outcome="fetched",
            fetched_at=now,
            final_url=url,
            status=status,
            media=media,
            content_type=content_type,
            body=body,
            sha256=digest,
            headers=tuple(response.headers.items()),
            etag=response.headers.get("etag"),
            last_modified=response.headers.get("last-modified"),
            changed=not (validators and validators.content_sha256 == digest),
        )


def _with(page: Page, started: float, attempts: int) -> Page:
    return replace(page, elapsed_ms=int((time.monotonic() - started) * 1000), attempts=attempts)


def _failed(link: Link, error: FetchError, started: float, attempts: int) -> Page:
    return Page(
        url=link.url,
        source_id=link.source_id,
        kind=link.kind,
        outcome="skipped" if isinstance(error, ContentRejected | RobotsDisallowed) else "failed",
        fetched_at=datetime.now(UTC),
        final_url=error.url,
        status=error.status,
        reason=error.reason,
        elapsed_ms=int((time.monotonic() - started) * 1000),
        attempts=attempts,
    )
