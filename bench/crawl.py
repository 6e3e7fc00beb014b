"""Crawl throughput: 5,000 pages over 50 loopback hosts that answer after 50 ms.

Side by side in one run: horizonscan's first crawl, its second crawl of the unchanged
corpus, and a plain sequential httpx loop over the same article URLs (the baseline; timed
on a sample, since 5,000 × 50 ms would take minutes). Prints a Markdown table.

    python bench/crawl.py [--hosts 50] [--pages 100] [--latency 0.05] [--baseline-sample 400]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).parent))
from corpus import build, registry

from horizonscan import pipeline
from horizonscan.config import load_settings
from horizonscan.sources import load_registry


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--hosts", type=int, default=50)
    parser.add_argument("--pages", type=int, default=100)
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument("--baseline-sample", type=int, default=400)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="hs-bench-"))
    kinds = build(work / "sites", args.hosts, args.pages)
    server = subprocess.Popen(
        [
            sys.executable,
            str(Path(__file__).parent / "serve.py"),
            str(work / "sites"),
            str(args.latency),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.stdout is not None
        origins = json.loads(server.stdout.readline())
        reg = work / "bench.toml"
        reg.write_text(registry(kinds, origins, args.pages), "utf-8")
        sources = list(load_registry([reg]))
        settings = load_settings(
            None,
            env={},
            overrides={"db": str(work / "bench.db"), "default_delay": 0.0, "quiet": True},
        )
        total = args.hosts * args.pages

        cpu0, t0 = time.process_time(), time.perf_counter()
        first = pipeline.crawl(settings, sources)
        first_s, first_cpu = time.perf_counter() - t0, time.process_time() - cpu0
        rss = peak_rss_mb()
        t0 = time.perf_counter()
        second = pipeline.crawl(settings, sources)
        second_s = time.perf_counter() - t0

        urls = [
            f"{origins[name]}/news/r{n}.html" for n in range(args.pages) for name in sorted(kinds)
        ]
        sample = urls[: args.baseline_sample]
        t0 = time.perf_counter()
        with httpx.Client() as client:
            for url in sample:
                client.get(url).raise_for_status()
        base_rate = len(sample) / (time.perf_counter() - t0)
    finally:
        if server.stdin:
            server.stdin.close()
        server.wait(timeout=30)
    ours = first.articles_fetched / first_s
    rows = [
        ("pages in corpus", f"{total}", ""),
        (
            "first crawl: articles fetched / requests",
            f"{first.articles_fetched} / {first.requests}",
            "",
        ),
        ("first crawl: seconds", f"{first_s:.1f}", ""),
        ("first crawl: pages/s", f"{ours:.0f}", "target ≥ 300"),
        ("sequential httpx baseline: pages/s", f"{base_rate:.1f}", f"sample of {len(sample)} URLs"),
        ("speed-up over baseline", f"{ours / base_rate:.1f}×", "target ≥ 15×"),
        ("CPU seconds per page", f"{first_cpu / max(first.articles_fetched, 1) * 1000:.2f} ms", ""),
        ("peak RSS after first crawl", f"{rss:.0f} MB", "target < 300 MB"),
        (
            "second crawl: requests",
            f"{second.requests} ({second.requests / first.requests:.1%} of first)",
            "target ≤ 5%",
        ),
        (
            "second crawl: seconds",
            f"{second_s:.2f} ({first_s / second_s:.0f}× faster)",
            "target ≥ 5× faster",
        ),
        ("failures", f"{len(first.failures)} / {len(second.failures)}", ""),
    ]
    print("| measure | value | note |\n|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
