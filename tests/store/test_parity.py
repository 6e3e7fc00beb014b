"""Every reading function of the store answers the same on SQLite and on PostgreSQL."""

from __future__ import annotations

from dataclasses import asdict
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from horizonscan.errors import StoreError
from horizonscan.store import articles, crawlstate, editions, open_store, understanding
from horizonscan.store import standards as std
from horizonscan.store.health import source_health
from tests.pgserver import PgServer
from tests.store.sample import fill_store


def _found(look: Any) -> str | None:
    try:
        return str(look().url)
    except StoreError:
        return None


def answers(url: str) -> dict[str, Any]:
    sessions = open_store(url)
    with sessions() as session:
        fill_store(session)
        stories = editions.stories_in_period(
            session, "rare-earths", date(2024, 6, 1), date(2024, 6, 30)
        )
        return {
            "export": list(articles.export_rows(session)),
            "export_topic": list(articles.export_rows(session, ["mof"], "rare-earths")),
            "jobs": articles.jobs(session, everything=True),
            "pending_jobs": articles.jobs(session),
            "known_resources": crawlstate.known_resources(session, ["mof"]),
            "known_articles": crawlstate.known_articles(session, ["mof"]),
            "health": [
                asdict(h) for h in source_health(session, datetime(2024, 7, 15, tzinfo=UTC))
            ],
            "stories": stories,
            "for_urls": editions.stories_for_urls(
                session, "rare-earths", ["https://mof.example/news/0", "https://mof.example/news/3"]
            ),
            "texts_to_score": understanding.texts_to_score(session, "rare-earths", "other"),
            "unscored": understanding.texts_to_score(session, "rare-earths", "digest"),
            "decisions": understanding.current_decisions(session, "rare-earths"),
            "labelled": understanding.labelled_texts(session, "rare-earths"),
            "concepts": understanding.concepts_by_article(session),
            "article_by_url_suffix": understanding.article_by_url(session, "news/7").url,
            "suffix_case": _found(lambda: understanding.article_by_url(session, "NEWS/7")),
            "suffix_wildcard": _found(lambda: understanding.article_by_url(session, "news_7")),
            "snapshots": std.snapshots(session),
            "deliverables": std.deliverables(session, "ISO/TC 298", date(2024, 6, 1)),
            "snapshot_before": std.snapshot_on_or_before(session, "ISO/TC 298", date(2024, 7, 1)),
        }


def test_store_answers_the_same_on_both_backends(pg_server: PgServer, tmp_path: Path) -> None:
    lite = answers(f"sqlite:///{tmp_path / 'p.db'}")
    pg = answers(pg_server.create_database())
    assert len(lite["export"]) == 30 and lite["stories"] and lite["health"][0]["found_30"] == 30
    assert lite["deliverables"] and lite["labelled"] and lite["for_urls"]
    assert lite["suffix_case"] is None and lite["suffix_wildcard"] is None
    for name, value in lite.items():
        assert pg[name] == value, name
