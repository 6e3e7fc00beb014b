"""What an edition is made of: relevant stories of a topic in a period, with their members
and the editors' overrides."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from horizonscan.store.dialect import insert
from horizonscan.store.models import ArticleRow, OverrideRow, SourceRow, TopicScoreRow
from horizonscan.store.review import story_articles, story_decisions


@dataclass(frozen=True)
class Member:
    article_id: int
    url: str
    source_id: str
    organisation: str
    title: str
    text: str
    language: str
    published: date
    region: str
    probability: float
    content_sha256: str = ""


@dataclass(frozen=True)
class Override:
    title: str | None
    summary: tuple[str, ...] | None
    region: str | None
    excluded: bool
    pickup: bool
    organisation: str | None = None
    footnotes: tuple[str, ...] | None = None
    pickup_brief: dict[str, Any] | None = None


@dataclass(frozen=True)
class StoryRows:
    story: str
    members: tuple[Member, ...]  # oldest first: the first is the story's canonical report
    override: Override | None

    @property
    def published(self) -> date:
        return self.members[0].published

    @property
    def probability(self) -> float:
        return max(m.probability for m in self.members)


def _member(article: ArticleRow, organisation: str, published: date, probability: float) -> Member:
    return Member(
        article_id=article.id,
        url=article.url,
        source_id=article.source_id,
        organisation=organisation,
        title=article.title or article.hint_title or article.url,
        text=article.text or "",
        language=article.language or "",
        published=published,
        region=article.region or "",
        probability=probability,
        content_sha256=article.content_sha256 or "",
    )


def _override(row: OverrideRow) -> Override:
    return Override(
        row.title,
        tuple(row.summary) if row.summary else None,
        row.region,
        row.excluded,
        row.pickup,
        row.organisation,
        tuple(row.footnotes) if row.footnotes is not None else None,
        row.pickup_brief,
    )


def stories_in_period(session: Session, topic: str, start: date, end: date) -> list[StoryRows]:
    """Stories with at least one relevant article of ``topic`` published in the period; an
    editor's decision wins: accepted stories are in whatever their score, rejected ones out."""
    published = func.coalesce(ArticleRow.published, ArticleRow.hint_published)
    query = (
        select(
            ArticleRow,
            SourceRow.label,
            TopicScoreRow.probability,
            TopicScoreRow.relevant,
            published,
        )
        .join(SourceRow, SourceRow.id == ArticleRow.source_id)
        .join(
            TopicScoreRow,
            (TopicScoreRow.article_id == ArticleRow.id) & (TopicScoreRow.topic == topic),
        )
        .where(ArticleRow.status == "fetched", published >= start, published <= end)
    )
    groups: dict[str, list[Member]] = defaultdict(list)
    relevant: set[str] = set()
    for article, label, probability, is_relevant, day in session.execute(query):
        story = article.story or f"a{article.id}"
        groups[story].append(_member(article, label, day, probability))
        if is_relevant:
            relevant.add(story)
    overrides = {
        row.story: _override(row)
        for row in session.scalars(select(OverrideRow).where(OverrideRow.topic == topic))
    }
    decided = {s: d.accepted for s, d in story_decisions(session, topic).items()}
    chosen = {s for s, o in overrides.items() if not o.excluded and o.pickup}
    stories = []
    for story, members in groups.items():
        wanted = decided.get(story, story in relevant) or story in chosen
        if not wanted:
            continue
        members.sort(key=lambda m: (m.published, m.article_id))
        stories.append(StoryRows(story, tuple(members), overrides.get(story)))
    stories.sort(key=lambda s: (s.published, s.members[0].article_id))
    return stories


def set_override(
    session: Session,
    story: str,
    topic: str,
    *,
    title: str | None = None,
    summary: list[str] | None = None,
    region: str | None = None,
    excluded: bool | None = None,
    pickup: bool | None = None,
    author: str | None = None,
) -> None:
    """Record an editor's choice; fields left ``None`` keep what was decided before."""
    given: dict[str, object] = {
        k: v
        for k, v in (
            ("title", title),
            ("summary", summary),
            ("region", region),
            ("excluded", excluded),
            ("pickup", pickup),
        )
        if v is not None
    }
    if pickup:  # one pick-up choice per topic at a time
        session.execute(
            update(OverrideRow)
            .where(OverrideRow.topic == topic, OverrideRow.story != story)
            .values(pickup=False)
        )
    changed = {**given, "author": author, "updated_at": datetime.now(UTC)}
    stmt = insert(session, OverrideRow).values(
        {
            "story": story,
            "topic": topic,
            "excluded": False,
            "pickup": False,
            "version": 1,
            **changed,
        }
    )
    session.execute(
        stmt.on_conflict_do_update(
            index_elements=["story", "topic"],
            set_={k: getattr(stmt.excluded, k) for k in changed},
        )
    )


def stories_for_urls(session: Session, topic: str, urls: list[str]) -> dict[str, StoryRows]:
    """The stories holding these URLs (whatever their relevance), by URL."""
    rows = session.scalars(
        select(ArticleRow).where(ArticleRow.url.in_(urls), ArticleRow.status == "fetched")
    )
    found: dict[str, StoryRows] = {}
    labels = {sid: label for sid, label in session.execute(select(SourceRow.id, SourceRow.label))}  # noqa: C416
    for article in rows:
        member = _member(
            article,
            labels.get(article.source_id, article.source_id),
            article.published or article.hint_published or date.today(),
            1.0,
        )
        found[article.url] = StoryRows(article.story or f"a{article.id}", (member,), None)
    return found


def story_rows(session: Session, topic: str, story: str) -> StoryRows:
    """One story with all its articles (whatever their period) and its overrides."""
    ids = story_articles(session, story)
    published = func.coalesce(ArticleRow.published, ArticleRow.hint_published)
    rows = session.execute(
        select(ArticleRow, SourceRow.label, TopicScoreRow.probability, published)
        .join(SourceRow, SourceRow.id == ArticleRow.source_id)
        .outerjoin(
            TopicScoreRow,
            (TopicScoreRow.article_id == ArticleRow.id) & (TopicScoreRow.topic == topic),
        )
        .where(ArticleRow.id.in_(ids))
    )
    members = [
        _member(article, label, day or date.min, probability or 0.0)
        for article, label, probability, day in rows
    ]
    members.sort(key=lambda m: (m.published, m.article_id))
    row = session.get(OverrideRow, (story, topic))
    return StoryRows(story, tuple(members), _override(row) if row is not None else None)
