"""Scale-out: 20,000 pages over 400 loopback hosts answering after 50 ms, crawled by one
process and by 1, 2 and 4 `horizonscan worker` processes (Redis broker, shared host gate).

Every host asks for ``--delay`` seconds between requests. Per run: pages/s, the ratio to
the single process of the same run, and per host the busiest second and the closest two
requests (from the server's own request log), which must stay within the politeness limit.
The store is a SQLite file; ``--postgresql 4`` repeats the runs of those worker counts on a
throw-away PostgreSQL server (Debian's binaries, as the tests start it: fsync on,
synchronous_commit off), a fresh database each. Prints a Markdown table.

    python bench/scale.py [--hosts 400] [--pages 50] [--latency 0.05] [--delay 0.1]
                          [--workers 1,2,4] [--threads 32] [--postgresql 1,2,4]
"""

from __future__ import annotations

import argparse
import bisect
import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parent.parent))
from corpus import build, registry
from tests.pgserver import PgServer

from horizonscan import pipeline
from horizonscan.config import load_settings
from horizonscan.distributed import dispatch
from horizonscan.sitehost import SiteHost, site_folders
from horizonscan.sources import load_registry
from horizonscan.store import open_store


def serve(root: Path, latency: float, log_file: Path) -> None:
    """Server side (a subprocess): serve, and on stdin's end write each host's request times."""
    with SiteHost(site_folders(root), latency=latency) as host:
        print(json.dumps(host.origins()), flush=True)
        sys.stdin.read()
        times = {name: [t for t, _, _ in host.log(name).requests] for name in host.origins()}
    log_file.write_text(json.dumps(times), "utf-8")


