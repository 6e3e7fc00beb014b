"""The whole pipeline on PostgreSQL: the demo corpus crawled (twice), processed, scored,
grouped into stories and reported, against the same sites as a SQLite run beside it; the
article export and the edition JSON are the same on both."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from horizonscan import pipeline
from horizonscan.config import Settings, load_settings
from horizonscan.demo import DEMO_PERIOD, crawl_demo, serve_corpus
from horizonscan.sitehost import SiteHost
from horizonscan.work_programmes import ingest_manifest
from tests.pgserver import PgServer

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "demo"


@pytest.fixture(scope="module")
def sites() -> Iterator[SiteHost]:
    with serve_corpus(CORPUS) as host:
        yield host


def _settings(db: str, folder: Path) -> Settings:
    return load_settings(
        None,
        env={},
        overrides={
            "db": db,
            "archive_dir": str(folder / "archive"),
            "default_delay": 0.0,
            "quiet": True,
            "topics_dir": str(ROOT / "topics"),
        },
    )


def _run(settings: Settings, host: SiteHost, folder: Path) -> dict[str, Any]:
    result = crawl_demo(settings, host, CORPUS, folder)
    ingest_manifest(settings, CORPUS / "standards" / "snapshots.toml")
    report = pipeline.report(
        settings,
        "rare-earths",
        *DEMO_PERIOD,
        folder / "edition",
        ["json"],
        issued=date(2024, 12, 1),
        edition_config=ROOT / "editions" / "rare-earths.toml",
        glossary_path=ROOT / "topics" / "glossary.toml",
    )
    edition = json.loads(report.files[0].read_text("utf-8"))
    return {
        "first": result.first,
        "second": result.second,
        "articles": _stories_by_url(result.rows),
        "scored": _stories_by_url(pipeline.export_articles(settings, topic="rare-earths")),
        "edition": _edition(edition),
    }


def _edition(document: dict[str, Any]) -> dict[str, Any]:
    """The edition with each item named by its date and URLs instead of its number and story
    id: items of one day are numbered in discovery order (article ids), and pages arrive in
    a different order in every run."""
    name = {
        item["no"]: (item["published"], sorted(u for s in item["sources"] for u in s["urls"]))
        for item in document["items"]
    }
    items = [
        {**{k: v for k, v in item.items() if k not in ("no", "story")}, "id": name[item["no"]]}
        for item in document["items"]
    ]
    pickups = [{**p, "related_no": name.get(p["related_no"])} for p in document["pickups"]]
    return {
        **document,
        "items": sorted(items, key=lambda i: json.dumps(i["id"])),
        "pickups": pickups,
    }


def _stories_by_url(rows: list[dict[str, object]]) -> list[dict[str, object]]:
    """Rows without the fetch time, each story named by its first URL (ids are given in
    the order pages happened to arrive, which differs from run to run)."""
    members: dict[object, list[str]] = {}
    for row in rows:
        if row["story"] is not None:
            members.setdefault(row["story"], []).append(str(row["url"]))
    name = {story: min(urls) for story, urls in members.items()}
    return [
        {**row, "fetched_at": None, "story": name.get(row["story"])}
        for row in sorted(rows, key=lambda r: (str(r["url"]), str(r["topic"])))
    ]


@pytest.mark.slow
def test_demo_pipeline_on_postgresql_equals_the_sqlite_run(
    sites: SiteHost, pg_server: PgServer, tmp_path: Path
) -> None:
    on_sqlite = _run(_settings(str(tmp_path / "s" / "demo.db"), tmp_path / "s"), sites,
                     _folder(tmp_path / "s"))  # fmt: skip
    on_postgresql = _run(
        _settings(pg_server.create_database("demo"), tmp_path / "p"), sites, _folder(tmp_path / "p")
    )
    assert on_postgresql["first"].failures == [] and on_sqlite["first"].failures == []
    for run in ("first", "second"):
        pg, lite = on_postgresql[run], on_sqlite[run]
        assert (pg.requests, pg.fetched, pg.not_modified, pg.new_articles) == (
            lite.requests, lite.fetched, lite.not_modified, lite.new_articles
        )  # fmt: skip
    assert len(on_sqlite["articles"]) >= 95
    assert on_postgresql["articles"] == on_sqlite["articles"]
    assert on_postgresql["scored"] == on_sqlite["scored"]
    assert on_sqlite["edition"]["items"]
    assert on_postgresql["edition"] == on_sqlite["edition"]


def _folder(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path
