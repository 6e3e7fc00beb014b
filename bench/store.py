"""Store write throughput of the process stage: SQLite (the default) against PostgreSQL, same
pages, same run. SQLite is the baseline of every ratio.

1. The process stage's writes alone: extraction results (UPDATE of title, dates, text …),
   topic scores (upserts) and story ids, committed every 200 rows as the stage does.
2. The same writes from 4 processes at once, each on its own quarter of the articles.
3. The whole process stage (extract + classify + stories) over the same archived pages.

PostgreSQL runs in a temporary server (Debian's binaries) with fsync on and
synchronous_commit off, the durability SQLite's WAL mode with synchronous=NORMAL gives:
a crash loses at most the last commits, never consistency.

    python bench/store.py [--articles 5000] [--pages 2000]
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.process import demo_pages, variants  # noqa: E402
from tests.pgserver import PgServer  # noqa: E402

from horizonscan import pipeline  # noqa: E402
from horizonscan.archive import Archive  # noqa: E402
from horizonscan.config import load_settings  # noqa: E402
from horizonscan.records import Article  # noqa: E402
from horizonscan.sources import registry_from_text  # noqa: E402
from horizonscan.sources.schema import Registry  # noqa: E402
from horizonscan.store import crawlstate, open_store, understanding  # noqa: E402
from horizonscan.store.articles import ProcessJob, jobs, save_extraction  # noqa: E402
from horizonscan.store.models import ArticleRow, DocumentRow  # noqa: E402
from horizonscan.store.retry import transaction  # noqa: E402

WORDS = ["稀土", "lithium", "graphite", "锂", "정책", "supply", "chain", "critical", "minerals"]


def registry() -> Registry:
    template = (ROOT / "demo" / "sources.toml").read_text("utf-8")
    import re

    text = re.sub(r"\{\{BASE:([a-z0-9-]+)\}\}", r"http://\1.example", template)
    specs, problems = registry_from_text(text, "demo/sources.toml")
    assert not problems, problems
    return Registry({s.id: s for s in specs})


def load(url: str, archive: Archive, reg: Registry, pages: list[tuple[str, str, bytes]]) -> None:
    """Fetched articles waiting for the process stage, as a crawl leaves them."""
    now = datetime.now(UTC)
    with open_store(url)() as session:
        crawlstate.upsert_sources(session, list(reg))
        seen: set[str] = set()
        for source, path, body in pages:
            sha, stored = archive.put(body)
            home = reg[source].home.rstrip("/")
            if sha not in seen:
                seen.add(sha)
                session.add(DocumentRow(sha256=sha, media="html", content_type="text/html",
                                        bytes=len(body), stored_bytes=stored,
                                        first_url=home + path, first_fetched_at=now))  # fmt: skip
            session.add(ArticleRow(url=home + path, source_id=source, status="fetched",
                                   discovered_at=now, fetched_at=now, content_sha256=sha,
                                   media="html"))  # fmt: skip
        session.commit()


def fake_article(job: ProcessJob, rng: random.Random) -> Article:
    text = " ".join(rng.choice(WORDS) for _ in range(400))
    return Article(job.url, job.source_id, f"Release {job.article_id}", text, "en",
                   date(2024, 6, 1 + job.article_id % 28), extractor="html")  # fmt: skip


def write_results(url: str, share: int, shares: int, barrier: object, results: object) -> None:
    """The process stage's writes for this share of the articles, timed from a common start;
    puts (rows written, start, end) on ``results``."""
    rng = random.Random(share)
    sessions = open_store(url)
    written = 0
    with sessions() as session:
        todo = [j for j in jobs(session, everything=True) if j.article_id % shares == share]
        session.commit()
        work = [(j, fake_article(j, rng)) for j in todo]
        barrier.wait()  # type: ignore[attr-defined]
        t0 = time.time()
        for start in range(0, len(work), 200):
            part = work[start : start + 200]

            def save(s, part=part):  # type: ignore[no-untyped-def]
                for job, article in part:
                    save_extraction(s, job, article)
                    understanding.save_score(
                        s, job.article_id, "rare-earths", "d", rule_score=1.0,
                        probability=rng.random(), model_probability=None, relevant=True,
                        explanation={"concepts": ["rare-earths"], "terms": WORDS[:4]},
                    )  # fmt: skip
                understanding.save_stories(s, {j.article_id: f"a{j.article_id}" for j, _ in part})

            transaction(session, save)
            written += 3 * len(part)
    results.put((written, t0, time.time()))  # type: ignore[attr-defined]


def timed_writes(url: str, processes: int) -> tuple[float, int]:
    """Seconds from the common start to the last writer's end, and rows written in all."""
    ctx = multiprocessing.get_context("spawn")
    barrier, results = ctx.Barrier(processes), ctx.Queue()
    workers = [
        ctx.Process(target=write_results, args=(url, n, processes, barrier, results))
        for n in range(processes)
    ]
    for worker in workers:
        worker.start()
    done = [results.get(timeout=1800) for _ in workers]
    for worker in workers:
        worker.join()
    seconds = max(end for _, _, end in done) - min(start for _, start, _ in done)
    return seconds, sum(rows for rows, _, _ in done)


