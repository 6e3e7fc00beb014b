"""Full-text search over everything archived.

SQLite: FTS5 with the trigram tokenizer. PostgreSQL: pg_trgm GIN indexes on title and text,
queried with ILIKE. Both index character trigrams, so Japanese, Chinese and Korean are
searchable without word segmentation; words of 1–2 characters (稀土, 锂), which no trigram
index answers, are matched directly on the rows the other conditions leave. Every word must
occur (in the title or the text, case-insensitively); filters and hits are the same on both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from sqlalchemy import text
from sqlalchemy.orm import Session

from horizonscan.errors import StoreError

SNIPPET_CHARS = 80


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


def _like(word: str) -> str:
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _filters(
    like: str,
    params: dict[str, object],
    *,
    source: str | None,
    region: str | None,
    start: date | None,
    end: date | None,
    topic: str | None,
) -> list[str]:
    conditions: list[str] = []
    if source:
        conditions.append("a.source_id = :source")
        params["source"] = source
    if region:
        conditions.append(f"coalesce(a.region, s.region) {like} :region ESCAPE '\\'")
        params["region"] = _like(region)
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
    return conditions


def search(session: Session, query: str, *, source: str | None = None, region: str | None = None,
           start: date | None = None, end: date | None = None, topic: str | None = None,
           limit: int = 50, marks: tuple[str, str] = ("[", "]")) -> list[Hit]:  # fmt: skip
    """Articles matching every word, best first; the snippet's matches sit between ``marks``."""
    words = query.split()
    if not words:
        raise StoreError("empty search")
    dialect = session.get_bind().dialect.name
    params: dict[str, object] = {"limit": limit, "open": marks[0], "close": marks[1]}
    like = "ILIKE" if dialect == "postgresql" else "LIKE"
    filters = _filters(
        like, params, source=source, region=region, start=start, end=end, topic=topic
    )
    if dialect == "postgresql":
        return _search_postgresql(session, words, filters, params, marks)
    if dialect == "sqlite":
        return _search_sqlite(session, words, filters, params)
    raise StoreError(f"full-text search is not available on {dialect}")


def _search_sqlite(
    session: Session, words: list[str], filters: list[str], params: dict[str, object]
) -> list[Hit]:
    # The trigram index answers words of 3+ characters; shorter ones are matched with LIKE
    # (ASCII case-insensitive, like the index) on the rows the index or the filters leave.
    long_words = [w for w in words if len(w) >= 3]
    conditions: list[str] = []
    if long_words:
        conditions.append("article_search MATCH :query")
        params["query"] = _quoted(" ".join(long_words))
    for n, word in enumerate(w for w in words if len(w) < 3):
        conditions.append(f"(a.title LIKE :w{n} ESCAPE '\\' OR a.text LIKE :w{n} ESCAPE '\\')")
        params[f"w{n}"] = _like(word)
    if not long_words:  # no index match to rank and cut around: the same window as PostgreSQL
        marks = (str(params.pop("open")), str(params.pop("close")))
        sql = text(
            "SELECT a.url, a.source_id, a.title, coalesce(a.published, a.hint_published), "
            "coalesce(a.region, s.region), a.text FROM articles a "
            "JOIN sources s ON s.id = a.source_id WHERE "
            + " AND ".join(conditions + filters)
            + " ORDER BY coalesce(a.published, a.hint_published) DESC, a.id LIMIT :limit"
        )
        return [
            _hit(url, src, title, day, reg, snippet(body or "", words, marks))
            for url, src, title, day, reg, body in session.execute(sql, params).all()
        ]
    sql = text(
        "SELECT a.url, a.source_id, a.title, coalesce(a.published, a.hint_published), "
        "coalesce(a.region, s.region), snippet(article_search, 1, :open, :close, ' … ', 16) "
        "FROM article_search JOIN articles a ON a.id = article_search.rowid "
        "JOIN sources s ON s.id = a.source_id WHERE "
        + " AND ".join(conditions + filters)
        + " ORDER BY rank LIMIT :limit"
    )
    return [_hit(*row) for row in session.execute(sql, params).all()]


def _search_postgresql(
    session: Session,
    words: list[str],
    filters: list[str],
    params: dict[str, object],
    marks: tuple[str, str],
) -> list[Hit]:
    # ILIKE '%word%' is answered by the GIN trigram indexes for words of 3+ characters;
    # shorter ones are checked on the rows the other conditions leave (as on SQLite).
    conditions = []
    for n, word in enumerate(words):
        conditions.append(f"(a.title ILIKE :w{n} ESCAPE '\\' OR a.text ILIKE :w{n} ESCAPE '\\')")
        params[f"w{n}"] = _like(word)
    params["query"] = " ".join(words)
    del params["open"], params["close"]
    sql = text(
        "SELECT a.url, a.source_id, a.title, coalesce(a.published, a.hint_published), "
        "coalesce(a.region, s.region), a.text FROM articles a "
        "JOIN sources s ON s.id = a.source_id WHERE "
        + " AND ".join(conditions + filters)
        + " ORDER BY 2 * word_similarity(:query, coalesce(a.title, '')) "
        "+ word_similarity(:query, coalesce(a.text, '')) DESC, a.id LIMIT :limit"
    )
    return [
        _hit(url, src, title, day, reg, snippet(body or "", words, marks))
        for url, src, title, day, reg, body in session.execute(sql, params).all()
    ]


def _hit(
    url: str, src: str, title: str | None, day: object, reg: str | None, snip: str | None
) -> Hit:
    published = date.fromisoformat(str(day)) if day else None
    return Hit(url, src, title, published, reg, snip or "")


def snippet(
    body: str, words: list[str], marks: tuple[str, str] = ("[", "]"), width: int = SNIPPET_CHARS
) -> str:
    """About ``width`` characters of ``body`` around the first match, matches between
    ``marks``, `` … `` where the text was cut (the shape of FTS5's snippet)."""
    pattern = re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)), re.I)
    first = pattern.search(body)
    begin = max(0, (first.start() if first else 0) - width // 3)
    end = min(len(body), begin + width)
    window = pattern.sub(lambda m: marks[0] + m.group(0) + marks[1], body[begin:end])
    return (" … " if begin else "") + window + (" … " if end < len(body) else "")
