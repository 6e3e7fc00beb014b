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
        assert row["region"], article["path"]  # its accuracy has a floor of its own below
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
    assert metrics["region_accuracy"] >= 0.88, report.wrong_regions


def test_demo_edition_in_five_formats(
    demo_run: tuple[DemoResult, SiteHost], demo_settings: Settings
) -> None:
    import json as js
    from datetime import date

    from pptx import Presentation

    from horizonscan import pipeline

    out = Path(demo_settings.db).parent / "edition"
    result = pipeline.report(
        demo_settings,
        "rare-earths",
        date(2024, 6, 20),
        date(2024, 11, 30),
        out,
        ["pptx", "pdf", "html", "xlsx", "json"],
        edition_config=ROOT / "editions" / "rare-earths.toml",
        glossary_path=ROOT / "topics" / "glossary.toml",
    )
    assert {p.suffix for p in result.files} == {".pptx", ".pdf", ".html", ".xlsx", ".json"}
    gold_stories = {
        a["story"]
        for a in GOLD["articles"]
        if a["relevant"]
        and not a.get("robots_disallowed")
        and "2024-06-20" <= a["published"] <= "2024-11-30"
    }
    # every relevant story, and at most the precision floor's share of others
    assert len(gold_stories) <= result.items <= len(gold_stories) / 0.9
    document = js.loads(next(p for p in result.files if p.suffix == ".json").read_text("utf-8"))
    assert all(item["untranslated"] for item in document["items"])
    assert any(
        len(item["sources"]) > 1 or len(item["sources"][0]["urls"]) > 1
        for item in document["items"]
    )
    deck = Presentation(str(next(p for p in result.files if p.suffix == ".pptx")))
    assert len(deck.slides) == result.pages
