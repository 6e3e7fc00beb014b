"""Several processes write the same URLs, articles, scores, summaries and snapshots at once:
no row is duplicated and no update is lost, on SQLite and on PostgreSQL."""

from __future__ import annotations

import hashlib
import multiprocessing
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from horizonscan.records import Link, Page
from horizonscan.sources import registry_from_text
from horizonscan.standards.records import Deliverable
from horizonscan.store import batch, crawlstate, editions, open_store, summaries, understanding
from horizonscan.store import standards as std
from horizonscan.store.models import (
    ArticleRow,
    AttachmentRow,
    DocumentRow,
    FetchRow,
    LabelRow,
    OverrideRow,
    ResourceRow,
    SourceRow,
    StandardRow,
    StandardSnapshotRow,
    SummaryRow,
    TopicScoreRow,
)
from horizonscan.store.retry import transaction

PROCESSES = 4
ROUNDS = 5
URLS = [f"https://site.example/news/{n:03d}" for n in range(40)]
REGISTRY = """
[[source]]
id = "site"
name = "Site"
label = "Site（サイト）"
region = "国際"
language = "en"
home = "https://site.example/"
listings = ["https://site.example/news/"]
articles = ["/news/"]
"""


def _body(url: str) -> bytes:
    return f"<html><p>{url}</p></html>".encode()


def _pages(worker: int, round_no: int) -> list[tuple[Page, int]]:
    at = datetime(2024, 1, 1, tzinfo=UTC) + timedelta(minutes=round_no)
    pages = []
    # every worker walks the URLs in its own order, so locks are taken in every order
    order = URLS[worker * 7 :] + URLS[: worker * 7]
    for url in order:
        n = int(url.rsplit("/", 1)[1])
        if n % 4 == 3:  # these fail every time: each failure must be counted
            pages.append(
                Page(url, "site", "article", "failed", at, status=503, reason="503 answer")
            )
        else:
            body = _body(url)
            sha = hashlib.sha256(body).hexdigest()
            pages.append(
                Page(
                    url,
                    "site",
                    "article",
                    "fetched",
                    at,
                    status=200,
                    media="html",
                    body=body,
                    sha256=sha,
                    etag=f'"{n}"',
                )
            )
    pages.append(
        Page(
            "https://site.example/files/a.pdf",
            "site",
            "attachment",
            "fetched",
            at,
            status=200,
            media="pdf",
            body=b"%PDF",
            sha256="ab" * 32,
            referrer=URLS[0],
        )
    )
    return [(p, len(p.body)) for p in pages]


def _deliverables() -> list[Deliverable]:
    return [
        Deliverable(n, f"ISO {n}", f"iso-{n}", "IS", None, f"Title {n}", None, 1, "ISO/TC 298", 60)
        for n in range(1, 31)
    ]


def _worker(url: str, worker: int, barrier: multiprocessing.synchronize.Barrier) -> None:
    specs, problems = registry_from_text(REGISTRY, "site.toml")
    assert not problems, problems
    sessions = open_store(url)
    barrier.wait(timeout=120)
    with sessions() as session:
        for round_no in range(ROUNDS):
            transaction(session, lambda s: crawlstate.upsert_sources(s, specs))
            links = [Link(u, "site", "article", title=f"title {u}") for u in reversed(URLS)]
            transaction(session, lambda s, links=links: crawlstate.add_links(s, links))
            pages = _pages(worker, round_no)
            transaction(
                session,
                lambda s, pages=pages: batch.write_pages(
                    s, None, pages, lambda at, _first: at + timedelta(days=1)
                ),
            )
            transaction(
                session,
                lambda s: crawlstate.link_attachment(
                    s, URLS[1], "https://site.example/files/a.pdf"
                ),
            )

            def decide(s, round_no=round_no):  # type: ignore[no-untyped-def]
                ids = s.scalars(select(ArticleRow.id).order_by(ArticleRow.id)).all()
                for article_id in ids:
                    understanding.save_score(
                        s, article_id, "rare-earths", "d1", rule_score=1.0,
                        probability=0.5 + worker / 100, model_probability=None,
                        relevant=True, explanation={"by": worker, "round": round_no},
                    )  # fmt: skip
                understanding.add_label(s, URLS[2], "rare-earths", True, f"w{worker}", None)
                summaries.remember(
                    s, "k" * 64, article_id=ids[0], doc_sha256="c" * 64, task="item",
                    prompt_version="v1", model=None, backend="offline", translated=False,
                    payload={"by": worker},
                )  # fmt: skip
                editions.set_override(s, "s1", "rare-earths", title=f"w{worker}", pickup=True)
                editions.set_override(s, f"s{worker + 2}", "rare-earths", excluded=True)

            transaction(session, decide)
            info = std.SnapshotInfo("ISO/TC 298", date(2024, 6, 1), "file.jsonl", "iso-open-data",
                                    30, 0, {"published": 30})  # fmt: skip
            transaction(
                session, lambda s, info=info: std.save_snapshot(s, info, _deliverables(), None)
            )


@pytest.mark.slow
def test_concurrent_writers_neither_duplicate_nor_lose_updates(db_url: str) -> None:
    open_store(db_url)  # the schema exists before the writers start
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(PROCESSES)
    workers = [context.Process(target=_worker, args=(db_url, n, barrier)) for n in range(PROCESSES)]
    for process in workers:
        process.start()
    for process in workers:
        process.join(timeout=240)
    assert [p.exitcode for p in workers] == [0] * PROCESSES

    failing = [u for u in URLS if int(u.rsplit("/", 1)[1]) % 4 == 3]
    writes = PROCESSES * ROUNDS
    with open_store(db_url)() as session:

        def count(model: object) -> int:
            return session.scalar(select(func.count()).select_from(model)) or 0  # type: ignore[arg-type]

        assert count(SourceRow) == 1
        assert count(ArticleRow) == len(URLS)
        assert count(FetchRow) == writes * (len(URLS) + 1)
        assert count(DocumentRow) == len(URLS) - len(failing) + 1
        assert count(ResourceRow) == len(URLS) + 1
        assert count(AttachmentRow) == 2  # (URLS[0], a.pdf) recorded, (URLS[1], a.pdf) linked
        assert count(TopicScoreRow) == len(URLS)
        assert count(LabelRow) == writes  # labels are a history: every decision is kept
        assert count(SummaryRow) == 1
        assert count(StandardSnapshotRow) == 1
        assert count(StandardRow) == len(_deliverables())
        assert count(OverrideRow) == 1 + PROCESSES
        # no lost update: every failure of every writer is counted on its resource
        failures = dict(
            session.execute(
                select(ResourceRow.url, ResourceRow.failures).where(ResourceRow.url.in_(failing))
            ).all()
        )
        assert failures == dict.fromkeys(failing, writes)
        rows = {a.url: a for a in session.scalars(select(ArticleRow))}
        for url in URLS:
            row = rows[url]
            assert row.hint_title == f"title {url}"
            if url in failing:
                assert (row.status, row.error) == ("failed", "503 answer")
            else:
                assert row.status == "fetched"
                assert row.content_sha256 == hashlib.sha256(_body(url)).hexdigest()
        linked = session.scalars(
            select(AttachmentRow).where(AttachmentRow.article_id == rows[URLS[1]].id)
        ).one()
        assert (linked.status, linked.content_sha256) == ("fetched", "ab" * 32)
        pickups = session.scalars(select(OverrideRow).where(OverrideRow.pickup)).all()
        assert [p.story for p in pickups] == ["s1"]
        assert session.scalars(select(OverrideRow.excluded)).all().count(True) == PROCESSES
