"""The bundled demo corpus, crawled as `make demo` does, checked against demo/gold.json."""

from __future__ import annotations

import json
import tomllib
from collections.abc import Iterator
from typing import Any

import pytest

from horizonscan.config import Settings, load_settings
from horizonscan.demo import DemoResult, crawl_demo, serve_corpus
from horizonscan.sitehost import SiteHost
from tests.conftest import ROOT

CORPUS = ROOT / "demo"
GOLD = json.loads((CORPUS / "gold.json").read_text("utf-8"))
SOURCES = {
    s["id"]: s for s in tomllib.loads((CORPUS / "sources.toml").read_text("utf-8"))["source"]
}


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[DemoResult, SiteHost]]:
    out = tmp_path_factory.mktemp("demo")
    settings: Settings = load_settings(
        None, env={}, overrides={"db": str(out / "demo.db"), "default_delay": 0.0, "quiet": True}
    )
    with serve_corpus(CORPUS) as host:
        yield crawl_demo(settings, host, CORPUS, out), host


def by_path(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {"/" + str(r["url"]).split("/", 3)[3]: r for r in rows}


def test_every_demo_article_is_exported_with_its_organisation(
    demo_run: tuple[DemoResult, SiteHost],
) -> None:
    result, _ = demo_run
    rows = by_path(result.rows)
    wanted = [a for a in GOLD["articles"] if not a.get("robots_disallowed")]
    assert len(wanted) >= 95
    for article in wanted:
        row = rows.get(article["path"])
        assert row is not None, article["path"]
        assert row["status"] == "fetched", (article["path"], row["error"])
        assert row["organisation"] == article["organisation"], article["path"]
        assert row["region"] == SOURCES[article["source"]]["region"], article["path"]
        assert row["source"] == article["source"]


def test_no_robots_disallowed_page_was_requested(demo_run: tuple[DemoResult, SiteHost]) -> None:
    _, host = demo_run
    blocked = [a for a in GOLD["articles"] if a.get("robots_disallowed")]
    assert blocked
    for article in blocked:
        site = SOURCES[article["source"]]["home"].split("{{BASE:")[1].split("}}")[0]
        assert article["path"] not in host.log(site).paths()


def test_demo_run_is_clean_and_incremental(demo_run: tuple[DemoResult, SiteHost]) -> None:
    result, _ = demo_run
    assert result.first.failures == []
    assert result.second.requests <= 0.15 * result.first.requests
    assert result.second.new_articles == 0


def test_publication_dates_already_match_the_gold(demo_run: tuple[DemoResult, SiteHost]) -> None:
    result, _ = demo_run
    rows = by_path(result.rows)
    wanted = [a for a in GOLD["articles"] if not a.get("robots_disallowed")]
    right = sum(rows[a["path"]]["published"] == a["published"] for a in wanted)
    assert right / len(wanted) >= 0.95
