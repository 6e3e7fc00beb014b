"""Fetch one URL the way the crawler would: host policy, robots.txt, limits, content checks."""

from __future__ import annotations

import asyncio
from urllib.parse import urlsplit

from horizonscan.config import Settings
from horizonscan.crawl.fetch import Fetcher, make_client
from horizonscan.crawl.politeness import RobotsRules, robots_url
from horizonscan.crawl.urls import HostPolicy, canonical
from horizonscan.errors import FetchError, RobotsDisallowed
from horizonscan.records import Link, LinkKind, Page, Validators
from horizonscan.sources import SourceSpec


def fetch_one(
    settings: Settings,
    url: str,
    *,
    validators: Validators | None = None,
    max_bytes: int | None = None,
    kind: LinkKind = "article",
) -> Page:
    """Fetch ``url`` (its own host only), conditionally when ``validators`` are given; a 304
    comes back as a ``not_modified`` page. Raises ``FetchError`` with the reason on failure."""
    if max_bytes is not None:
        settings = settings.model_copy(update={"max_bytes": max_bytes})
    url = canonical(url)
    parts = urlsplit(url)
    origin = f"{parts.scheme}://{parts.netloc}"
    spec = SourceSpec(
        id="single",
        name="single",
        label="single",
        region="国際",
        language="en",
        home=origin + "/",
        listings=(url,),
    )
    return asyncio.run(_fetch(settings, spec, url, validators, kind))


async def _fetch(
    settings: Settings, spec: SourceSpec, url: str, validators: Validators | None, kind: LinkKind
) -> Page:
    async with make_client(settings) as client:
        fetcher = Fetcher(settings, HostPolicy([spec]), client)
        robots = await fetcher.fetch(Link(robots_url(url), spec.id, "robots"))
        text = robots.body.decode("utf-8", "replace") if robots.outcome == "fetched" else None
        if robots.outcome == "failed" and not (robots.status and 400 <= robots.status < 500):
            raise FetchError(url, f"robots.txt unavailable ({robots.reason})")
        if not RobotsRules(text, settings.user_agent).allowed(url):
            raise RobotsDisallowed(url, "disallowed by robots.txt")
        page = await fetcher.fetch(Link(url, spec.id, kind), validators)
    if page.outcome not in ("fetched", "not_modified"):
        raise FetchError(url, page.reason or page.outcome, status=page.status)
    return page
