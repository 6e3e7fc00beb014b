"""A small store with rows in every table, written through the store's own functions."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import null, select, update
from sqlalchemy.orm import Session

from horizonscan.records import Article, Link, Page
from horizonscan.sources import registry_from_text
from horizonscan.standards.records import Deliverable
from horizonscan.store import (
    accounts,
    audit,
    batch,
    crawlstate,
    editions,
    review,
    revisions,
    summaries,
    understanding,
)
from horizonscan.store import standards as std
from horizonscan.store.articles import jobs, save_extraction
from horizonscan.store.models import ArticleRow, FetchRow

REGISTRY = """
[[source]]
id = "mof"
name = "Ministry"
label = "財政部（中国）"
region = "中国"
language = "zh"
home = "https://mof.example/"
listings = ["https://mof.example/news/"]
articles = ["/news/"]
"""


def fill_store(session: Session, articles: int = 30) -> None:
    specs, problems = registry_from_text(REGISTRY, "mof.toml")
    assert not problems, problems
    crawlstate.upsert_sources(session, specs)
    run_id = crawlstate.start_run(session, "crawl")
    urls = [f"https://mof.example/news/{n}" for n in range(articles)]
    crawlstate.add_links(
        session,
        [Link(u, "mof", "article", title=f"稀土 {n}", published=date(2024, 6, 1 + n % 28),
              evidence="feed") for n, u in enumerate(urls)],
    )  # fmt: skip
    at = datetime(2024, 7, 1, 12, 30, 15, 123456, tzinfo=UTC)
    session.execute(update(ArticleRow).values(discovered_at=at - timedelta(days=1)))
    pages = []
    for n, url in enumerate(urls):
        body = f"<p>稀土管理条例 {n}</p>".encode()
        if n % 5 == 4:
            pages.append(Page(url, "mof", "article", "failed", at, status=500, reason="500 answer"))
        else:
            pages.append(
                Page(url, "mof", "article", "fetched", at + timedelta(seconds=n), status=200,
                     media="html", body=body, sha256=hashlib.sha256(body).hexdigest(),
                     headers=(("content-type", "text/html"),) if n % 2 else ())
            )  # fmt: skip
    pages.append(
        Page("https://mof.example/a.pdf", "mof", "attachment", "fetched", at, status=200,
             media="pdf", body=b"%PDF-1.4", sha256="cd" * 32, referrer=urls[0])
    )  # fmt: skip
    batch.write_pages(session, run_id, [(p, len(p.body)) for p in pages], lambda t, _: t)
    crawlstate.finish_run(session, run_id, "ok", {"pages": len(pages), "note": None})
    for job in jobs(session):
        save_extraction(
            session,
            job,
            Article(url=job.url, source_id=job.source_id, title=f"国务院公布《稀土管理条例》{job.article_id}",
                    text=f"自2024年10月1日起施行。Rare earths, 第{job.article_id}条。", published=date(2024, 6, 29),
                    language="zh", extractor="html"),
        )  # fmt: skip
    ids = session.scalars(select(ArticleRow.id).order_by(ArticleRow.id)).all()
    for article_id in ids:
        understanding.save_score(
            session, article_id, "rare-earths", "digest", rule_score=1.25,
            probability=0.1 + article_id / 1000, model_probability=None if article_id % 2 else 0.3,
            relevant=article_id % 3 == 0, explanation={"concepts": ["稀土"], "n": article_id},
        )  # fmt: skip
    understanding.save_stories(session, {i: f"a{ids[0] + i % 4}" for i in ids})
    understanding.add_label(session, urls[0], "rare-earths", True, "政策", "editor")
    summaries.remember(
        session, "e" * 64, article_id=ids[0], doc_sha256="f" * 64, task="item",
        prompt_version="v1", model=None, backend="offline", translated=False,
        payload={"title": "稀土条例", "bullets": ["a", "b"]},
    )  # fmt: skip
    editions.set_override(session, "a1", "rare-earths", title="見出し", summary=["一", "二"],
                          pickup=True, author="editor")  # fmt: skip
    deliverables = [
        Deliverable(n, f"ISO {n}", f"iso-{n}", "IS", None, f"Title {n}", date(2020, 1, n % 28 + 1),
                    1, "ISO/TC 298", 60, replaces=(n + 100,) if n % 2 else ())
        for n in range(1, 21)
    ]  # fmt: skip
    info = std.SnapshotInfo("ISO/TC 298", date(2024, 6, 1), "file.jsonl", "iso-open-data", 20, 0,
                            {"published": 20})  # fmt: skip
    std.save_snapshot(session, info, deliverables, "9" * 64)
    fill_desk(session)
    # an SQL NULL beside JSON nulls (what the ORM writes for None): a copy keeps them apart
    session.execute(update(FetchRow).where(FetchRow.id == 1).values(headers=null()))
    session.commit()


def fill_desk(session: Session) -> None:
    """Rows in the review desk's tables: an account, its session, a failed sign-in, an audit
    entry, an item edit with its history, an edition draft and a built revision."""
    user = accounts.add_user(session, "editor", "editor", "scrypt$hash")
    accounts.start_session(session, user, "a" * 64, "csrf", timedelta(hours=8))
    accounts.record_failure(session, ["ip:127.0.0.1"])
    audit.record(session, "editor", "item.save", "rare-earths/a1", {"fields": ["title"]})
    review.save_item(session, "rare-earths", "a2", {"title": "編集後の見出し"}, 0, "editor")
    period = revisions.period_key(date(2024, 6, 1), date(2024, 6, 30))
    revisions.save_draft(session, "rare-earths", period, {"title": "表紙"}, 0, "editor")
    revisions.record_build(session, "rare-earths", period, 1, directory="out/r1",
                           files=["a.pdf"], items=3, pages=5, author="editor")  # fmt: skip
