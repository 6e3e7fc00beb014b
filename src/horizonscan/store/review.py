"""The desk's review queries: candidate stories of a topic and period, editors' decisions,
and versioned item edits (a second editor saving the same item gets a conflict)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    String,
    and_,
    cast,
    func,
    insert,
    literal,
    or_,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from horizonscan.errors import EditConflict, StoreError
from horizonscan.store.models import (
    ArticleRow,
    LabelRow,
    OverrideHistoryRow,
    OverrideRow,
    SourceRow,
    TopicScoreRow,
)

STORY = func.coalesce(ArticleRow.story, literal("a") + cast(ArticleRow.id, String))
PUBLISHED = func.coalesce(ArticleRow.published, ArticleRow.hint_published)
STATUSES = ("new", "accepted", "rejected")
ITEM_FIELDS = ("title", "summary", "region", "organisation", "footnotes", "pickup_brief")


@dataclass(frozen=True)
class CandidateQuery:
    topic: str
    start: date
    end: date
    source: str | None = None
    region: str | None = None
    language: str | None = None
    status: str | None = None
    page: int = 1
    per_page: int = 50


@dataclass(frozen=True)
class Decision:
    accepted: bool
    reason: str | None
    author: str | None
    at: datetime


@dataclass(frozen=True)
class CandidateMember:
    article_id: int
    url: str
    source_id: str
    organisation: str
    title: str
    published: date | None
    region: str
    language: str
    probability: float
    rule_score: float
    model_probability: float | None
    relevant: bool
    explanation: dict[str, Any]


@dataclass(frozen=True)
class Candidate:
    story: str
    score: float
    members: tuple[CandidateMember, ...]
    decision: Decision | None

    @property
    def status(self) -> str:
        if self.decision is None:
            return "new"
        return "accepted" if self.decision.accepted else "rejected"

    @property
    def lead(self) -> CandidateMember:
        return self.members[0]


@dataclass(frozen=True)
class CandidatePage:
    query: CandidateQuery
    candidates: tuple[Candidate, ...]
    total: int
    facets: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.query.per_page))


def story_decisions(session: Session, topic: str) -> dict[str, Decision]:
    """The newest editor's decision on any member of each story."""
    rows = session.execute(
        select(STORY, LabelRow.relevant, LabelRow.reason, LabelRow.author, LabelRow.created_at)
        .join(ArticleRow, ArticleRow.id == LabelRow.article_id)
        .where(LabelRow.topic == topic)
        .order_by(LabelRow.id)
    )
    return {
        story: Decision(relevant, reason, author, at)
        for story, relevant, reason, author, at in rows
    }


def in_period(start: date, end: date) -> ColumnElement[bool]:
    """Published (or, undated, announced) in the period; written so indexes serve it."""
    return or_(
        ArticleRow.published.between(start, end),
        and_(ArticleRow.published.is_(None), ArticleRow.hint_published.between(start, end)),
    )


def _filters(query: CandidateQuery, decided: dict[str, Decision]) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = [
        ArticleRow.status == "fetched",
        in_period(query.start, query.end),
    ]
    if query.source:
        where.append(ArticleRow.source_id == query.source)
    if query.region:
        where.append(ArticleRow.region.contains(query.region, autoescape=True))
    if query.language:
        where.append(ArticleRow.language == query.language)
    if query.status == "new":
        where.append(STORY.not_in(list(decided)))
    elif query.status in ("accepted", "rejected"):
        wanted = query.status == "accepted"
        where.append(STORY.in_([s for s, d in decided.items() if d.accepted == wanted]))
    elif query.status:
        raise StoreError(f"unknown status {query.status!r}: choose one of {', '.join(STATUSES)}")
    return where