def per_host(times: dict[str, list[float]]) -> tuple[int, float]:
    """The most requests any host saw within one second, and the closest two requests."""
    busiest, closest = 0, float("inf")
    for stamps in times.values():
        stamps = sorted(stamps)
        for i, t in enumerate(stamps):
            busiest = max(busiest, bisect.bisect_left(stamps, t + 1.0) - i)
            if i:
                closest = min(closest, t - stamps[i - 1])
    return busiest, closest


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def run(
    args: argparse.Namespace,
    work: Path,
    workers: int,
    redis_url: str,
    pg: PgServer | None = None,
) -> dict[str, float]:
    """One crawl of the whole corpus into a fresh store: in process (0) or on N workers;
    into a SQLite file, or into a new database of ``pg``."""
    folder = work / f"run-{workers}{'-pg' if pg else ''}"
    folder.mkdir()
    log_file = folder / "requests.json"
    server = subprocess.Popen(
        [
            sys.executable,
            __file__,
            "--serve",
            str(work / "sites"),
            str(args.latency),
            str(log_file),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert server.stdout is not None
    origins = json.loads(server.stdout.readline())
    reg = folder / "bench.toml"
    text = registry(KINDS, origins, args.pages).replace("delay = 0.0", f"delay = {args.delay}")
    reg.write_text(text, "utf-8")
    sources = list(load_registry([reg]))
    db = str(folder / "bench.db")
    if pg is not None:
        db = pg.create_database("scale")
        pg.tune(db, synchronous_commit="off")
    overrides = {
        "db": db,
        "archive_dir": str(folder / "archive"),
        "quiet": True,
        "broker_url": redis_url,
        "heartbeat_timeout": 10.0,
    }
    settings = load_settings(None, env={}, overrides=overrides)
    env = {k: v for k, v in os.environ.items() if not k.startswith("HORIZONSCAN_")}
    env["HORIZONSCAN_BROKER_URL"] = redis_url
    env["HORIZONSCAN_ARCHIVE_DIR"] = str(folder / "archive")
    procs = []
    try:
        for n in range(workers):
            handle = (folder / f"worker{n}.log").open("wb")
            procs.append(
                subprocess.Popen(
                    [sys.executable, "-m", "horizonscan", "worker", "--db", db,
                     "--threads", str(args.threads), "--queue", "crawl"],
                    env=env, stdout=handle, stderr=subprocess.STDOUT,
                )
            )  # fmt: skip
        if workers:
            open_store(settings.db_url)  # the store's schema, before the workers open it
            while sum(" ready: " in p.read_text() for p in folder.glob("worker*.log")) < workers:
                time.sleep(0.2)
        started = time.perf_counter()
        if workers:
            summary = dispatch.crawl(settings, sources)
        else:
            summary = pipeline.crawl(settings, sources)
        seconds = time.perf_counter() - started
    finally:
        for proc in procs:
            proc.send_signal(signal.SIGTERM)
        for proc in procs:
            proc.wait(timeout=120)
        if server.stdin:
            server.stdin.close()
        server.wait(timeout=120)
    busiest, closest = per_host(json.loads(log_file.read_text("utf-8")))
    return {
        "seconds": seconds,
        "articles": summary.articles_fetched,
        "requests": summary.requests,
        "failures": len(summary.failures),
        "busiest": busiest,
        "closest": closest,
        "db_mb": store_bytes(db, pg) / 1e6,
        "archive_mb": sum(f.stat().st_size for f in (folder / "archive").rglob("*.gz")) / 1e6,
    }


def store_bytes(db: str, pg: PgServer | None) -> int:
    if pg is None:
        return sum(f.stat().st_size for f in Path(db).parent.glob("bench.db*"))
    with psycopg.connect(pg.dsn(db.rsplit("/", 1)[1])) as conn:
        row = conn.execute("select pg_database_size(current_database())").fetchone()
    assert row is not None
    return int(row[0])


KINDS: dict[str, str] = {}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--hosts", type=int, default=400)
    parser.add_argument("--pages", type=int, default=50)
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument("--delay", type=float, default=0.1)
    parser.add_argument("--workers", default="1,2,4")
    parser.add_argument("--threads", type=int, default=32)
    parser.add_argument(
        "--postgresql", default="", help="worker counts to run again on PostgreSQL, e.g. 1,2,4"
    )
    parser.add_argument("--serve", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(Path(args.serve[0]), float(args.serve[1]), Path(args.serve[2]))
        return
    work = Path(tempfile.mkdtemp(prefix="hs-scale-"))
    KINDS.update(build(work / "sites", args.hosts, args.pages))
    port = free_port()
    redis = subprocess.Popen(
        [shutil.which("redis-server") or "/usr/bin/redis-server", "--port", str(port),
         "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", str(work)],
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    time.sleep(0.5)
    redis_url = f"redis://127.0.0.1:{port}/0"
    results: dict[str, dict[str, float]] = {}
    on_pg = [int(x) for x in args.postgresql.split(",") if x]
    try:
        with contextlib.ExitStack() as stack:
            pg = stack.enter_context(PgServer(durable=True)) if on_pg else None
            results["single process"] = run(args, work, 0, redis_url)
            for n in (int(x) for x in args.workers.split(",")):
                results[f"{n} worker{'s' if n > 1 else ''}"] = run(args, work, n, redis_url)
            for n in on_pg:
                name = f"{n} worker{'s' if n > 1 else ''}, PostgreSQL"
                results[name] = run(args, work, n, redis_url, pg)
    finally:
        redis.terminate()
        redis.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)  # sites, stores and archives: ~1.3 GB
    base = results["single process"]["articles"] / results["single process"]["seconds"]
    limit = 1 / args.delay
    print(
        f"{args.hosts * args.pages} pages over {args.hosts} hosts, {args.latency * 1000:.0f} ms "
        f"answers, delay {args.delay:g} s per host (at most {limit:g} requests/s per host), "
        f"{os.cpu_count()} cores\n"
    )
    print(
        "| run | articles / requests | seconds | pages/s | × single | busiest host-second "
        "| closest requests to one host | store MB | archive MB |\n"
        "|---|---|---|---|---|---|---|---|---|"
    )
    for name, r in results.items():
        rate = r["articles"] / r["seconds"]
        print(
            f"| {name} | {r['articles']:.0f} / {r['requests']:.0f} | {r['seconds']:.1f} | "
            f"{rate:.0f} | {rate / base:.2f}× | {r['busiest']:.0f} requests | "
            f"{r['closest'] * 1000:.0f} ms (≥ {args.delay * 1000:.0f}) | {r['db_mb']:.1f} | "
            f"{r['archive_mb']:.1f} |"
        )


if __name__ == "__main__":
    main()
