"""Extraction quality: main text, title and publication date on public benchmark pages.

Side by side in one run, on the same bytes: horizonscan's ``extract_html`` (no site selectors)
and plain trafilatura (``extract`` for text, ``extract_metadata`` for the title, htmldate's
``find_date(original_date=True)`` for the date). Data: the benchmarks under /work/shared/bench,
each a ``gold.json`` of items with ``text``, ``with``/``without``, ``title`` or ``date``.

- text: bag-of-tokens precision, recall and F1 against ``text``, per document (macro) and over
  all tokens (micro); an empty extraction scores 0.
- snippets: share of ``with`` snippets found in the text and ``without`` snippets absent from it.
- title: exact match after whitespace and case normalisation; date: exact ``YYYY-MM-DD`` match.

A system that takes more than 10 s on a page is stopped; the page is then left out of every
score (for both systems) and counted. Prints a Markdown table; progress goes to stderr.

    python bench/extract.py [--only NAME] [--limit N] [--data DIR] [--dump FILE.jsonl]
"""

from __future__ import annotations

import argparse
import json
import logging
import lzma
import signal
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from types import FrameType
from typing import Any, TextIO

import htmldate
import trafilatura
from trafilatura.utils import decode_file

sys.path.insert(0, str(Path(__file__).parent))
from textmetrics import (
    Overlap,
    Snippets,
    macro,
    micro,
    overlap,
    same_date,
    same_title,
    snippets,
)

from horizonscan.errors import ExtractError
from horizonscan.extract.html_doc import extract_html
from horizonscan.sources import Selectors

DATA = Path("/work/shared/bench")
BENCHMARKS = (
    "scrapinghub-aeb",
    "fundus-eval",
    "fundus-parser-tests",
    "trafilatura-eval",
    "htmldate-eval",
)
SYSTEMS = ("horizonscan", "trafilatura")
TIME_LIMIT = 10.0
TODAY = date(2026, 11, 30)


class TimeLimit(BaseException):
    """Raised by the alarm; a BaseException so that no ``except Exception`` swallows it."""


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    def expire(_signum: int, _frame: FrameType | None) -> None:
        raise TimeLimit

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@dataclass(slots=True)
class Output:
    """What one system made of one page."""

    text: str = ""
    title: str | None = None
    date: str | None = None
    seconds: float = 0.0
    status: str = "ok"  # ok | refused | timeout | error


def run_horizonscan(body: bytes, url: str) -> Output:
    try:
        article = extract_html(
            body,
            url,
            source_id="bench",
            selectors=Selectors(),
            language=None,
            today=TODAY,
            date_order=None,
        )
    except ExtractError:
        return Output(status="refused")
    published = article.published.isoformat() if article.published else None
    return Output(article.text or "", article.title, published)


def run_trafilatura(body: bytes, url: str) -> Output:
    page = decode_file(body)
    text = trafilatura.extract(page, url=url) or ""
    title = trafilatura.extract_metadata(page).title
    found = htmldate.find_date(page, original_date=True)
    return Output(text, title, found)


RUNNERS: dict[str, Callable[[bytes, str], Output]] = {
    "horizonscan": run_horizonscan,
    "trafilatura": run_trafilatura,
}


WARM_UP = (
    b"<html><head><title>Warm-up</title></head><body><article><h1>Warm-up</h1>"
    b"<p>Published 3 March 2024. "
    + b"Lazy imports and caches are filled before timing. " * 20
    + b"</p></article></body></html>"
)


def timed(system: str, body: bytes, url: str) -> Output:
    start = time.perf_counter()
    try:
        with time_limit(TIME_LIMIT):
            out = RUNNERS[system](body, url)
    except TimeLimit:
        out = Output(status="timeout")
    except Exception as exc:  # noqa: BLE001 - one failing page must not end the run
        print(f"  {system} failed on {url}: {exc!r}", file=sys.stderr)
        out = Output(status="error")
    out.seconds = time.perf_counter() - start
    return out


@dataclass(slots=True)
class Tally:
    """Scores of one system on one benchmark."""

    overlaps: list[Overlap] = field(default_factory=list)
    snippets: list[Snippets] = field(default_factory=list)
    titles: list[bool] = field(default_factory=list)
    dates: list[bool] = field(default_factory=list)
    no_date: int = 0
    empty: int = 0
    refused: int = 0
    errors: int = 0
    timeouts: int = 0
    runs: int = 0
    seconds: float = 0.0


def score(tally: Tally, item: dict[str, Any], out: Output) -> None:
    if out.status == "refused":
        tally.refused += 1
    elif out.status == "error":
        tally.errors += 1
    if not out.text.strip():
        tally.empty += 1
    if item.get("text"):
        tally.overlaps.append(overlap(out.text, item["text"]))
    if item.get("with") or item.get("without"):
        tally.snippets.append(snippets(out.text, item.get("with") or [], item.get("without") or []))
    if item.get("title"):
        tally.titles.append(same_title(out.title, item["title"]))
    if item.get("date"):
        tally.dates.append(same_date(out.date, item["date"]))
        tally.no_date += out.date is None


def load(data: Path, name: str, limit: int | None) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = json.loads((data / name / "gold.json").read_text("utf-8"))[
        "items"
    ]
    return items[:limit] if limit else items