def candidates(session: Session, query: CandidateQuery) -> CandidatePage:
    """One page of the period's stories for a topic, highest score first."""
    decided = story_decisions(session, query.topic)
    scored = (TopicScoreRow.article_id == ArticleRow.id) & (TopicScoreRow.topic == query.topic)
    where = _filters(query, decided)
    score = func.max(TopicScoreRow.probability)
    page = session.execute(
        select(
            STORY.label("story"),
            score.label("score"),
            func.min(PUBLISHED).label("first"),
            func.count().over().label("total"),
        )
        .select_from(ArticleRow)
        .join(TopicScoreRow, scored)
        .where(*where)
        .group_by(STORY)
        .order_by(score.desc(), func.min(PUBLISHED), STORY)
        .limit(query.per_page)
        .offset((max(query.page, 1) - 1) * query.per_page)
    ).all()
    total = page[0].total if page else _count(session, where, scored)
    order = {row.story: (i, row.score) for i, row in enumerate(page)}
    members = _members(session, query, list(order), scored)
    found = [
        Candidate(story, order[story][1], tuple(members.get(story, ())), decided.get(story))
        for story in order
    ]
    return CandidatePage(query, tuple(found), total, _facets(session, query))


def candidate(session: Session, query: CandidateQuery, story: str) -> Candidate:
    """One story as a candidate row (after a decision, to redraw it)."""
    scored = (TopicScoreRow.article_id == ArticleRow.id) & (TopicScoreRow.topic == query.topic)
    members = _members(session, query, [story], scored).get(story)
    if not members:
        raise StoreError(f"no story {story!r} of {query.topic} in {query.start}..{query.end}")
    decision = story_decisions(session, query.topic).get(story)
    return Candidate(story, max(m.probability for m in members), tuple(members), decision)


def _count(session: Session, where: list[ColumnElement[bool]], scored: ColumnElement[bool]) -> int:
    """The number of stories (for a page past the last one, where no row carries it)."""
    grouped = select(STORY).select_from(ArticleRow).join(TopicScoreRow, scored).where(*where)
    return session.scalar(select(func.count()).select_from(grouped.group_by(STORY).subquery())) or 0


def _members(
    session: Session, query: CandidateQuery, stories: list[str], scored: ColumnElement[bool]
) -> dict[str, list[CandidateMember]]:
    singles = [int(s[1:]) for s in stories if s.startswith("a") and s[1:].isdigit()]
    rows = session.execute(
        select(
            STORY.label("story"),
            ArticleRow.id,
            ArticleRow.url,
            ArticleRow.source_id,
            SourceRow.label,
            func.coalesce(ArticleRow.title, ArticleRow.hint_title, ArticleRow.url),
            PUBLISHED,
            ArticleRow.region,
            ArticleRow.language,
            TopicScoreRow.probability,
            TopicScoreRow.rule_score,
            TopicScoreRow.model_probability,
            TopicScoreRow.relevant,
            TopicScoreRow.explanation,
        )
        .join(SourceRow, SourceRow.id == ArticleRow.source_id)
        .join(TopicScoreRow, scored)
        .where(
            or_(ArticleRow.story.in_(stories), ArticleRow.id.in_(singles)),
            ArticleRow.status == "fetched",
            in_period(query.start, query.end),
        )
    ).all()
    grouped: dict[str, list[CandidateMember]] = {}
    for r in rows:
        grouped.setdefault(r[0], []).append(
            CandidateMember(
                article_id=r[1],
                url=r[2],
                source_id=r[3],
                organisation=r[4],
                title=r[5],
                published=r[6],
                region=r[7] or "",
                language=r[8] or "",
                probability=r[9],
                rule_score=r[10],
                model_probability=r[11],
                relevant=r[12],
                explanation=r[13] or {},
            )
        )
    for members in grouped.values():
        members.sort(key=lambda m: (m.published or date.max, m.article_id))
    return grouped


def _facets(session: Session, query: CandidateQuery) -> dict[str, tuple[str, ...]]:
    """The values the filters offer: every source, and the period's languages."""
    sources = session.scalars(select(SourceRow.id).order_by(SourceRow.id))
    languages = session.scalars(
        select(ArticleRow.language)
        .where(ArticleRow.status == "fetched", in_period(query.start, query.end))
        .distinct()
    )
    return {
        "source": tuple(sources),
        "language": tuple(sorted(lang for lang in languages if lang)),
    }


