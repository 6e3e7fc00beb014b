"""Faults and kills during a crawl: the run finishes, reasons are kept, nothing is lost."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

from horizonscan import pipeline
from horizonscan.config import Settings
from horizonscan.sitehost import SiteHost
from horizonscan.sources import load_registry
from horizonscan.store import open_store
from horizonscan.store.models import FetchRow
from tests.faultserver import FaultServer, closed_port, wait_until

REGISTRY = """
[[source]]
id = "{id}"
name = "{id}"
label = "{id}"
region = "国際"
language = "en"
home = "{origin}/"
feeds = ["{origin}/feed.xml"]
delay = 0.0
"""


def write_registry(path: Path, **origins: str) -> Path:
    path.write_text("".join(REGISTRY.format(id=k, origin=v) for k, v in origins.items()), "utf-8")
    return path


def test_faulty_sources_finish_with_every_reason_recorded(
    settings: Settings, tmp_path: Path
) -> None:
    with FaultServer() as faults:
        registry = load_registry(
            [
                write_registry(
                    tmp_path / "r.toml",
                    faulty=faults.origin,
                    down=f"http://127.0.0.1:{closed_port()}",
                    nodns="http://no-such-host.invalid",
                )
            ]
        )
        summary = pipeline.crawl(settings, list(registry))
    reasons = {f.url.rsplit("/", 1)[-1]: f.reason for f in summary.failures}
    assert "robots.txt unavailable" in reasons["robots.txt"]  # the unreachable hosts
    rows = {r["url"].split("/", 3)[-1]: r for r in pipeline.export_articles(settings)}
    assert rows["ok.html"]["status"] == "fetched"
    assert rows["lying-charset"]["status"] == "fetched"
    assert rows["flaky/1/feed"]["status"] == "fetched"
    expected = {
        "status/404": "HTTP 404",
        "status/410": "HTTP 410",
        "status/500": "HTTP 500",
        "stall": "timeout",
        "truncated": "broke off",
        "loop-a": "redirect loop",
        "to-metadata": "link-local",
        "big": "exceeds",
        "gzip-bomb": "exceeds",
        "junk": "binary content",
    }
    assert "image.png" not in rows  # asset links are not articles, so never requested
    for path, reason in expected.items():
        assert rows[path]["status"] in ("failed", "skipped"), path
        assert reason in (rows[path]["error"] or ""), (path, rows[path]["error"])
    with open_store(settings.db_url)() as session:
        logged = {(r.url.split("/", 3)[-1], r.outcome) for r in session.query(FetchRow)}
    assert ("status/404", "failed") in logged and ("junk", "skipped") in logged


def test_a_failed_recheck_keeps_the_good_copy(settings: Settings, tmp_path: Path) -> None:
    with FaultServer() as faults:
        registry = load_registry([write_registry(tmp_path / "r.toml", faulty=faults.origin)])
        pipeline.crawl(settings, list(registry))
    # the server is gone now: every request fails, nothing collected is lost
    later = settings.model_copy(update={"robots_ttl_hours": 0})
    summary = pipeline.crawl(later, list(registry))
    assert summary.failures
    rows = {r["url"].split("/", 3)[-1]: r for r in pipeline.export_articles(settings)}
    assert rows["ok.html"]["status"] == "fetched" and rows["ok.html"]["content_sha256"]


def make_site(root: Path, count: int) -> None:
    (root / "news").mkdir(parents=True)
    items = []
    for n in range(count):
        (root / "news" / f"r{n}.html").write_text(
            f"<html><head><title>Release {n}</title></head><body><h1>Release {n}</h1>"
            f"<p>Lithium and rare earths release number {n}.</p></body></html>",
            "utf-8",
        )
        items.append(
            f"<item><title>Release {n}</title><link>{{{{BASE:site}}}}/news/r{n}.html</link></item>"
        )
    (root / "feed.xml").write_text(
        "<?xml version='1.0'?><rss version='2.0'><channel><title>s</title>"
        + "".join(items)
        + "</channel></rss>",
        "utf-8",
    )


def crawl_command(db: Path, registry: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "horizonscan",
        "crawl",
        "--db",
        str(db),
        "--sources",
        str(registry),
        "--no-process",
        "--quiet",
    ]


def article_state(db: Path) -> dict[str, str]:
    with sqlite3.connect(db) as conn:
        return dict(conn.execute("select url, status from articles").fetchall())


def test_kill_during_crawl_then_resume(tmp_path: Path) -> None:
    make_site(tmp_path / "site", 80)
    env = {**os.environ, "HORIZONSCAN_DEFAULT_DELAY": "0"}
    with SiteHost({"site": tmp_path / "site"}, latency=0.03) as host:
        registry = write_registry(tmp_path / "r.toml", site=host.origin("site"))
        db = tmp_path / "killed.db"
        proc = subprocess.Popen(crawl_command(db, registry), env=env)

        def fetched():
            return db.exists() and sum(s == "fetched" for s in _safe_state(db).values()) >= 15

        assert wait_until(fetched, timeout=60), "crawl made no progress"
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        interrupted = _safe_state(db)
        assert 0 < sum(s == "fetched" for s in interrupted.values()) < 80
        resumed = subprocess.run(crawl_command(db, registry), env=env, timeout=120)
        assert resumed.returncode == 0
        clean_db = tmp_path / "clean.db"
        subprocess.run(crawl_command(clean_db, registry), env=env, timeout=120, check=True)
        requests = host.log("site").paths()
    assert article_state(db) == article_state(clean_db)
    assert set(article_state(db).values()) == {"fetched"} and len(article_state(db)) == 80
    with sqlite3.connect(db) as conn:
        assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"
        fetched_urls = [
            u
            for (u,) in conn.execute(
                "select url from fetches where kind='article' and outcome='fetched'"
            )
        ]
    # articles committed before the kill were not fetched again
    assert len(fetched_urls) == len(set(fetched_urls))
    article_requests = [p for p in requests if p.startswith("/news/")]
    assert len(article_requests) <= 80 * 2 + 50  # two full crawls plus at most one lost batch


def _safe_state(db: Path) -> dict[str, str]:
    try:
        return article_state(db)
    except sqlite3.OperationalError:
        return {}
