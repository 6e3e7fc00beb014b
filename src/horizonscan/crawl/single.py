"""Fetch one URL the way the crawler would: host policy, robots.txt, limits, content checks."""

from __future__ import annotations

import asyncio
from urllib.parse import urlsplit

from horizonscan.config import Settings
from horizonscan.crawl.fetch import Fetcher, make_client
from horizonscan.crawl.politeness import RobotsRules, robots_url
from horizonscan.crawl.urls import HostPolicy, canonical
from horizonscan.errors import FetchError, RobotsDisallowed
from horizonscan.records import Link, Page
from horizonscan.sources import SourceSpec


def fetch_one(settings: Settings, url: str) -> Page:
    """Fetch ``url`` (its own host only); raises ``FetchError`` with the reason on failure."""
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
    return asyncio.run(_fetch(settings, spec, url))


async def _fetch(settings: Settings, spec: SourceSpec, url: str) -> Page:
    async with make_client(settings) as client:
        fetcher = Fetcher(settings, HostPolicy([spec]), client)
        robots = await fetcher.fetch(Link(robots_url(url), spec.id, "robots"))
        text = robots.body.decode("utf-8", "replace") if robots.outcome == "fetched" else None
        if robots.outcome == "failed" and not (robots.status and 400 <= robots.status < 500):
            raise FetchError(url, f"robots.txt unavailable ({robots.reason})")
        if not RobotsRules(text, settings.user_agent).allowed(url):
            raise RobotsDisallowed(url, "disallowed by robots.txt")
        page = await fetcher.fetch(Link(url, spec.id, "article"))
    if page.outcome != "fetched":
        raise FetchError(url, page.reason or page.outcome, status=page.status)
    return page