def run_benchmark(
    data: Path, name: str, limit: int | None, dump: TextIO | None
) -> tuple[dict[str, Tally], int]:
    """Every page through both systems (alternating which goes first); returns the tallies
    and the number of pages scored."""
    items = load(data, name, limit)
    tallies = {s: Tally() for s in SYSTEMS}
    scored = 0
    started = time.perf_counter()
    for index, item in enumerate(items):
        body = lzma.decompress((data / name / item["file"]).read_bytes())
        order = SYSTEMS if index % 2 == 0 else SYSTEMS[::-1]
        outputs = {s: timed(s, body, item["url"]) for s in order}
        for system, out in outputs.items():
            tallies[system].runs += 1
            tallies[system].seconds += out.seconds
            tallies[system].timeouts += out.status == "timeout"
        if any(out.status == "timeout" for out in outputs.values()):
            print(f"  {name}/{item['id']}: time limit, left out", file=sys.stderr)
        else:
            scored += 1
            for system, out in outputs.items():
                score(tallies[system], item, out)
        if dump is not None:
            record = {"benchmark": name, "id": item["id"], "url": item["url"]}
            record |= {s: asdict(out) for s, out in outputs.items()}
            dump.write(json.dumps(record, ensure_ascii=False) + "\n")
        if (index + 1) % 50 == 0 or index + 1 == len(items):
            elapsed = time.perf_counter() - started
            print(f"{name}: {index + 1}/{len(items)} pages, {elapsed:.0f} s", file=sys.stderr)
    return tallies, scored


def share(hits: list[bool]) -> float:
    return sum(hits) / len(hits) if hits else 0.0


def text_measure(
    average: Callable[[list[Overlap]], tuple[float, float, float]], index: int
) -> Callable[[Tally], float]:
    """One of precision (0), recall (1) or F1 (2) of a system's token overlaps."""
    return lambda t: average(t.overlaps)[index]


def rows(tallies: dict[str, Tally], scored: int) -> list[tuple[str, str, str, str]]:
    """``(measure, docs, horizonscan, trafilatura)`` for every measure this benchmark has."""
    hs, tf = tallies["horizonscan"], tallies["trafilatura"]
    out: list[tuple[str, str, str, str]] = []

    def add(measure: str, docs: int, get: Callable[[Tally], float | int | str]) -> None:
        def cell(t: Tally) -> str:
            value = get(t)
            return f"{value:.3f}" if isinstance(value, float) else str(value)

        out.append((measure, str(docs), cell(hs), cell(tf)))

    if hs.overlaps:
        n = len(hs.overlaps)
        for kind, average in (("macro", macro), ("micro", micro)):
            for i, label in ((2, "F1"), (0, "precision"), (1, "recall")):
                add(f"text {label} ({kind})", n, text_measure(average, i))
    if hs.snippets:
        n = len(hs.snippets)

        def accuracy(t: Tally) -> float:
            hits = sum(s.with_found + s.without_absent for s in t.snippets)
            total = sum(s.with_total + s.without_total for s in t.snippets)
            return hits / total if total else 0.0

        def found(t: Tally) -> float:
            total = sum(s.with_total for s in t.snippets)
            return sum(s.with_found for s in t.snippets) / total if total else 0.0

        def absent(t: Tally) -> float:
            total = sum(s.without_total for s in t.snippets)
            return sum(s.without_absent for s in t.snippets) / total if total else 0.0

        add("snippets: accuracy", n, accuracy)
        add("snippets: `with` found", n, found)
        add("snippets: `without` absent", n, absent)
    if hs.overlaps or hs.snippets:
        add("text: empty (pages)", scored, lambda t: t.empty)
    if hs.titles:
        add("title: exact match", len(hs.titles), lambda t: share(t.titles))
    if hs.dates:
        add("date: exact match", len(hs.dates), lambda t: share(t.dates))
        add("date: none found (pages)", len(hs.dates), lambda t: t.no_date)
    add("refused / failed (pages)", scored, lambda t: f"{t.refused} / {t.errors}")
    add(f"over {TIME_LIMIT:.0f} s, left out (pages)", hs.runs, lambda t: t.timeouts)
    add("speed (pages/s)", hs.runs, lambda t: f"{t.runs / t.seconds:.1f}" if t.seconds else "–")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=BENCHMARKS, help="run this benchmark only")
    parser.add_argument("--limit", type=int, help="first N pages of each benchmark")
    parser.add_argument("--data", type=Path, default=DATA, help="folder of the benchmarks")
    parser.add_argument("--dump", type=Path, help="write every output to this JSON-lines file")
    args = parser.parse_args()
    for noisy in ("trafilatura", "htmldate", "courlan", "charset_normalizer"):
        logging.getLogger(noisy).setLevel(logging.CRITICAL)
    names = [args.only] if args.only else list(BENCHMARKS)
    for system in SYSTEMS:
        timed(system, WARM_UP, "https://example.org/news/warm-up.html")
    dump = args.dump.open("w", encoding="utf-8") if args.dump else None
    table: list[tuple[str, str, str, str, str]] = []
    runs = dict.fromkeys(SYSTEMS, 0)
    seconds = dict.fromkeys(SYSTEMS, 0.0)
    try:
        for name in names:
            tallies, scored = run_benchmark(args.data, name, args.limit, dump)
            table += [(name, *row) for row in rows(tallies, scored)]
            for system, tally in tallies.items():
                runs[system] += tally.runs
                seconds[system] += tally.seconds
    finally:
        if dump is not None:
            dump.close()
    if len(names) > 1:
        speeds = [f"{runs[s] / seconds[s]:.1f}" if seconds[s] else "–" for s in SYSTEMS]
        table.append(("all", "speed (pages/s)", str(runs["horizonscan"]), speeds[0], speeds[1]))
    print("| benchmark | measure | docs | horizonscan | trafilatura |")
    print("|---|---|---|---|---|")
    for row in table:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
