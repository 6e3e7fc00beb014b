"""The fallback catalogue page, and a URL ingested with a conditional GET."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

from horizonscan import work_programmes
from horizonscan.config import Settings
from horizonscan.sitehost import SiteHost
from horizonscan.standards.catalogue import parse_catalogue
from tests.conftest import FIXTURES, ROOT


def test_catalogue_page_rows() -> None:
    parsed = parse_catalogue(
        (FIXTURES / "standards" / "tc298-catalogue.html").read_bytes(), "ISO/TC 298"
    )
    rows = {d.source_id: d for d in parsed.deliverables}
    assert parsed.rows == 3 and set(rows) == {72289, 990011, 990020}
    assert rows[72289].status == "published" and rows[72289].doc_key == "ISO 22444-1"
    assert rows[990011].stage == 5020 and rows[990011].status == "under_development"
    assert rows[990020].status == "cancelled"
    assert rows[72289].title_en and rows[72289].title_en.startswith("Rare earth — Vocabulary")


def test_url_ingest_is_conditional(settings: Settings, tmp_path: Path) -> None:
    site = tmp_path / "opendata"
    site.mkdir()
    shutil.copy(
        ROOT / "demo" / "standards" / "tc298-2024-11-20.jsonl",
        site / "iso_deliverables_metadata.jsonl",
    )
    (site / "robots.txt").write_text("User-agent: *\nAllow: /\n", "utf-8")
    with SiteHost({"opendata": site}) as host:
        url = host.origin("opendata") + "/iso_deliverables_metadata.jsonl"
        first = work_programmes.standards_ingest(settings, url, ["ISO/TC 298"])
        second = work_programmes.standards_ingest(settings, url, ["ISO/TC 298"])
        requests = [p for p in host.log("opendata").paths() if p.endswith(".jsonl")]
    assert (
        first.committees == {"ISO/TC 298": 17}
        and first.as_of is not None
        and first.as_of <= date.today()
    )
    assert second.unchanged and second.committees == {}
    assert len(requests) == 2  # the second was a conditional request answered 304


def test_demo_snapshots_reproduce_the_reference_counts(settings: Settings) -> None:
    work_programmes.ingest_manifest(settings, ROOT / "demo" / "standards" / "snapshots.toml")
    tc298 = work_programmes.standards_diff(
        settings, "ISO/TC 298", date(2024, 6, 20), date(2024, 11, 20)
    )
    tc333 = work_programmes.standards_diff(
        settings, "ISO/TC 333", date(2024, 6, 20), date(2024, 11, 20)
    )
    assert (tc298.reported_from["published"], tc298.reported_to["published"]) == (11, 12)
    assert (tc298.reported_from["under_development"], tc298.reported_to["under_development"]) == (
        8,
        5,
    )
    assert (tc333.reported_from["under_development"], tc333.reported_to["under_development"]) == (
        15,
        5,
    )
    assert tc333.counts_to.published == 0
    published = [c for c in tc298.changes if c.kind == "NEWLY_PUBLISHED"]
    assert [(c.before.reference, c.after.reference) for c in published if c.before and c.after] == [
        ("ISO/FDIS 24181-1", "ISO 24181-1:2024")
    ]
    assert tc298.unexplained() == {"from": {"under_development": 2}}
    assert tc333.unexplained() == {"from": {"under_development": 8}}
    assert {c.kind for c in tc333.changes} == {"CANCELLED"}
    json.dumps([c.summary for c in tc298.changes], ensure_ascii=False)


def test_catalogue_page_through_the_crawler(settings: Settings, tmp_path: Path) -> None:
    site = tmp_path / "iso"
    (site / "committee" / "5902483").mkdir(parents=True)
    shutil.copy(
        FIXTURES / "standards" / "tc298-catalogue.html",
        site / "committee" / "5902483" / "catalogue.html",
    )
    (site / "robots.txt").write_text("User-agent: *\nDisallow: /private/\n", "utf-8")
    with SiteHost({"iso": site}) as host:
        url = host.origin("iso") + "/committee/5902483/catalogue.html"
        result = work_programmes.standards_ingest(
            settings, url, ["ISO/TC 298"], as_of=date(2024, 11, 20), catalogue=True
        )
    assert result.committees == {"ISO/TC 298": 3}
