"""Full-text search over everything archived (SQLite FTS5 with the trigram tokenizer, so
Japanese, Chinese and Korean are searchable without word segmentation)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import text
from sqlalchemy.orm import Session

from horizonscan.errors import StoreError


@dataclass(frozen=True)
class Hit:
    url: str
    source: str
    title: str | None
    published: date | None
    region: str | None
    snippet: str


def _quoted(query: str) -> str:
    """Each word a quoted phrase: users type words, not FTS5 syntax."""
    words = [w.replace('"', '""') for w in query.split() if w]
    return " ".join(f'"{w}"' for w in words)


def search(session: Session, query: str, *, source: str | None = None, region: str | None = None,
           start: date | None = None, end: date | None = None, topic: str | None = None,
           limit: int = 50, marks: tuple[str, str] = ("[", "]")) -> list[Hit]:  # fmt: skip
    """Articles matching every word, best first; the snippet's matches sit between ``marks``."""
    if session.get_bind().dialect.name != "sqlite":
        raise StoreError("full-text search is available on SQLite stores")
    words = query.split()
    if not words:
        raise StoreError("empty search")
    # The trigram index answers words of 3+ characters; shorter ones (稀土, 锂) are matched
    # with LIKE on the rows the index (or, failing that, the filters) leave.
    long_words = [w for w in words if len(w) >= 3]
    short = [w for w in words if len(w) < 3]
    conditions: list[str] = []
    params: dict[str, object] = {"limit": limit, "open": marks[0], "close": marks[1]}
    if long_words:
        conditions.append("article_search MATCH :query")
        params["query"] = _quoted(" ".join(long_words))
    for n, word in enumerate(short):
        conditions.append(f"(a.title LIKE :w{n} OR a.text LIKE :w{n})")
        params[f"w{n}"] = f"%{word}%"
    if source:
        conditions.append("a.source_id = :source")
        params["source"] = source
    if region:
        conditions.append("coalesce(a.region, s.region) LIKE :region")
        params["region"] = f"%{region}%"
    if start:
        conditions.append("coalesce(a.published, a.hint_published) >= :start")
        params["start"] = start
    if end:
        conditions.append("coalesce(a.published, a.hint_published) <= :end")
        params["end"] = end
    if topic:
        conditions.append(
            "EXISTS (SELECT 1 FROM topic_scores t WHERE t.article_id = a.id AND t.topic = :topic "
            "AND t.relevant)"
        )
        params["topic"] = topic
    sql = text(
        "SELECT a.url, a.source_id, a.title, coalesce(a.published, a.hint_published), "
        "coalesce(a.region, s.region), snippet(article_search, 1, :open, :close, ' … ', 16) "
        "FROM article_search JOIN articles a ON a.id = article_search.rowid "
        "JOIN sources s ON s.id = a.source_id WHERE "
        + " AND ".join(conditions)
        + " ORDER BY rank LIMIT :limit"
    )
    rows = session.execute(sql, params).all()
    return [
        Hit(url, src, title, date.fromisoformat(str(day)) if day else None, reg, snip)
        for url, src, title, day, reg, snip in rows
    ]
