"""Review-desk latency on a large store: 50,000 articles in 5,000 stories of one topic.

Server-side render time of the candidates page (first page, and a page filtered by source
and status) for an edition's month (about 4,200 articles) and for the whole year (all
50,000), and of the item editor, p50/p95 over 200 requests each from a client on loopback
to a desk served by uvicorn in its own process; beside them, the same pages' bare database
queries run in this process as the floor. Target: p95 < 150 ms per page.

    python bench/desk.py [--articles 50000] [--stories 5000] [--requests 200]
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import httpx

from horizonscan.accounts import add_account
from horizonscan.config import load_settings
from horizonscan.store import editions, open_store, review, revisions
from horizonscan.store.maintenance import optimize
from horizonscan.store.review import CandidateQuery

ROOT = Path(__file__).resolve().parent.parent
TOPIC = "rare-earths"
START, END = date(2024, 1, 1), date(2024, 12, 31)
MONTH = (date(2024, 11, 1), date(2024, 11, 30))
QUERIES = {
    "month": CandidateQuery(TOPIC, *MONTH),
    "month-filtered": CandidateQuery(TOPIC, *MONTH, source="src07", status="new"),
    "year": CandidateQuery(TOPIC, START, END),
    "year-filtered": CandidateQuery(TOPIC, START, END, source="src07", status="new"),
}
WORDS = [
    "rare",
    "earth",
    "lithium",
    "battery",
    "critical",
    "minerals",
    "processing",
    "supply",
    "chain",
    "export",
    "control",
    "standard",
    "committee",
    "graphite",
    "cobalt",
    "nickel",
    "magnet",
    "recycling",
    "investment",
    "partnership",
]


def build_store(folder: Path, articles: int, stories: int, seed: int = 7) -> Path:
    """The store through horizonscan's migrations, then rows written in bulk."""
    db = folder / "desk.db"
    open_store(f"sqlite:///{db}")
    rng = random.Random(seed)
    sources = [f"src{n:02d}" for n in range(40)]
    languages = ["en", "ja", "zh", "ko", "es", "fr"]
    regions = ["中国", "オーストラリア", "カナダ", "韓国", "EU", "米国", "国際"]
    now = "2024-12-31 00:00:00"
    with sqlite3.connect(db) as conn:
        conn.executemany(
            "insert into sources (id, name, label, region, language, home, cadence_days, spec, "
            "updated_at) values (?, ?, ?, ?, 'en', ?, 7, '{}', ?)",
            [
                (s, s, f"Ministry {s}", rng.choice(regions), f"https://{s}.example/", now)
                for s in sources
            ],
        )
        rows, scores = [], []
        for n in range(1, articles + 1):
            day = START + timedelta(days=rng.randrange((END - START).days + 1))
            text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(150, 400)))
            story = f"s{rng.randrange(stories):05d}"
            rows.append(
                (
                    n,
                    f"https://{sources[n % 40]}.example/news/{n}",
                    sources[n % 40],
                    "fetched",
                    now,
                    f"Release {n}: " + " ".join(rng.choice(WORDS) for _ in range(8)),
                    day.isoformat(),
                    rng.choice(languages),
                    rng.choice(regions),
                    text,
                    story,
                    len(text),
                )
            )
            probability = rng.random()
            explanation = {
                "rule_score": probability * 10,
                "threshold": 4.0,
                "model_share": 0.3,
                "hits": [
                    {
                        "kind": "term",
                        "name": "rare-earth",
                        "lang": "en",
                        "field": "text",
                        "matched": ["rare earth"],
                        "count": 2,
                        "weight": 3.0,
                        "contribution": 6.0,
                    }
                ],
                "best_sentence": text[:160],
                "veto": False,
            }
            scores.append(
                (
                    n,
                    TOPIC,
                    probability * 10,
                    probability,
                    None,
                    probability > 0.5,
                    json.dumps(explanation),
                    "bench",
                    now,
                )
            )
        conn.executemany(
            "insert into articles (id, url, source_id, status, discovered_at, title, published, "
            "language, region, text, story, text_chars) values (?,?,?,?,?,?,?,?,?,?,?,?)",
            rows,
        )
        conn.executemany(
            "insert into topic_scores (article_id, topic, rule_score, probability, "
            "model_probability, relevant, explanation, profile_digest, scored_at) "
            "values (?,?,?,?,?,?,?,?,?)",
            scores,
        )
        labelled = rng.sample(range(1, articles + 1), 500)
        conn.executemany(
            "insert into labels (article_id, topic, relevant, reason, author, created_at) "
            "values (?, ?, ?, NULL, 'bench', ?)",
            [(a, TOPIC, a % 2 == 0, now) for a in labelled],
        )
    return db


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def floor_ms(db: Path, requests: int) -> dict[str, list[float]]:
    sessions = open_store(f"sqlite:///{db}")
    optimize(sessions)  # as the pipeline does after processing, and the desk on start
    timings: dict[str, list[float]] = {name: [] for name in (*QUERIES, "item")}
    for _ in range(requests):
        for name, query in QUERIES.items():
            began = time.perf_counter()
            with sessions() as session:
                review.candidates(session, query)
            timings[name].append(1000 * (time.perf_counter() - began))
        began = time.perf_counter()
        with sessions() as session:
            editions.story_rows(session, TOPIC, "s00042")
            review.item_edit(session, TOPIC, "s00042")
            review.item_history(session, TOPIC, "s00042")
        timings["item"].append(1000 * (time.perf_counter() - began))
    return timings


