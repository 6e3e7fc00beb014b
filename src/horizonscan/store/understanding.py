"""Queries of the understanding stages: texts to score, topic scores, labels, stories."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from horizonscan.errors import StoreError
from horizonscan.store.dialect import insert
from horizonscan.store.models import ArticleRow, LabelRow, SourceRow, TopicScoreRow


@dataclass(frozen=True)
class ArticleText:
    article_id: int
    url: str
    source_id: str
    title: str | None
    text: str
    published: date | None
    region: str | None
    language: str | None


def _texts(query: object, session: Session) -> list[ArticleText]:
    rows = session.execute(query).all()  # type: ignore[call-overload]
    return [
        ArticleText(
            r.id,
            r.url,
            r.source_id,
            r.title,
            r.text or "",
            r.published or r.hint_published,
            r.region,
            r.language,
        )
        for r in rows
    ]


BASE = select(
    ArticleRow.id,
    ArticleRow.url,
    ArticleRow.source_id,
    ArticleRow.title,
    ArticleRow.text,
    ArticleRow.published,
    ArticleRow.hint_published,
    ArticleRow.region,
    ArticleRow.language,
).where(ArticleRow.status == "fetched", ArticleRow.text.is_not(None))


def texts_to_score(
    session: Session, topic: str, digest: str, *, everything: bool = False
) -> list[ArticleText]:
    """Articles without a score of this topic, or scored with another profile version."""
    if everything:
        return _texts(BASE.order_by(ArticleRow.id), session)
    current = select(TopicScoreRow.article_id).where(
        TopicScoreRow.topic == topic, TopicScoreRow.profile_digest == digest
    )
    return _texts(BASE.where(ArticleRow.id.not_in(current)).order_by(ArticleRow.id), session)


def all_texts(session: Session) -> list[ArticleText]:
    return _texts(BASE.order_by(ArticleRow.id), session)


def save_score(
    session: Session,
    article_id: int,
    topic: str,
    digest: str,
    *,
    rule_score: float,
    probability: float,
    model_probability: float | None,
    relevant: bool,
    explanation: dict[str, object],
) -> None:
    values = {
        "article_id": article_id,
        "topic": topic,
        "rule_score": rule_score,
        "probability": probability,
        "model_probability": model_probability,
        "relevant": relevant,
        "explanation": explanation,
        "profile_digest": digest,
        "scored_at": datetime.now(UTC),
    }
    stmt = insert(session, TopicScoreRow).values(**values)
    session.execute(
        stmt.on_conflict_do_update(
            index_elements=["article_id", "topic"],
            set_={k: getattr(stmt.excluded, k) for k in values if k not in ("article_id", "topic")},
        )
    )


def current_decisions(session: Session, topic: str) -> dict[int, bool]:
    rows = session.execute(
        select(TopicScoreRow.article_id, TopicScoreRow.relevant).where(TopicScoreRow.topic == topic)
    )
    return {article_id: relevant for article_id, relevant in rows}  # noqa: C416 - rows are Row objects


def score_of(session: Session, article_id: int, topic: str) -> TopicScoreRow | None:
    return session.get(TopicScoreRow, (article_id, topic))


def article_by_url(session: Session, url: str) -> ArticleRow:
    row = session.scalar(select(ArticleRow).where(ArticleRow.url == url))
    if row is None:
        # LIKE ignores ASCII case on SQLite only: the exact suffix is checked here, alike
        candidates = session.scalars(
            select(ArticleRow)
            .where(ArticleRow.url.endswith(url, autoescape=True))
            .order_by(ArticleRow.id)
            .limit(50)
        )
        row = next((c for c in candidates if c.url.endswith(url)), None)
    if row is None:
        raise StoreError(f"no article with URL {url}")
    return row


def add_label(
    session: Session, url: str, topic: str, relevant: bool, reason: str | None, author: str | None
) -> ArticleRow:
    article = article_by_url(session, url)
    session.add(
        LabelRow(
            article_id=article.id,
            topic=topic,
            relevant=relevant,
            reason=reason,
            author=author,
            created_at=datetime.now(UTC),
        )
    )
    return article


def labelled_texts(session: Session, topic: str) -> list[tuple[ArticleText, bool]]:
    """The newest label of each article for ``topic``, with the article's text."""
    newest: dict[int, bool] = {}
    for label in session.scalars(
        select(LabelRow).where(LabelRow.topic == topic).order_by(LabelRow.id)
    ):
        newest[label.article_id] = label.relevant
    if not newest:
        return []
    texts = _texts(BASE.where(ArticleRow.id.in_(list(newest))), session)
    return [(t, newest[t.article_id]) for t in texts]


def concepts_by_article(session: Session) -> dict[int, frozenset[str]]:
    found: dict[int, set[str]] = {}
    for article_id, explanation in session.execute(
        select(TopicScoreRow.article_id, TopicScoreRow.explanation)
    ):
        concepts = explanation.get("concepts") if explanation else None
        if isinstance(concepts, list):
            found.setdefault(article_id, set()).update(str(c) for c in concepts)
    return {k: frozenset(v) for k, v in found.items()}


def save_stories(session: Session, stories: dict[int, str]) -> int:
    """Store story ids; returns how many articles changed story."""
    current = dict(
        session.execute(
            select(ArticleRow.id, ArticleRow.story).where(ArticleRow.id.in_(list(stories)))
        ).all()
    )
    changed = [{"i": k, "s": v} for k, v in sorted(stories.items()) if current.get(k) != v]
    for item in changed:
        session.execute(
            update(ArticleRow).where(ArticleRow.id == item["i"]).values(story=item["s"])
        )
    return len(changed)


def set_regions(session: Session, regions: Iterable[tuple[int, str]]) -> None:
    for article_id, region in sorted(regions):  # row locks in key order
        session.execute(update(ArticleRow).where(ArticleRow.id == article_id).values(region=region))


def source_regions(session: Session) -> dict[str, str]:
    rows = session.execute(select(SourceRow.id, SourceRow.region))
    return {source_id: region for source_id, region in rows}  # noqa: C416 - rows are Row objects


def forget_scores(session: Session, topic: str) -> None:
    session.execute(delete(TopicScoreRow).where(TopicScoreRow.topic == topic))
