"""Report rendering: a 200-item edition in all five formats.

Side by side in one run: pagination and each renderer's seconds, beside the floor of
rendering the same HTML template with plain Jinja2 (no measuring, no PDF). Peak RSS of the
process is reported at the end.

    python bench/report.py [--items 200]
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from horizonscan.report.layout import paginate
from horizonscan.report.reference import load_reference
from horizonscan.report.render import RENDERERS
from horizonscan.report.render_html import html_text

SEED = Path(__file__).resolve().parents[2] / "shared" / "seed" / "reference-items.jsonl"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=200)
    args = parser.parse_args()
    reference = load_reference(SEED, "2025-01")
    pool = list(reference.items) + list(load_reference(SEED, "2024-H1").items)
    items = tuple(replace(pool[n % len(pool)], no=n + 1) for n in range(args.items))
    edition = replace(reference, items=items)
    out = Path(tempfile.mkdtemp(prefix="hs-report-"))
    rows = []
    t0 = time.perf_counter()
    pages = paginate(edition)
    rows.append(("pagination (measured text)", time.perf_counter() - t0))
    t0 = time.perf_counter()
    html_text(pages)
    rows.append(("floor: the HTML template with plain Jinja2", time.perf_counter() - t0))
    total = 0.0
    for name, render in RENDERERS.items():
        t0 = time.perf_counter()
        render(pages, out / f"bench.{name}")
        seconds = time.perf_counter() - t0
        total += seconds
        rows.append((f"{name} ({(out / f'bench.{name}').stat().st_size // 1024} KB)", seconds))
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print("| step | seconds | note |\n|---|---|---|")
    print(f"| {args.items} items on {pages.total} pages | | |")
    for name, seconds in rows:
        print(f"| {name} | {seconds:.2f} | |")
    print(f"| all five formats | {total:.2f} | target < 20 s |")
    print(f"| peak RSS | {rss:.0f} MB | target < 600 MB |")


if __name__ == "__main__":
    main()
