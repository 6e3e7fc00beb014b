"""Processing throughput: extraction + classification + stories over 10,000 archived pages.

The pages are made from the demo corpus's article pages: each variant keeps a page's
template and swaps in paragraphs of other pages of the same site, with its own figures, so
no two are identical. Side by side in the same run: horizonscan's whole process stage (in
worker processes) and plain ``trafilatura.extract`` over the same pages, one process.
Then story clustering alone at 1k / 10k / 100k synthetic documents.

    python bench/process.py [--pages 10000] [--baseline-sample 2000]
"""

from __future__ import annotations

import argparse
import random
import re
import resource
import sys
import tempfile
import time
import tomllib
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import trafilatura

from horizonscan import pipeline
from horizonscan.archive import Archive
from horizonscan.config import load_settings
from horizonscan.sources import registry_from_text
from horizonscan.sources.schema import Registry
from horizonscan.store import crawlstate, open_store
from horizonscan.store.models import ArticleRow, DocumentRow
from horizonscan.stories.anchors import StoryDoc
from horizonscan.stories.cluster import cluster

ROOT = Path(__file__).resolve().parent.parent
PARAGRAPH = re.compile(rb"<p>(.*?)</p>", re.S)


def demo_pages() -> dict[str, list[tuple[str, bytes]]]:
    sources = tomllib.loads((ROOT / "demo" / "sources.toml").read_text("utf-8"))["source"]
    site_of = {s["id"]: s["home"].split("{{BASE:")[1].split("}}")[0] for s in sources}
    import json

    gold = json.loads((ROOT / "demo" / "gold.json").read_text("utf-8"))
    pages: dict[str, list[tuple[str, bytes]]] = {}
    for article in gold["articles"]:
        path = ROOT / "demo" / "sites" / site_of[article["source"]] / article["path"].lstrip("/")
        if path.suffix in (".html", ".htm") and path.is_file():
            pages.setdefault(article["source"], []).append((article["path"], path.read_bytes()))
    return pages


def variants(
    pages: dict[str, list[tuple[str, bytes]]], count: int, rng: random.Random
) -> list[tuple[str, str, bytes]]:
    out = []
    sources = sorted(pages)
    for n in range(count):
        source = sources[n % len(sources)]
        path, body = rng.choice(pages[source])
        donors = [PARAGRAPH.findall(b) for _, b in pages[source]]
        pool = [p for d in donors for p in d] or [b"x"]

        def swap(match: re.Match[bytes], pool: list[bytes] = pool) -> bytes:
            text = rng.choice(pool)
            return (
                b"<p>" + re.sub(rb"\d{2,}", str(rng.randrange(10, 99999)).encode(), text) + b"</p>"
            )

        body = PARAGRAPH.sub(swap, body) + f"<!-- variant {n} -->".encode()
        out.append((source, f"{path}?v={n}", body))
    return out


def load_store(
    settings_db: str, archive: Archive, registry: Registry, pages: list[tuple[str, str, bytes]]
) -> None:
    sessions = open_store(f"sqlite:///{settings_db}")
    now = datetime.now(UTC)
    with sessions() as session:
        crawlstate.upsert_sources(session, list(registry))
        for source, path, body in pages:
            sha, stored = archive.put(body)
            home = registry[source].home.rstrip("/")
            if session.get(DocumentRow, sha) is None:
                session.add(
                    DocumentRow(
                        sha256=sha,
                        media="html",
                        content_type="text/html",
                        bytes=len(body),
                        stored_bytes=stored,
                        first_url=home + path,
                        first_fetched_at=now,
                    )
                )
            session.add(
                ArticleRow(
                    url=home + path,
                    source_id=source,
                    status="fetched",
                    discovered_at=now,
                    fetched_at=now,
                    content_sha256=sha,
                    media="html",
                )
            )
        session.commit()


def story_docs(n: int, rng: random.Random) -> list[StoryDoc]:
    words = [f"w{i}" for i in range(20000)]
    docs = []
    for i in range(n):
        day = date(2024, 1, 1) + timedelta(days=rng.randrange(365))
        text = (
            " ".join(rng.choice(words) for _ in range(120))
            + f" {rng.randrange(100, 10**6)} ABC{rng.randrange(10**4)}"
        )
        docs.append(
            StoryDoc(
                i,
                f"s{i % 200}",
                day,
                f"Release {i}",
                text,
                frozenset({"k"}),
                (rng.choice("ABCDEFGH"),),
            )
        )
    return docs


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=10_000)
    parser.add_argument("--baseline-sample", type=int, default=2_000)
    parser.add_argument("--story-sizes", default="1000,10000,100000")
    args = parser.parse_args()
    rng = random.Random(11)
    work = Path(tempfile.mkdtemp(prefix="hs-process-"))
    template = (ROOT / "demo" / "sources.toml").read_text("utf-8")
    text = re.sub(r"\{\{BASE:([a-z0-9-]+)\}\}", r"http://\1.example", template)
    specs, problems = registry_from_text(text, "demo/sources.toml")
    assert not problems, problems
    registry = Registry({s.id: s for s in specs})
    pages = variants(demo_pages(), args.pages, rng)
    settings = load_settings(
        None,
        env={},
        overrides={"db": str(work / "p.db"), "quiet": True, "topics_dir": str(ROOT / "topics")},
    )
    load_store(str(work / "p.db"), Archive(settings.archive_path), registry, pages)

    t0 = time.perf_counter()
    summary = pipeline.process(settings, registry, today=date(2024, 12, 31))
    ours = time.perf_counter() - t0
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024

    sample = pages[: args.baseline_sample]
    t0 = time.perf_counter()
    for _, _, body in sample:
        trafilatura.extract(body.decode("utf-8", "replace"))
    base_rate = len(sample) / (time.perf_counter() - t0)

    print("| measure | value | note |\n|---|---|---|")
    print(f"| pages | {args.pages} | {summary.extracted} extracted, {summary.failed} failed |")
    print(
        f"| horizonscan process (extract + classify + stories): pages/s | {args.pages / ours:.0f} | {ours:.1f} s, target ≥ 50 |"
    )
    print(
        f"| plain trafilatura.extract, one process: pages/s | {base_rate:.0f} | sample of {len(sample)} |"
    )
    print(f"| peak RSS main / largest worker | {rss:.0f} MB / {children:.0f} MB | |")
    u = summary.understood
    if u is not None:
        print(f"| stories / across sources | {u.stories} / {u.multi_source_stories} | |")
    previous = None
    for n in (int(x) for x in args.story_sizes.split(",")):
        docs = story_docs(n, rng)
        stats: dict[str, int] = {}
        t0 = time.perf_counter()
        cluster(docs, stats=stats)
        seconds = time.perf_counter() - t0
        growth = (
            f"{seconds / previous[1] / (n / previous[0]):.2f}× per doc vs {previous[0]}"
            if previous
            else ""
        )
        print(
            f"| story clustering, {n} docs | {seconds:.2f} s ({stats['compared_pairs']} pairs compared) | {growth} |"
        )
        previous = (n, seconds)


if __name__ == "__main__":
    sys.exit(main())
