"""The crawl of a set of sources: robots, discovery, articles, attachments.

The crawler decides what to fetch from the discovery documents and from what the store
remembers (``KnownResource`` records handed in), and reports every outcome to a sink. It
persists nothing itself: ``pipeline`` implements the sink.

Politeness: each host has one lock and a delay (the larger of the source's ``delay`` and
robots.txt's Crawl-delay); many hosts are crawled at once. The lock and clock live in a
``HostLimiter``: in this process by default, in Redis when many workers crawl together.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Protocol

from horizonscan.archive import Archive
from horizonscan.config import Settings
from horizonscan.crawl import discover
from horizonscan.crawl.fetch import Fetcher, make_client
from horizonscan.crawl.politeness import HostGate, HostLimiter, RobotsRules, robots_url
from horizonscan.crawl.render import BrowserRenderer
from horizonscan.crawl.urls import HostPolicy, canonical
from horizonscan.errors import HorizonscanError, StoreError
from horizonscan.records import Discovery, KnownResource, Link, Page, SourceFailure
from horizonscan.sources.schema import SourceSpec, netloc

log = logging.getLogger(__name__)


class CrawlSink(Protocol):
    def page(self, page: Page) -> None: ...

    def links(self, links: Sequence[Link]) -> None: ...

    def attach(self, article_url: str, attachment_url: str) -> None: ...


@dataclass
class Known:
    """What the store remembers, indexed by URL."""

    resources: Mapping[str, KnownResource] = field(default_factory=dict)
    articles: Mapping[str, KnownResource] = field(default_factory=dict)


@dataclass
class SourceOutcome:
    source_id: str
    requests: int = 0
    articles_seen: int = 0
    articles_fetched: int = 0
    failures: list[SourceFailure] = field(default_factory=list)


class Crawler:
    def __init__(
        self,
        settings: Settings,
        sources: Sequence[SourceSpec],
        archive: Archive,
        sink: CrawlSink,
        known: Known,
        *,
        now: datetime | None = None,
        gate: HostLimiter | None = None,
    ) -> None:
        self.settings = settings
        self.sources = list(sources)
        self.archive = archive
        self.sink = sink
        self.known = known
        self.now = now or datetime.now(UTC)
        self.policy = HostPolicy(self.sources)
        self.gate: HostLimiter = gate if gate is not None else HostGate()
        self._robots: dict[str, RobotsRules] = {}
        self._robots_locks: dict[str, asyncio.Lock] = {}
        self._renderer: BrowserRenderer | None = None
        self._attached: set[str] = set()
        self.outcomes: dict[str, SourceOutcome] = {s.id: SourceOutcome(s.id) for s in self.sources}

    async def run(self) -> dict[str, SourceOutcome]:
        async with make_client(self.settings) as client:
            self.fetcher = Fetcher(self.settings, self.policy, client)
            try:
                await asyncio.gather(*(self._source(spec) for spec in self.sources))
            finally:
                if self._renderer is not None:
                    await self._renderer.close()
                await self.gate.close()
        return self.outcomes

    # -- one source ------------------------------------------------------------------

    async def _source(self, spec: SourceSpec) -> None:
        outcome = self.outcomes[spec.id]
        try:
            await self._crawl_source(spec, outcome)
        except HorizonscanError as exc:
            outcome.failures.append(SourceFailure(spec.id, spec.home, str(exc)))
        except Exception as exc:
            log.exception("source %s crashed", spec.id)
            outcome.failures.append(SourceFailure(spec.id, spec.home, f"internal error: {exc!r}"))

    async def _crawl_source(self, spec: SourceSpec, outcome: SourceOutcome) -> None:
        keep = discover.LinkFilter(spec, self.policy)
        for host in {netloc(u) for u in spec.declared_urls()}:
            self.gate.set_delay(
                host, spec.delay if spec.delay is not None else self.settings.default_delay
            )
        found: dict[str, Link] = {}
        for url in spec.feeds:
            page = await self._document(spec, Link(canonical(url), spec.id, "feed"))
            if page is not None:
                self._collect(found, discover.from_feed(page, spec, keep), outcome)
        for url in spec.sitemaps:
            await self._sitemaps(
                spec, keep, Link(canonical(url), spec.id, "sitemap"), found, outcome
            )
        for url in spec.listings:
            await self._listing(
                spec, keep, Link(canonical(url), spec.id, "listing"), found, outcome
            )
        self.sink.links(list(found.values()))
        outcome.articles_seen = len(found)
        # Articles left pending by an interrupted run, and known ones due for a re-check, are
        # fetched even when the listings no longer show them.
        for url, state in self.known.articles.items():
            if state.source_id == spec.id and url not in found and self._due(url):
                found[url] = Link(url, spec.id, "article")
        for link in found.values():
            if self._due(link.url):
                page = await self._get(spec, link, outcome)
                if page is not None and page.outcome == "fetched":
                    outcome.articles_fetched += 1
                    await self._attachments(spec, page, outcome)

    def _collect(self, found: dict[str, Link], disc: Discovery, outcome: SourceOutcome) -> int:
        for problem in disc.problems:
            outcome.failures.append(SourceFailure(disc.source_id, disc.document_url, problem))
        new = 0
        for link in disc.links:
            if link.url not in found:
                found[link.url] = link
                new += link.url not in self.known.articles
            elif found[link.url].published is None and link.published is not None:
                found[link.url] = replace(
                    found[link.url], published=link.published, evidence=link.evidence
                )
        return new

    def _due(self, url: str) -> bool:
        state = self.known.articles.get(url)
        if state is None or state.status == "pending":
            return True
        if state.status == "failed":
            return state.failures < self.settings.max_failures
        return state.next_check_at is not None and state.next_check_at <= self.now

    async def _sitemaps(
        self,
        spec: SourceSpec,
        keep: discover.LinkFilter,
        first: Link,
        found: dict[str, Link],
        outcome: SourceOutcome,
    ) -> None:
        queue: list[Link] = [first]
        seen: set[str] = set()
        while queue and len(seen) < self.settings.max_sitemaps:
            link = queue.pop(0)
            if link.url in seen:
                continue
            seen.add(link.url)
            page = await self._document(spec, link)
            if page is not None:
                disc = discover.from_sitemap(page, spec, keep, self.policy)
                self._collect(found, disc, outcome)
                queue.extend(disc.next_pages)

    async def _listing(
        self,
        spec: SourceSpec,
        keep: discover.LinkFilter,
        first: Link,
        found: dict[str, Link],
        outcome: SourceOutcome,
    ) -> None:
        link: Link | None = first
        visited: set[str] = set()
        while (
            link is not None and len(visited) < spec.max_listing_pages and link.url not in visited
        ):
            visited.add(link.url)
            page = await self._document(spec, link)
            if page is None:
                return
            disc = discover.from_listing(page, spec, keep)
            new = self._collect(found, disc, outcome)
            link = disc.next_pages[0] if disc.next_pages else None
            # Stop walking an unchanged listing once the next page is one we have read before.
            if link is not None and new == 0 and link.url in self.known.resources:
                return

    async def _document(self, spec: SourceSpec, link: Link) -> Page | None:
        """A discovery document with a body: fetched now, or re-read from the archive on 304."""
        outcome = self.outcomes[spec.id]
        if link.kind == "listing" and spec.render == "browser":
            page = await self._rendered(spec, link, outcome)
        else:
            page = await self._get(spec, link, outcome)
        if page is None or not page.ok:
            return None
        if page.outcome == "not_modified":
            body = self._archived(page.sha256)
            if body is None:  # validators without a blob: fetch again unconditionally
                page = await self._get(spec, link, outcome, conditional=False)
                return page if page is not None and page.outcome == "fetched" else None
            return replace(page, body=body, media="html" if link.kind == "listing" else "xml")
        return page

    def _archived(self, sha256: str | None) -> bytes | None:
        if not sha256:
            return None
        try:
            return self.archive.get(sha256)
        except StoreError:
            return None

    # -- requests --------------------------------------------------------------------

    async def _get(
        self, spec: SourceSpec, link: Link, outcome: SourceOutcome, *, conditional: bool = True
    ) -> Page | None:
        """Robots check, host gate, fetch, report. ``None`` when robots forbids the URL."""
        rules = await self._robots_for(spec, link.url)
        if not rules.allowed(link.url):
            reason = rules.deny_all or "disallowed by robots.txt"
            self._report(
                Page(
                    url=link.url,
                    source_id=spec.id,
                    kind=link.kind,
                    outcome="skipped",
                    fetched_at=datetime.now(UTC),
                    reason=reason,
                    referrer=link.referrer,
                ),
                outcome,
            )
            return None
        known = self.known.resources.get(link.url) if conditional else None
        async with self.gate.slot(link.url):
            page = await self.fetcher.fetch(link, known.validators if known else None)
        page = replace(page, referrer=link.referrer)
        outcome.requests += page.attempts
        self._report(page, outcome)
        return page

    def _report(self, page: Page, outcome: SourceOutcome) -> None:
        if page.outcome == "failed":
            outcome.failures.append(
                SourceFailure(page.source_id, page.url, page.reason or "failed")
            )
        self.sink.page(page)

    async def _rendered(self, spec: SourceSpec, link: Link, outcome: SourceOutcome) -> Page | None:
        rules = await self._robots_for(spec, link.url)
        if not rules.allowed(link.url):
            return None
        if self._renderer is None:
            self._renderer = BrowserRenderer(self.settings, self.policy)
        async with self.gate.slot(link.url):
            page = await self._renderer.render(link)
        outcome.requests += 1
        self._report(page, outcome)
        return page

    async def _attachments(self, spec: SourceSpec, page: Page, outcome: SourceOutcome) -> None:
        for link in discover.attachments(page, spec, self.policy):
            known = self.known.resources.get(link.url)
            if link.url in self._attached or (known is not None and known.last_ok_at is not None):
                self.sink.attach(page.url, link.url)
                continue
            self._attached.add(link.url)
            await self._get(spec, link, outcome)

    # -- robots.txt ------------------------------------------------------------------

    async def _robots_for(self, spec: SourceSpec, url: str) -> RobotsRules:
        target = robots_url(url)
        lock = self._robots_locks.setdefault(target, asyncio.Lock())
        async with lock:
            if target not in self._robots:
                self._robots[target] = await self._load_robots(spec, target)
                delay = min(self._robots[target].crawl_delay(), self.settings.max_crawl_delay)
                self.gate.set_delay(netloc(target), delay)
            return self._robots[target]

    async def _load_robots(self, spec: SourceSpec, target: str) -> RobotsRules:
        agent = self.settings.user_agent
        known = self.known.resources.get(target)
        fresh = timedelta(hours=self.settings.robots_ttl_hours)
        if known and known.last_ok_at and self.now - known.last_ok_at < fresh:
            if known.validators.content_sha256 is None:
                return RobotsRules(None, agent)  # robots.txt was absent: everything allowed
            body = self._archived(known.validators.content_sha256)
            if body is not None:
                return _rules(body, agent, self.settings)
        async with self.gate.slot(target):
            page = await self.fetcher.fetch(
                Link(target, spec.id, "robots"), known.validators if known else None
            )
        self.outcomes[spec.id].requests += page.attempts
        self.sink.page(page)
        if page.outcome == "fetched":
            return _rules(page.body, agent, self.settings)
        if page.outcome == "not_modified":
            body = self._archived(page.sha256)
            return (
                _rules(body, agent, self.settings) if body is not None else RobotsRules(None, agent)
            )
        if page.status is not None and 400 <= page.status < 500:
            return RobotsRules(None, agent)
        reason = f"robots.txt unavailable ({page.reason}); host skipped this run"
        self.outcomes[spec.id].failures.append(SourceFailure(spec.id, target, reason))
        return RobotsRules(None, agent, deny_all=reason)


def _rules(body: bytes, agent: str, settings: Settings) -> RobotsRules:
    rules = RobotsRules(body.decode("utf-8", "replace"), agent)
    if rules.crawl_delay() > settings.max_crawl_delay:
        return RobotsRules(
            None,
            agent,
            deny_all=f"robots.txt Crawl-delay {rules.crawl_delay():g} s exceeds the limit "
            f"of {settings.max_crawl_delay:g} s",
        )
    return rules


def due_after(fetched_at: datetime, first_seen: datetime, settings: Settings) -> datetime:
    """When a fetched article should be looked at again: a quarter of its age, bounded."""
    age_days = max((fetched_at - first_seen).total_seconds() / 86400, 0.0)
    days = min(max(age_days / 4, settings.recheck_min_days), settings.recheck_max_days)
    return fetched_at + timedelta(days=days)


def crawl(
    settings: Settings,
    sources: Iterable[SourceSpec],
    archive: Archive,
    sink: CrawlSink,
    known: Known,
) -> dict[str, SourceOutcome]:
    """Run a crawl to completion (blocking)."""
    crawler = Crawler(settings, list(sources), archive, sink, known)
    return asyncio.run(crawler.run())
