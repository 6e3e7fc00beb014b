"""Full-text search in every script, with filters."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import text

from horizonscan.errors import StoreError
from horizonscan.store import open_store
from horizonscan.store.search import search


@pytest.fixture
def sessions(db_url):  # type: ignore[no-untyped-def]
    factory = open_store(db_url)
    with factory() as session:
        session.execute(
            text(
                "insert into sources (id, name, label, region, language, home, cadence_days, spec, "
                "updated_at) values ('cn', 'cn', 'cn', '中国', 'zh', 'https://cn/', 7, '{}', :now), "
                "('au', 'au', 'au', 'オーストラリア', 'en', 'https://au/', 7, '{}', :now)"
            ),
            {"now": datetime.now(UTC).replace(tzinfo=None)},
        )
        for i, (src, title, body, day) in enumerate(
            [
                (
                    "cn",
                    "国务院公布《稀土管理条例》",
                    "自2024年10月1日起施行。稀土是重要战略资源。",
                    "2024-06-29",
                ),
                (
                    "au",
                    "New grants boost critical minerals processing",
                    "Rare earths and lithium projects.",
                    "2024-07-11",
                ),
                ("au", "Tourism week opens", "Visitors and hotels.", "2024-08-01"),
                ("cn", "韩国与蒙古合作", "핵심광물 공급망 협력을 강화한다", "2024-09-13"),
            ]
        ):
            session.execute(
                text(
                    "insert into articles (id, url, source_id, status, discovered_at, title, text, "
                    "published) values (:i, :u, :s, 'fetched', :now, :t, :b, :d)"
                ),
                {
                    "i": i + 1,
                    "u": f"https://{src}/{i}",
                    "s": src,
                    "t": title,
                    "b": body,
                    "d": day,
                    "now": datetime.now(UTC).replace(tzinfo=None),
                },
            )
        session.commit()
    return factory


def test_search_in_chinese_korean_and_english(sessions) -> None:  # type: ignore[no-untyped-def]
    with sessions() as session:
        assert [h.url for h in search(session, "稀土管理")] == ["https://cn/0"]
        assert [h.url for h in search(session, "공급망")] == ["https://cn/3"]
        assert [h.url for h in search(session, "lithium")] == ["https://au/1"]
        hit = search(session, "critical minerals")[0]
        assert hit.title and "critical" in hit.title.lower()


def test_filters_and_updates(sessions) -> None:  # type: ignore[no-untyped-def]
    with sessions() as session:
        assert search(session, "rare", source="cn") == []
        assert len(search(session, "and", region="オーストラリア")) >= 1
        assert search(session, "lithium", start=date(2024, 8, 1)) == []
        session.execute(text("update articles set text = 'graphite anode plant' where id = 3"))
        session.commit()
        assert [h.url for h in search(session, "graphite")] == ["https://au/2"]
        assert search(session, "hotels") == []
        with pytest.raises(StoreError, match="empty"):
            search(session, "  ")


def test_two_character_cjk_words_still_match(sessions) -> None:  # type: ignore[no-untyped-def]
    with sessions() as session:
        assert [h.url for h in search(session, "稀土")] == ["https://cn/0"]
        assert [h.url for h in search(session, "稀土 条例")] == ["https://cn/0"]
        assert [h.url for h in search(session, "lithium 稀土")] == []


def test_case_one_character_words_and_snippets(sessions) -> None:  # type: ignore[no-untyped-def]
    with sessions() as session:
        assert [h.url for h in search(session, "LITHIUM")] == ["https://au/1"]
        assert [h.url for h in search(session, "锂")] == []
        assert [h.url for h in search(session, "蒙")] == ["https://cn/3"]
        assert [h.url for h in search(session, "韩国 공급망")] == ["https://cn/3"]
        assert search(session, "100%") == []  # LIKE wildcards are taken literally
        hit = search(session, "lithium")[0]
        assert "[lithium]" in hit.snippet.lower()
        assert hit.published == date(2024, 7, 11)
        assert hit.region == "オーストラリア"
        assert [h.url for h in search(session, "稀土", start=date(2024, 6, 29))] == ["https://cn/0"]


def test_short_words_get_a_window_around_the_match(sessions) -> None:  # type: ignore[no-untyped-def]
    long_text = "前文。" * 200 + "稀土是重要战略资源。" + "后文。" * 200
    with sessions.begin() as session:
        session.execute(
            text("update articles set text = :t where url = 'https://cn/0'"), {"t": long_text}
        )
    with sessions() as session:
        (hit,) = search(session, "稀土", marks=("<<", ">>"))
    assert "<<稀土>>是重要战略资源" in hit.snippet
    assert hit.snippet.startswith(" … ") and hit.snippet.endswith(" … ")
    assert len(hit.snippet) < 400