def story_articles(session: Session, story: str) -> list[int]:
    """The ids of a story's articles (a story named ``a<id>`` is that one article)."""
    ids = list(session.scalars(select(ArticleRow.id).where(ArticleRow.story == story)))
    if not ids and story.startswith("a") and story[1:].isdigit():
        ids = list(session.scalars(select(ArticleRow.id).where(ArticleRow.id == int(story[1:]))))
    if not ids:
        raise StoreError(f"no story {story!r} in the store")
    return ids


def decide(
    session: Session, topic: str, story: str, accepted: bool, reason: str | None, author: str
) -> Decision:
    """An editor's decision on every article of the story; the newest decision counts, and
    every one stays as a training label for ``horizonscan train``."""
    now = datetime.now(UTC)
    session.add_all(
        LabelRow(
            article_id=article_id,
            topic=topic,
            relevant=accepted,
            reason=reason or None,
            author=author,
            created_at=now,
        )
        for article_id in story_articles(session, story)
    )
    return Decision(accepted, reason or None, author, now)


@dataclass(frozen=True)
class ItemEdit:
    """What editors have set for a story; ``version`` 0 means nothing yet."""

    title: str | None = None
    summary: tuple[str, ...] | None = None
    region: str | None = None
    organisation: str | None = None
    footnotes: tuple[str, ...] | None = None
    pickup_brief: dict[str, Any] | None = None
    version: int = 0
    author: str | None = None
    updated_at: datetime | None = None


def item_edit(session: Session, topic: str, story: str) -> ItemEdit:
    row = session.get(OverrideRow, (story, topic))
    if row is None:
        return ItemEdit()
    return ItemEdit(
        title=row.title,
        summary=tuple(row.summary) if row.summary is not None else None,
        region=row.region,
        organisation=row.organisation,
        footnotes=tuple(row.footnotes) if row.footnotes is not None else None,
        pickup_brief=row.pickup_brief,
        version=row.version,
        author=row.author,
        updated_at=row.updated_at,
    )


def save_item(
    session: Session,
    topic: str,
    story: str,
    values: dict[str, Any],
    expected_version: int,
    author: str,
) -> int:
    """Store the edited fields if nobody saved this item since ``expected_version``;
    the new version number, or :class:`EditConflict`. Every version is kept."""
    unknown = set(values) - set(ITEM_FIELDS)
    if unknown:
        raise StoreError(f"unknown item fields: {', '.join(sorted(unknown))}")
    now = datetime.now(UTC)
    changes = {**values, "author": author, "updated_at": now}
    if expected_version == 0:
        try:
            with session.begin_nested():
                session.execute(
                    insert(OverrideRow).values(
                        story=story, topic=topic, excluded=False, pickup=False, version=1, **changes
                    )
                )
        except IntegrityError:
            _conflict(session, topic, story)
        version = 1
    else:
        done = session.execute(
            update(OverrideRow)
            .where(
                OverrideRow.story == story,
                OverrideRow.topic == topic,
                OverrideRow.version == expected_version,
            )
            .values(version=OverrideRow.version + 1, **changes)
            .execution_options(synchronize_session=False)
        )
        if done.rowcount != 1:  # type: ignore[attr-defined]
            _conflict(session, topic, story)
        version = expected_version + 1
    session.add(
        OverrideHistoryRow(
            story=story, topic=topic, version=version, fields=values, author=author, saved_at=now
        )
    )
    return version


def _conflict(session: Session, topic: str, story: str) -> None:
    session.expire_all()
    current = item_edit(session, topic, story)
    raise EditConflict(f"item {story}", current.version, current.author)


@dataclass(frozen=True)
class HistoryEntry:
    version: int
    author: str | None
    saved_at: datetime
    fields: dict[str, Any]


def item_history(session: Session, topic: str, story: str) -> list[HistoryEntry]:
    rows = session.scalars(
        select(OverrideHistoryRow)
        .where(OverrideHistoryRow.topic == topic, OverrideHistoryRow.story == story)
        .order_by(OverrideHistoryRow.version.desc())
    )
    return [HistoryEntry(r.version, r.author, r.saved_at, r.fields) for r in rows]