def measure(url: str, work: Path, reg: Registry, pages: dict[str, list[tuple[str, str, bytes]]],
            processes: int | None) -> float:  # fmt: skip
    """Rows/s of the writes with ``processes`` writers, or pages/s of the whole stage."""
    folder = work / f"archive-{url.rsplit('/', 1)[1]}"
    if processes is not None:
        load(url, Archive(folder), reg, pages["writes"])
        seconds, rows = timed_writes(url, processes)
        return rows / seconds
    settings = load_settings(None, env={}, overrides={
        "db": url, "archive_dir": str(folder), "quiet": True,
        "topics_dir": str(ROOT / "topics")})  # fmt: skip
    load(url, Archive(settings.archive_path), reg, pages["process"])
    t0 = time.perf_counter()
    summary = pipeline.process(settings, reg, today=date(2024, 12, 31))
    return summary.documents / (time.perf_counter() - t0)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=5_000)
    parser.add_argument("--pages", type=int, default=2_000)
    parser.add_argument("--rounds", type=int, default=2, help="best of; backends alternate")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="hs-store-"))
    reg = registry()
    rng = random.Random(7)
    corpus = demo_pages()
    pages = {
        "writes": variants(corpus, args.articles, rng),
        "process": variants(corpus, args.pages, rng),
    }
    names = {
        1: "writes, 1 process: rows/s",
        4: "writes, 4 processes at once: rows/s",
        None: "whole process stage (extract + classify + stories): pages/s",
    }
    best: dict[tuple[str, str], float] = {}
    with PgServer(durable=True) as server:
        count = iter(range(10**6))

        def sqlite_db() -> str:
            return f"sqlite:///{work / str(next(count))}.db"

        def postgresql_db() -> str:
            url = server.create_database("bench")
            server.tune(url, synchronous_commit="off")
            return url

        backends = [("SQLite", sqlite_db), ("PostgreSQL", postgresql_db)]
        for round_no in range(args.rounds):
            for processes, name in names.items():
                for backend, make in backends if round_no % 2 == 0 else backends[::-1]:
                    rate = measure(make(), work, reg, pages, processes)
                    best[backend, name] = max(best.get((backend, name), 0.0), rate)
    print("| measure | SQLite | PostgreSQL | PostgreSQL / SQLite |\n|---|---|---|---|")
    for name in names.values():
        base, pg = best["SQLite", name], best["PostgreSQL", name]
        print(f"| {name} | {base:,.0f} | {pg:,.0f} | {pg / base:.2f}× |")
    print(
        f"\n{args.articles} articles for the writes, {args.pages} pages for the whole stage, "
        f"best of {args.rounds} rounds"
    )


if __name__ == "__main__":
    sys.exit(main())
