"""A crawl of real sites on loopback: discovery, robots, politeness, attachments, re-runs."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from sqlalchemy import func, select

from horizonscan import pipeline
from horizonscan.config import Settings
from horizonscan.sitehost import SiteHost
from horizonscan.sources import Registry
from horizonscan.store import open_store
from horizonscan.store.models import ArticleRow, AttachmentRow, FetchRow
from tests.conftest import FIXTURES, registry_from

ARTICLES = {
    "/news/2024/lithium-refinery.html",
    "/news/2024/rare-earths-partnership.html",
    "/news/2024/tourism-week.html",
    "/news/2024/battery-standard.html",
    "/news/2024/graphite-plant.html",
}


def paths(host: SiteHost, site: str) -> list[str]:
    return host.log(site).paths()


def test_first_crawl_finds_every_article(
    settings: Settings, ministry: Registry, fixture_sites: SiteHost
) -> None:
    summary = pipeline.crawl(settings, list(ministry))
    origin = fixture_sites.origin("ministry")
    rows = {r["url"]: r for r in pipeline.export_articles(settings)}
    fetched = {u.removeprefix(origin) for u, r in rows.items() if r["status"] == "fetched"}
    assert fetched == ARTICLES
    assert summary.failed == 0 and summary.failures == []
    # the feed's off-site entry and the nav pages are not articles
    assert not any("elsewhere" in u or "about" in u or "contact" in u for u in rows)


def test_robots_disallowed_paths_are_never_fetched(
    settings: Settings, ministry: Registry, fixture_sites: SiteHost
) -> None:
    pipeline.crawl(settings, list(ministry))
    assert not [p for p in paths(fixture_sites, "ministry") if p.startswith("/private/")]
    draft = [
        r for r in pipeline.export_articles(settings) if r["url"].endswith("/private/draft.html")
    ]
    assert (
        draft
        and draft[0]["status"] == "skipped"
        and draft[0]["error"] == "disallowed by robots.txt"
    )


def test_crawl_delay_spaces_requests_to_one_host(
    settings: Settings, ministry: Registry, fixture_sites: SiteHost
) -> None:
    pipeline.crawl(settings, list(ministry))
    times = [t for t, _, _ in fixture_sites.log("ministry").requests]
    gaps = [b - a for a, b in itertools.pairwise(times)]
    assert len(times) > 8
    assert min(gaps) >= 0.19  # robots.txt says Crawl-delay: 0.2


def test_second_crawl_of_unchanged_site_costs_almost_nothing(
    settings: Settings, ministry: Registry, fixture_sites: SiteHost
) -> None:
    first = pipeline.crawl(settings, list(ministry))
    before = len(paths(fixture_sites, "ministry"))
    second = pipeline.crawl(settings, list(ministry))
    requested = paths(fixture_sites, "ministry")[before:]
    assert sorted(requested) == ["/news/", "/news/feed.xml"]  # robots.txt is trusted for a day
    assert second.not_modified == 2 and second.fetched == 0
    assert second.requests <= 0.2 * first.requests


def test_changed_listing_brings_only_the_new_article(settings: Settings, tmp_path: Path) -> None:
    import shutil

    site = tmp_path / "sites" / "ministry"
    shutil.copytree(FIXTURES / "sites" / "ministry", site)
    with SiteHost({"ministry": site}) as host:
        registry = registry_from(host, FIXTURES / "ministry.toml", tmp_path)
        pipeline.crawl(settings, list(registry))
        listing = site / "news" / "index.html"
        listing.write_text(
            listing.read_text().replace(
                '<ul class="releases">',
                '<ul class="releases"><li><a href="/news/2024/cobalt-strategy.html">Cobalt</a></li>',
            )
        )
        shutil.copy(site / "news/2024/tourism-week.html", site / "news/2024/cobalt-strategy.html")
        host._sites["ministry"].cache.clear()
        before = len(host.log("ministry").paths())
        summary = pipeline.crawl(settings, list(registry))
        requested = host.log("ministry").paths()[before:]
    assert summary.new_articles == 1
    assert "/news/2024/cobalt-strategy.html" in requested
    assert not [p for p in requested if p.startswith("/news/2024/") and "cobalt" not in p]


def test_attachments_are_archived_and_linked(
    settings: Settings, ministry: Registry, fixture_sites: SiteHost
) -> None:
    pipeline.crawl(settings, list(ministry))
    requested = paths(fixture_sites, "ministry")
    assert requested.count("/files/battery-standard.pdf") == 1  # shared by two articles
    with open_store(settings.db_url)() as session:
        links = session.execute(
            select(ArticleRow.url, AttachmentRow.url, AttachmentRow.content_sha256).join(
                AttachmentRow, AttachmentRow.article_id == ArticleRow.id
            )
        ).all()
    by_article = {a.rsplit("/", 1)[1]: (b.rsplit("/", 1)[1], sha) for a, b, sha in links}
    assert by_article["graphite-plant.html"][0] == "battery-standard.pdf"
    assert all(sha for _, sha in by_article.values()) and len(by_article) == 5


def test_fetch_log_records_every_request(
    settings: Settings, ministry: Registry, fixture_sites: SiteHost
) -> None:
    pipeline.crawl(settings, list(ministry))
    with open_store(settings.db_url)() as session:
        logged = session.scalar(
            select(func.count()).select_from(FetchRow).where(FetchRow.status.is_not(None))
        )
        sample = session.scalars(select(FetchRow).where(FetchRow.kind == "article")).first()
    assert logged == len(paths(fixture_sites, "ministry"))
    assert sample is not None and sample.etag and sample.content_sha256 and sample.bytes > 0
    assert sample.headers and "content-type" in sample.headers


@pytest.mark.browser
def test_script_built_listing_is_rendered(
    settings: Settings, fixture_sites: SiteHost, tmp_path: Path
) -> None:
    registry = registry_from(fixture_sites, FIXTURES / "scripted.toml", tmp_path)
    summary = pipeline.crawl(settings, list(registry))
    assert summary.failures == []
    urls = {
        r["url"].rsplit("/", 1)[1]
        for r in pipeline.export_articles(settings)
        if r["status"] == "fetched"
    }
    assert urls == {"flow-through-shares.html", "rail-stoppage.html"}
    assert "/api/press.json" in paths(fixture_sites, "scripted")


def test_known_articles_are_rechecked_on_schedule(
    settings: Settings, ministry: Registry, fixture_sites: SiteHost
) -> None:
    from datetime import UTC, datetime, timedelta

    pipeline.crawl(settings, list(ministry))
    before = len(paths(fixture_sites, "ministry"))
    pipeline.crawl(settings, list(ministry), now=datetime.now(UTC) + timedelta(hours=12))
    assert not [p for p in paths(fixture_sites, "ministry")[before:] if p.startswith("/news/2024/")]
    before = len(paths(fixture_sites, "ministry"))
    later = pipeline.crawl(settings, list(ministry), now=datetime.now(UTC) + timedelta(days=2))
    rechecked = [
        p for p in paths(fixture_sites, "ministry")[before:] if p.startswith("/news/2024/")
    ]
    assert sorted(rechecked) == sorted(ARTICLES)
    assert later.not_modified >= len(ARTICLES)  # conditional requests: nothing changed


def test_due_after_grows_with_age(settings: Settings) -> None:
    from datetime import UTC, datetime, timedelta

    from horizonscan.crawl.crawler import due_after

    now = datetime(2024, 7, 1, tzinfo=UTC)
    assert due_after(now, now, settings) == now + timedelta(days=1)
    assert due_after(now, now - timedelta(days=40), settings) == now + timedelta(days=10)
    assert due_after(now, now - timedelta(days=400), settings) == now + timedelta(days=30)
