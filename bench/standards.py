"""ISO Open Data ingest: 100,000 generated deliverables in JSON Lines, CSV and Parquet.

Side by side in one run: horizonscan's ingest parser (every row validated and normalised,
references parsed) against the bare parse of the same file (``json.loads`` per line,
``csv.DictReader``, pyarrow ``to_pylist``); then storing a snapshot and diffing two
snapshots of 100,000 rows that differ in about 3 % of their rows.

    python bench/standards.py [--rows 100000]
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import random
import resource
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from horizonscan.config import load_settings
from horizonscan.standards.diff import diff
from horizonscan.standards.ingest import parse
from horizonscan.store import open_store
from horizonscan.store import standards as std

PREFIXES = [
    (2000, "ISO/AWI"),
    (3020, "ISO/CD"),
    (4020, "ISO/DIS"),
    (5020, "ISO/FDIS"),
    (6060, "ISO"),
    (9093, "ISO"),
]
CSV_HEADER = [
    "id",
    "deliverableType",
    "supplementType",
    "reference",
    "title.en",
    "title.fr",
    "publicationDate",
    "edition",
    "icsCode",
    "ownerCommittee",
    "currentStage",
    "replaces",
    "replacedBy",
    "languages",
    "pages.en",
    "scope.en",
]


def rows(n: int, rng: random.Random) -> list[dict[str, Any]]:
    out = []
    for i in range(n):
        stage, prefix = rng.choice(PREFIXES)
        number = 10000 + i
        reference = f"{prefix} {number}" + (
            f":{rng.randrange(1990, 2025)}" if stage >= 6060 else ""
        )
        out.append(
            {
                "id": 100000 + i,
                "deliverableType": "IS",
                "supplementType": None,
                "reference": reference,
                "title": {"en": f"Subject {i} — Part {i % 7}", "fr": None},
                "publicationDate": "2020-01-01" if stage >= 6060 else None,
                "edition": 1,
                "icsCode": ["77.120.99"],
                "ownerCommittee": f"ISO/TC {i % 400 + 1}",
                "currentStage": stage,
                "replaces": None,
                "replacedBy": None,
                "languages": ["en"],
                "pages": {"en": 10},
                "scope": {"en": None},
            }
        )
    return out


def encode(data: list[dict[str, Any]]) -> dict[str, bytes]:
    jsonl = b"".join(json.dumps(r).encode() + b"\n" for r in data)
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(CSV_HEADER)
    for r in data:
        writer.writerow(
            [
                r["id"],
                r["deliverableType"],
                "",
                r["reference"],
                r["title"]["en"],
                "",
                r["publicationDate"] or "",
                r["edition"],
                str(r["icsCode"]),
                r["ownerCommittee"],
                r["currentStage"],
                "",
                "",
                "['en']",
                10,
                "",
            ]
        )
    buffer = io.BytesIO()
    pq.write_table(pa.Table.from_pylist(data), buffer)
    return {"jsonl": jsonl, "csv": text.getvalue().encode(), "parquet": buffer.getvalue()}


def bare(kind: str, data: bytes) -> int:
    if kind == "jsonl":
        return sum(1 for line in io.BytesIO(data) if json.loads(line))
    if kind == "csv":
        return sum(1 for _ in csv.DictReader(io.StringIO(data.decode())))
    return len(pq.ParquetFile(io.BytesIO(data)).read().to_pylist())


def child(kind: str, path: str, rows_expected: int) -> None:
    """One measurement in a fresh process, so its peak RSS is its own."""
    payload = Path(path).read_bytes()
    t0 = time.perf_counter()
    count = bare(kind, payload)
    base = time.perf_counter() - t0
    t0 = time.perf_counter()
    two = parse(payload, f"x.{kind}", ["ISO/TC 298", "ISO/TC 333"])
    filtered = time.perf_counter() - t0
    t0 = time.perf_counter()
    everything = parse(payload, f"x.{kind}")
    ours = time.perf_counter() - t0
    assert count == len(everything.deliverables) == rows_expected
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    n = rows_expected
    print(f"| {kind}: bare parse | {base:.2f} | {n / base:,.0f} | baseline |")
    print(
        f"| {kind}: ingest of two committees ({len(two.deliverables)} rows kept) | {filtered:.2f} | "
        f"{n / filtered:,.0f} | {filtered / base:.1f}× bare (target ≤ 3×) |"
    )
    print(
        f"| {kind}: every row validated and normalised | {ours:.2f} | {n / ours:,.0f} | {ours / base:.1f}× bare |"
    )
    print(f"| {kind}: peak RSS of this process | | | {rss:.0f} MB (target < 500 MB) |")


def main() -> None:
    import subprocess
    import sys

    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--child", nargs=2, metavar=("KIND", "PATH"))
    args = parser.parse_args()
    if args.child:
        child(args.child[0], args.child[1], args.rows)
        return
    rng = random.Random(5)
    data = rows(args.rows, rng)
    work = Path(tempfile.mkdtemp(prefix="hs-standards-"))
    for kind, payload in encode(data).items():
        (work / f"data.{kind}").write_bytes(payload)
    print("| step | seconds | rows/s | note |\n|---|---|---|---|", flush=True)
    for kind in ("jsonl", "csv", "parquet"):
        subprocess.run(
            [
                sys.executable,
                __file__,
                "--rows",
                str(args.rows),
                "--child",
                kind,
                str(work / f"data.{kind}"),
            ],
            check=True,
        )
    before = parse((work / "data.jsonl").read_bytes(), "x.jsonl").deliverables
    changed = [dict(r) for r in data]
    for r in rng.sample(changed, k=args.rows * 3 // 100):
        r["currentStage"] = 6060 if r["currentStage"] < 6060 else 9599
    after = parse(encode(changed)["jsonl"], "y.jsonl").deliverables
    settings = load_settings(None, env={}, overrides={"db": str(work / "s.db")})
    t0 = time.perf_counter()
    with open_store(settings.db_url)() as session:
        info = std.SnapshotInfo(
            "ALL", date(2024, 11, 20), "bench", "iso-open-data", args.rows, 0, {}
        )
        std.save_snapshot(session, info, before, None)
        session.commit()
    print(
        f"| store one snapshot of {args.rows:,} rows (SQLite) | {time.perf_counter() - t0:.2f} | | |"
    )
    t0 = time.perf_counter()
    result = diff("ALL", before, after)
    seconds = time.perf_counter() - t0
    print(
        f"| diff two snapshots of {args.rows:,} rows | {seconds:.2f} | | {len(result.changes):,} changes (target < 2 s) |"
    )


if __name__ == "__main__":
    main()
