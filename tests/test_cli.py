"""The command line: exit codes 0 / 1 / 2, export fields, health, --quiet."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from horizonscan.sitehost import SiteHost
from tests.conftest import FIXTURES
from tests.faultserver import closed_port

EXPORT_KEYS = {
    "url",
    "source",
    "title",
    "published",
    "language",
    "region",
    "organisation",
    "fetched_at",
    "content_sha256",
    "status",
}


def run(
    *args: str, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "horizonscan", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, "HORIZONSCAN_DEFAULT_DELAY": "0", "COLUMNS": "200", **(env or {})},
        timeout=120,
    )


def registry(host: SiteHost, tmp_path: Path) -> Path:
    path = tmp_path / "ministry.toml"
    path.write_text(host.substitute_text((FIXTURES / "ministry.toml").read_text("utf-8")), "utf-8")
    return path


def test_crawl_export_and_health(fixture_sites: SiteHost, tmp_path: Path) -> None:
    reg = registry(fixture_sites, tmp_path)
    crawled = run(
        "crawl", "--sources", str(reg), "--quiet", cwd=tmp_path, env={"HORIZONSCAN_DB": "env.db"}
    )
    assert crawled.returncode == 0, crawled.stderr
    assert "fetched" in crawled.stdout and "extracted 5 of 5" in crawled.stdout
    assert (tmp_path / "env.db").exists()  # the environment chose the database
    exported = run("export", "--format", "jsonl", "--db", "env.db", cwd=tmp_path)
    rows = [json.loads(line) for line in exported.stdout.splitlines()]
    assert len(rows) == 6 and all(row.keys() >= EXPORT_KEYS for row in rows)
    fetched = [r for r in rows if r["status"] == "fetched"]
    assert all(
        r["organisation"] == "Ministry of Minerals（鉱物省）" and r["region"] == "オーストラリア"
        for r in fetched
    )
    assert all(r["published"] == "2024-07-11" and len(r["content_sha256"]) == 64 for r in fetched)
    health = run("sources", "health", "--db", "env.db", "--as-of", "2024-07-20", cwd=tmp_path)
    assert health.returncode == 0, health.stdout
    assert "ministry" in health.stdout and "OK" in health.stdout
    later = run("sources", "health", "--db", "env.db", "--as-of", "2024-12-31", cwd=tmp_path)
    assert "QUIET" in later.stdout


def test_source_failures_exit_1_and_are_listed(tmp_path: Path) -> None:
    reg = tmp_path / "down.toml"
    origin = f"http://127.0.0.1:{closed_port()}"
    reg.write_text(
        f'[[source]]\nid = "down"\nname = "Down"\nlabel = "Down"\nregion = "国際"\nlanguage = "en"\n'
        f'home = "{origin}/"\nfeeds = ["{origin}/feed.xml"]\n',
        "utf-8",
    )
    result = run("crawl", "--sources", str(reg), "--db", "d.db", "-q", cwd=tmp_path)
    assert result.returncode == 1
    assert "robots.txt unavailable" in result.stdout and "connection failed" in result.stdout
    health = run("sources", "health", "--db", "d.db", cwd=tmp_path)
    assert health.returncode == 1 and "NEVER" in health.stdout


def test_bad_usage_and_config_exit_2(tmp_path: Path) -> None:
    assert run("crawl", "--no-such-flag", cwd=tmp_path).returncode == 2
    (tmp_path / "bad.toml").write_text("retries = 'x'\n", "utf-8")
    result = run("crawl", "--config", "bad.toml", "--sources", "nothing.toml", cwd=tmp_path)
    assert result.returncode == 2 and "retries" in result.stderr
    missing = run("crawl", "--sources", "nothing.toml", cwd=tmp_path)
    assert missing.returncode == 2 and "nothing.toml" in missing.stderr
    assert run("export", "--format", "csv", cwd=tmp_path).returncode == 2
