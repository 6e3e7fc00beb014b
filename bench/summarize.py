"""Summaries: offline summaries of 10,000 articles beside a baseline that takes the first
three sentences; then, against a local server speaking the chat-completions protocol, the
LLM backend's throughput at 1 / 8 / 32 concurrent requests and a second run from the cache.

    python bench/summarize.py [--articles 10000] [--llm-requests 96]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from horizonscan.classify.profile import load_profile  # noqa: E402
from horizonscan.summarize.base import SummaryRequest, Usage  # noqa: E402
from horizonscan.summarize.offline import sentences  # noqa: E402
from horizonscan.summarizing import offline  # noqa: E402


def texts(n: int, rng: random.Random) -> list[SummaryRequest]:
    gold = json.loads((ROOT / "demo" / "gold.json").read_text("utf-8"))
    pool = []
    for article in gold["articles"]:
        pool.append(article.get("title", ""))
    bodies = [p.read_text("utf-8", "replace") for p in (ROOT / "demo" / "content").glob("*.toml")]
    words = " ".join(bodies).split()
    out = []
    for i in range(n):
        start = rng.randrange(max(len(words) - 400, 1))
        text = " ".join(words[start : start + rng.randrange(150, 400)]).replace('"', "")
        out.append(
            SummaryRequest(
                doc_sha256=f"{i:064x}",
                task="item",
                title=rng.choice(pool) or f"T{i}",
                text=text,
                language="en",
                organisation="Org",
                region="国際",
                published=date(2024, 7, 1),
            )
        )
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--llm-requests", type=int, default=96)
    args = parser.parse_args()
    requests = texts(args.articles, random.Random(3))
    summarizer = offline(load_profile(ROOT / "topics" / "rare-earths.toml"))
    t0 = time.perf_counter()
    for request in requests:
        sentences(request.text)[:3]
    base = time.perf_counter() - t0
    t0 = time.perf_counter()
    for request in requests:
        summarizer.summarize_item(request)
    ours = time.perf_counter() - t0
    print("| measure | value | note |\n|---|---|---|")
    print(f"| baseline: first three sentences | {args.articles / base:,.0f} articles/s | |")
    print(
        f"| offline summariser (position + topic weight) | {args.articles / ours:,.0f} articles/s | "
        f"{ours / base:.1f}× the baseline's time, target ≥ 100 articles/s |"
    )
    try:
        from tests.summarize.chat_server import ChatServer

        from horizonscan.summarize.llm import LLMSummarizer
    except ImportError:
        print("| LLM backend | not measured | module missing |")
        return
    llm_bench(LLMSummarizer, ChatServer, requests[: args.llm_requests], summarizer)


def llm_bench(
    llm_class: type, server_class: type, requests: list[SummaryRequest], fallback: object
) -> None:
    from tests.summarize.chat_server import Reply

    from horizonscan.config import load_settings
    from horizonscan.store import open_store
    from horizonscan.store.editions import Member, StoryRows
    from horizonscan.summarizing import summaries_for

    answer = {
        "title_ja": "重要鉱物の新たな支援策を発表",
        "bullets": [{"text": "• 新たな支援策を発表した。", "sources": []}],
        "terms": [],
        "regions": [],
    }
    with server_class(default=Reply(answer, delay=0.05)) as server:
        for workers in (1, 8, 32):
            usage = Usage()
            backend = llm_class(
                base_url=server.base_url,
                model="bench",
                api_key="x",
                timeout=10,
                concurrency=workers,
                usage=usage,
                max_requests=None,
                fallback=fallback,
            )
            t0 = time.perf_counter()
            backend.summarize_items(requests)
            seconds = time.perf_counter() - t0
            print(
                f"| LLM, {workers} concurrent (server answers after 50 ms) | "
                f"{len(requests) / seconds:,.1f} requests/s | {usage.requests} requests |"
            )
        work = Path(tempfile.mkdtemp(prefix="hs-summ-"))
        settings = load_settings(None, env={}, overrides={"db": str(work / "s.db")})
        stories = [
            StoryRows(
                f"s{i}",
                (
                    Member(
                        i,
                        f"http://x/{i}",
                        "src",
                        "Org",
                        r.title,
                        r.text,
                        "en",
                        date(2024, 7, 1),
                        "国際",
                        0.9,
                        r.doc_sha256,
                    ),
                ),
                None,
            )
            for i, r in enumerate(requests)
        ]
        sessions = open_store(settings.db_url)
        for run in ("first", "second"):
            usage = Usage()
            backend = llm_class(
                base_url=server.base_url,
                model="bench",
                api_key="x",
                timeout=10,
                concurrency=8,
                usage=usage,
                max_requests=None,
                fallback=fallback,
            )
            with sessions() as session:
                summaries_for(session, stories, backend, usage, "レアアース")
            print(
                f"| {run} run through the cache | {usage.requests} requests, {usage.cached} cached | "
                f"{'target: 0 requests' if run == 'second' else ''} |"
            )


if __name__ == "__main__":
    main()
