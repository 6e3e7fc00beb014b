"""explain, label, train, classify --preview/--apply and export --topic on a small store."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from horizonscan import pipeline
from horizonscan.config import Settings
from horizonscan.sitehost import SiteHost
from horizonscan.sources import Registry
from tests.conftest import FIXTURES


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "horizonscan", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "200"},
        timeout=120,
    )


@pytest.fixture
def store(settings: Settings, ministry: Registry, fixture_sites: SiteHost, tmp_path: Path) -> Path:
    topics = tmp_path / "topics"
    topics.mkdir()
    shutil.copy(FIXTURES / "topics" / "mini.toml", topics / "mini.toml")
    (tmp_path / "horizonscan.toml").write_text(f'topics_dir = "{topics}"\n', "utf-8")
    local = settings.model_copy(update={"topics_dir": str(topics)})
    pipeline.crawl(local, list(ministry))
    pipeline.process(local, ministry)
    return Path(settings.db)


def test_export_has_topic_fields_and_explain_shows_evidence(store: Path, tmp_path: Path) -> None:
    rows = [
        json.loads(x)
        for x in run(
            "export", "--db", str(store), "--topic", "mini", cwd=tmp_path
        ).stdout.splitlines()
    ]
    fetched = [r for r in rows if r["status"] == "fetched"]
    assert fetched and all(r["topic"] == "mini" and r["score"] is not None for r in fetched)
    assert all(
        k in fetched[0] for k in ("relevant", "story", "updated", "date_evidence", "text_chars")
    )
    relevant = {r["url"].rsplit("/", 1)[1] for r in fetched if r["relevant"]}
    assert "rare-earths-partnership.html" in relevant and "tourism-week.html" not in relevant
    shown = run(
        "explain",
        "rare-earths-partnership.html",
        "--topic",
        "mini",
        "--db",
        str(store),
        cwd=tmp_path,
    )
    assert shown.returncode == 0, shown.stderr
    assert (
        "RELEVANT" in shown.stdout
        and "rare-earths" in shown.stdout
        and "best sentence" in shown.stdout
    )


def test_labels_change_scores_after_train(store: Path, tmp_path: Path) -> None:
    before = {r["url"]: r["score"] for r in pipeline_rows(store, tmp_path)}
    for name, verdict in (
        ("tourism-week.html", "--relevant"),
        ("battery-standard.html", "--relevant"),
        ("rare-earths-partnership.html", "--irrelevant"),
        ("lithium-refinery.html", "--irrelevant"),
    ):
        assert (
            run(
                "label",
                name,
                "--topic",
                "mini",
                verdict,
                "--reason",
                "test",
                "--db",
                str(store),
                cwd=tmp_path,
            ).returncode
            == 0
        )
    trained = run("train", "--topic", "mini", "--db", str(store), cwd=tmp_path)
    assert trained.returncode == 0, trained.stderr
    after = {r["url"]: r["score"] for r in pipeline_rows(store, tmp_path)}
    changed = [u for u in after if after[u] != before[u]]
    assert changed
    tourism = next(u for u in after if u.endswith("tourism-week.html"))
    assert after[tourism] > before[tourism]
    explained = run(
        "explain", "tourism-week.html", "--topic", "mini", "--db", str(store), cwd=tmp_path
    )
    assert "model: p" in explained.stdout and "share" in explained.stdout


def test_preview_shows_what_an_edited_profile_adds_and_drops(store: Path, tmp_path: Path) -> None:
    edited = tmp_path / "edited.toml"
    text = (FIXTURES / "topics" / "mini.toml").read_text("utf-8")
    edited.write_text(
        text.replace('id = "mini"', 'id = "mini"').replace("threshold = 8.0", "threshold = 100.0"),
        "utf-8",
    )
    preview = run("classify", "--preview", str(edited), "--db", str(store), cwd=tmp_path)
    assert preview.returncode == 0, preview.stderr
    assert "would be added, " in preview.stdout and "  - " in preview.stdout
    assert "0 relevant" in preview.stdout
    still = [r for r in pipeline_rows(store, tmp_path) if r["relevant"]]
    assert still  # a preview changes nothing
    applied = run("classify", "--preview", str(edited), "--apply", "--db", str(store), cwd=tmp_path)
    assert applied.returncode == 0 and "applied" in applied.stdout
    assert not [r for r in pipeline_rows(store, tmp_path) if r["relevant"]]


def test_malformed_profile_exits_2(store: Path, tmp_path: Path) -> None:
    result = run(
        "classify",
        "--preview",
        str(FIXTURES / "topics" / "bad_key.toml"),
        "--db",
        str(store),
        cwd=tmp_path,
    )
    assert result.returncode == 2 and "bad_key.toml" in result.stderr and "colour" in result.stderr


def pipeline_rows(store: Path, cwd: Path) -> list[dict[str, object]]:
    out = run("export", "--db", str(store), "--topic", "mini", cwd=cwd).stdout
    return [r for r in (json.loads(x) for x in out.splitlines()) if r["status"] == "fetched"]


def test_extract_command_on_files(tmp_path: Path) -> None:
    page = FIXTURES / "sites" / "ministry" / "news" / "2024" / "lithium-refinery.html"
    result = run("extract", str(page), "--format", "json", cwd=tmp_path)
    data = json.loads(result.stdout)
    assert set(data) == {
        "title",
        "text",
        "published",
        "updated",
        "language",
        "date_evidence",
        "extractor",
    }
    assert data["published"] == "2024-07-11" and data["language"] == "en"
    pdf = run(
        "extract",
        str(FIXTURES / "sites" / "ministry" / "files" / "lithium-refinery.pdf"),
        "--format",
        "json",
        cwd=tmp_path,
    )
    assert json.loads(pdf.stdout)["extractor"] == "pypdf"
    missing = run("extract", str(tmp_path / "nothing.html"), cwd=tmp_path)
    assert missing.returncode == 2 and "nothing.html" in missing.stderr


def test_extract_command_on_a_url_obeys_robots(fixture_sites: SiteHost, tmp_path: Path) -> None:
    origin = fixture_sites.origin("ministry")
    ok = run(
        "extract", origin + "/news/2024/battery-standard.html", "--format", "json", cwd=tmp_path
    )
    assert ok.returncode == 0, ok.stderr and json.loads(ok.stdout)["title"]
    blocked = run("extract", origin + "/private/draft.html", cwd=tmp_path)
    assert blocked.returncode == 2 and "robots.txt" in blocked.stderr
    assert "/private/draft.html" not in fixture_sites.log("ministry").paths()
