"""The bundled demo corpus, crawled as `make demo` does, checked against demo/gold.json."""

from __future__ import annotations

import json
import tomllib
from collections.abc import Iterator
from pathlib import Path
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
def demo_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    out = tmp_path_factory.mktemp("demo")
    return load_settings(
        None,
        env={},
        overrides={
            "db": str(out / "demo.db"),
            "default_delay": 0.0,
            "quiet": True,
            "topics_dir": str(ROOT / "topics"),
        },
    )


@pytest.fixture(scope="module")
def demo_run(demo_settings: Settings) -> Iterator[tuple[DemoResult, SiteHost]]:
    out = Path(demo_settings.db).parent
    with serve_corpus(CORPUS) as host:
        yield crawl_demo(demo_settings, host, CORPUS, out), host


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


def test_quality_floors_on_the_demo_gold(
    demo_run: tuple[DemoResult, SiteHost], demo_settings: Settings
) -> None:
    from horizonscan import pipeline
    from horizonscan.evaluation import evaluate

    report = evaluate(GOLD, pipeline.export_articles(demo_settings, topic=GOLD["topic"]))
    metrics = report.metrics()
    assert metrics["recall"] >= 0.97, report.false_negatives
    assert metrics["precision"] >= 0.90, report.false_positives
    assert metrics["date_accuracy"] >= 0.98, report.wrong_dates
    assert metrics["story_f1"] >= 0.90, report.story_errors
    assert metrics["organisation_accuracy"] == 1.0
