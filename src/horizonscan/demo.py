"""``horizonscan demo``: the bundled corpus served on loopback, crawled and processed."""

from __future__ import annotations

import json
import shutil
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from horizonscan import pipeline
from horizonscan.accounts import ensure_account
from horizonscan.config import Settings
from horizonscan.console import CrawlProgress, out, print_crawl_summary
from horizonscan.errors import ConfigError
from horizonscan.evaluation import evaluate
from horizonscan.report.render import RENDERERS
from horizonscan.sitehost import SiteHost, site_folders
from horizonscan.sources import load_registry
from horizonscan.store import open_store, revisions
from horizonscan.store.maintenance import clear
from horizonscan.work_programmes import ingest_manifest

DEMO_PERIOD = (date(2024, 6, 20), date(2024, 11, 30))


@dataclass(frozen=True)
class DemoResult:
    first: pipeline.CrawlSummary
    second: pipeline.CrawlSummary
    rows: list[dict[str, object]]


def _fresh(settings: Settings) -> None:
    """The demo starts from an empty store: its sites get new ports every run."""
    if settings.db_url.startswith("sqlite:"):
        db = Path(settings.db_url.removeprefix("sqlite:///"))
        for path in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
            path.unlink(missing_ok=True)
    else:
        clear(open_store(settings.db_url))
    shutil.rmtree(settings.archive_path, ignore_errors=True)


def serve_corpus(corpus: Path) -> SiteHost:
    """The corpus's sites, not yet started (use as a context manager)."""
    if not (corpus / "sources.toml").is_file():
        raise ConfigError("demo corpus has no sources.toml", where=str(corpus))
    return SiteHost(site_folders(corpus / "sites"))


def crawl_demo(settings: Settings, host: SiteHost, corpus: Path, out_dir: Path) -> DemoResult:
    """Crawl the served corpus twice (the second time nothing has changed) and export."""
    _fresh(settings)
    registry_file = out_dir / "demo-sources.toml"
    template = (corpus / "sources.toml").read_text("utf-8")
    registry_file.write_text(host.substitute_text(template), "utf-8")
    registry = load_registry([registry_file])
    out.print(
        f"[bold]demo[/bold]: {len(host.origins())} sites on 127.0.0.1, {len(registry)} sources"
    )
    with CrawlProgress(enabled=not settings.quiet) as progress:
        first = pipeline.crawl(settings, list(registry), progress=progress.update)
    processed = pipeline.process(settings, registry)
    print_crawl_summary(first, processed, quiet=settings.quiet)
    started = time.monotonic()
    second = pipeline.crawl(settings, list(registry))
    out.print(
        f"second crawl (nothing changed): {second.requests} requests, "
        f"{second.not_modified} unchanged, {second.fetched} fetched, "
        f"{time.monotonic() - started:.1f} s",
        highlight=False,
    )
    rows = pipeline.export_articles(settings)
    export = out_dir / "articles.jsonl"
    with export.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    summary = {
        "first_crawl": first.as_dict(),
        "second_crawl": second.as_dict(),
        "articles": len(rows),
        "extracted": processed.extracted,
    }
    (out_dir / "summary.json").write_text(
        json.dumps(summary, ensure_ascii=False, indent=2), "utf-8"
    )
    out.print(f"wrote {export} ({len(rows)} articles) and {out_dir / 'summary.json'}")
    gold = corpus / "gold.json"
    if gold.is_file():
        labels = json.loads(gold.read_text("utf-8"))
        metrics = evaluate(
            labels, pipeline.export_articles(settings, topic=labels.get("topic"))
        ).metrics()
        out.print(
            "quality against demo/gold.json: "
            + ", ".join(f"{k} {v:.2f}" for k, v in metrics.items()),
            highlight=False,
        )
    return DemoResult(first, second, rows)


def report_demo(
    settings: Settings, out_dir: Path, seed: Path | None, corpus: Path = Path("demo")
) -> None:
    """The demo edition from the store (with the demo's ISO snapshots), and the reference
    edition from its transcription."""
    formats = list(RENDERERS)
    manifest = corpus / "standards" / "snapshots.toml"
    if manifest.is_file():
        for snapshot in ingest_manifest(settings, manifest):
            out.print(
                f"standards snapshot {snapshot.as_of}: "
                + ", ".join(f"{c} {n} deliverables" for c, n in snapshot.committees.items()),
                highlight=False,
            )
    result = pipeline.report(
        settings,
        "rare-earths",
        DEMO_PERIOD[0],
        DEMO_PERIOD[1],
        out_dir,
        formats,
        edition_config=Path("editions/rare-earths.toml"),
        glossary_path=Path("topics/glossary.toml"),
    )
    out.print(
        f"demo edition: {result.items} items on {result.pages} pages → "
        + ", ".join(p.name for p in result.files),
        highlight=False,
    )
    if seed is None or not seed.is_file():
        out.print("reference edition skipped: ../shared/seed/reference-items.jsonl not found")
    else:
        reference = pipeline.reference_report(seed, "2025-01", out_dir / "reference", formats)
        out.print(
            f"reference edition 2025-01: {reference.items} items on {reference.pages} pages → "
            f"{out_dir / 'reference'}",
            highlight=False,
        )
    prepare_desk(settings, "rare-earths")


DEMO_ACCOUNTS = (("editor", "editor"), ("admin", "admin"), ("viewer", "viewer"))


def prepare_desk(settings: Settings, topic: str) -> None:
    """The demo edition opened on the review desk, and an account per role."""
    period = revisions.period_key(*DEMO_PERIOD)
    with open_store(settings.db_url).begin() as session:
        if revisions.draft(session, topic, period).version == 0:
            revisions.save_draft(session, topic, period, {}, 0, "demo")
    out.print(
        f"review desk: `make serve` (horizonscan serve --db {settings.db}), then "
        "http://127.0.0.1:8000/",
        highlight=False,
    )
    for name, role in DEMO_ACCOUNTS:
        password = ensure_account(settings, name, role)
        if password is not None:
            out.print(f"  sign in as {name} / {password}  ({role})", highlight=False)


def run_demo(
    settings: Settings,
    corpus: Path,
    out_dir: Path,
    *,
    keep_serving: bool = False,
    seed: Path | None = None,
) -> int:
    with serve_corpus(corpus) as host:
        result = crawl_demo(settings, host, corpus, out_dir)
        report_demo(settings, out_dir, seed, corpus)
        if keep_serving:
            out.print("sites stay up: " + ", ".join(f"{k} {v}" for k, v in host.origins().items()))
            try:
                while True:
                    time.sleep(3600)
            except KeyboardInterrupt:
                pass
    return 1 if result.first.failures else 0