def serve(db: Path, port: int) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("horizonscan")),
            "serve",
            "--db",
            str(db),
            "--port",
            str(port),
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            httpx.get(f"http://127.0.0.1:{port}/login", timeout=1)
            return process
        except httpx.HTTPError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("the desk did not start")


def page_ms(port: int, requests: int) -> dict[str, list[float]]:
    base = f"http://127.0.0.1:{port}"
    paths = {}
    for name, query in QUERIES.items():
        period = revisions.period_key(query.start, query.end)
        paths[name] = f"/candidates?topic={TOPIC}&period={period}"
        if query.status:
            paths[name] += f"&source={query.source}&status={query.status}"
    paths["item"] = f"/items/s00042?topic={TOPIC}&period={revisions.period_key(*MONTH)}"
    with httpx.Client(base_url=base, timeout=60) as client:
        form = client.get("/login").text
        token = form.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
        client.post(
            "/login",
            data={"name": "bench", "password": "bench-password", "csrf_token": token, "next": "/"},
        )
        timings: dict[str, list[float]] = {name: [] for name in paths}
        for path in paths.values():
            assert client.get(path).status_code == 200, path  # warm
        for _ in range(requests):
            for name, path in paths.items():
                began = time.perf_counter()
                answer = client.get(path)
                timings[name].append(1000 * (time.perf_counter() - began))
                assert answer.status_code == 200, (path, answer.status_code)
    return timings


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=50_000)
    parser.add_argument("--stories", type=int, default=5_000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--port", type=int, default=8791)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        began = time.perf_counter()
        db = build_store(Path(tmp), args.articles, args.stories)
        print(
            f"store: {args.articles} articles / {args.stories} stories in "
            f"{time.perf_counter() - began:.1f} s"
        )
        settings = load_settings(None, env={}, overrides={"db": str(db)})
        add_account(settings, "bench", "editor", "bench-password")
        floors = floor_ms(db, args.requests)
        server = serve(db, args.port)
        try:
            pages = page_ms(args.port, args.requests)
        finally:
            server.terminate()
            server.wait(timeout=10)
    print(
        f"{'page':<12}{'p50 ms':>9}{'p95 ms':>9}{'floor p50':>11}{'floor p95':>11}{'p95/floor':>11}"
    )
    for name in pages:
        p50, p95 = statistics.median(pages[name]), percentile(pages[name], 0.95)
        f50, f95 = statistics.median(floors[name]), percentile(floors[name], 0.95)
        verdict = "ok" if p95 < 150 else "OVER 150 ms"
        print(
            f"{name:<12}{p50:>9.1f}{p95:>9.1f}{f50:>11.1f}{f95:>11.1f}{p95 / f95:>10.1f}×  {verdict}"
        )


if __name__ == "__main__":
    main()
