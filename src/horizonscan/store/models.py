"""Tables of the store. Alembic migrations under ``store/migrations`` create them."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on every backend (SQLite keeps no zone of its own)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the store")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return value.replace(tzinfo=UTC) if value is not None else None


class Base(DeclarativeBase):
    type_annotation_map = {datetime: UTCDateTime}  # noqa: RUF012


class SourceRow(Base):
    __tablename__ = "sources"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    label: Mapped[str] = mapped_column(String(300))
    region: Mapped[str] = mapped_column(String(100))
    language: Mapped[str] = mapped_column(String(8))
    home: Mapped[str] = mapped_column(Text)
    cadence_days: Mapped[float] = mapped_column(Float, default=30.0)
    spec: Mapped[dict[str, object]] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    paused_reason: Mapped[str | None] = mapped_column(Text)  # set: not crawled until resumed
    paused_by: Mapped[str | None] = mapped_column(String(100))
    paused_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class RunRow(Base):
    __tablename__ = "runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(32))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    status: Mapped[str] = mapped_column(String(16), default="running")
    summary: Mapped[dict[str, object] | None] = mapped_column(JSON)


class DocumentRow(Base):
    """One archived body (the blob itself lives in the archive folder)."""

    __tablename__ = "documents"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    media: Mapped[str] = mapped_column(String(16))
    content_type: Mapped[str | None] = mapped_column(String(200))
    bytes: Mapped[int] = mapped_column(Integer)
    stored_bytes: Mapped[int] = mapped_column(Integer)
    first_url: Mapped[str] = mapped_column(Text)
    first_fetched_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ResourceRow(Base):
    """Crawl state of every URL fetched: validators, last outcome, when to look again."""

    __tablename__ = "resources"

    url: Mapped[str] = mapped_column(Text, primary_key=True)
    source_id: Mapped[str] = mapped_column(ForeignKey("sources.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    etag: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[str | None] = mapped_column(String(64))
    content_sha256: Mapped[str | None] = mapped_column(String(64))
    last_status: Mapped[int | None] = mapped_column(Integer)
    last_outcome: Mapped[str] = mapped_column(String(16))
    last_error: Mapped[str | None] = mapped_column(Text)
    first_seen_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_fetched_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_ok_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    next_check_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    failures: Mapped[int] = mapped_column(Integer, default=0)


class FetchRow(Base):
    """The fetch log: one row per request outcome, never updated."""

    __tablename__ = "fetches"
    __table_args__ = (Index("ix_fetches_source_time", "source_id", "fetched_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("runs.id"), index=True)
    source_id: Mapped[str] = mapped_column(String(64))
    url: Mapped[str] = mapped_column(Text)
    final_url: Mapped[str | None] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(16))
    outcome: Mapped[str] = mapped_column(String(16))
    status: Mapped[int | None] = mapped_column(Integer)
    error: Mapped[str | None] = mapped_column(Text)
    etag: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[str | None] = mapped_column(String(64))
    content_sha256: Mapped[str | None] = mapped_column(String(64))
    content_type: Mapped[str | None] = mapped_column(String(200))
    bytes: Mapped[int] = mapped_column(Integer, default=0)
    elapsed_ms: Mapped[int] = mapped_column(Integer, default=0)
    attempts: Mapped[int] = mapped_column(Integer, default=1)
    headers: Mapped[dict[str, str] | None] = mapped_column(JSON)
    fetched_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ArticleRow(Base):
    """One release, keyed by its canonical URL."""

    __tablename__ = "articles"
    __table_args__ = (
        Index(
            "ix_articles_review",
            "status",
            "published",
            "hint_published",
            "story",
            "source_id",
            "language",
            "region",
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    url: Mapped[str] = mapped_column(Text, unique=True)
    source_id: Mapped[str] = mapped_column(ForeignKey("sources.id"), index=True)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    discovered_at: Mapped[datetime] = mapped_column(UTCDateTime())
    discovered_via: Mapped[str | None] = mapped_column(String(16))
    hint_title: Mapped[str | None] = mapped_column(Text)
    hint_published: Mapped[date | None] = mapped_column(Date)
    fetched_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    content_sha256: Mapped[str | None] = mapped_column(String(64))
    media: Mapped[str | None] = mapped_column(String(16))
    error: Mapped[str | None] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    published: Mapped[date | None] = mapped_column(Date)
    updated: Mapped[date | None] = mapped_column(Date)
    date_evidence: Mapped[str | None] = mapped_column(String(64))
    language: Mapped[str | None] = mapped_column(String(8))
    region: Mapped[str | None] = mapped_column(String(200))
    text_chars: Mapped[int | None] = mapped_column(Integer)
    extractor: Mapped[str | None] = mapped_column(String(32))
    processed_sha256: Mapped[str | None] = mapped_column(String(64))
    text: Mapped[str | None] = mapped_column(Text)
    story: Mapped[str | None] = mapped_column(String(32), index=True)
    charset: Mapped[str | None] = mapped_column(String(32))


class AttachmentRow(Base):
    __tablename__ = "attachments"
    __table_args__ = (UniqueConstraint("article_id", "url"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id"), index=True)
    url: Mapped[str] = mapped_column(Text)
    media: Mapped[str | None] = mapped_column(String(16))
    content_sha256: Mapped[str | None] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), default="pending")
    error: Mapped[str | None] = mapped_column(Text)
    fetched_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class TopicScoreRow(Base):
    """The decision of one topic on one article, with everything needed to explain it."""

    __tablename__ = "topic_scores"
    __table_args__ = (Index("ix_topic_scores_review", "topic", "article_id", "probability"),)

    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id"), primary_key=True)
    topic: Mapped[str] = mapped_column(String(64), primary_key=True, index=True)
    rule_score: Mapped[float] = mapped_column(Float)
    probability: Mapped[float] = mapped_column(Float)
    model_probability: Mapped[float | None] = mapped_column(Float)
    relevant: Mapped[bool] = mapped_column(Boolean)
    explanation: Mapped[dict[str, object]] = mapped_column(JSON)
    profile_digest: Mapped[str] = mapped_column(String(64))
    scored_at: Mapped[datetime] = mapped_column(UTCDateTime())


class LabelRow(Base):
    """An editor's decision on an article for a topic; the newest one counts."""

    __tablename__ = "labels"
    __table_args__ = (
        Index("ix_labels_article_topic", "article_id", "topic"),
        Index("ix_labels_topic", "topic", "id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id"))
    topic: Mapped[str] = mapped_column(String(64))
    relevant: Mapped[bool] = mapped_column(Boolean)
    reason: Mapped[str | None] = mapped_column(Text)
    author: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class OverrideRow(Base):
    """What an editor decided for a story in a topic's editions; it wins over generated values."""

    __tablename__ = "overrides"

    story: Mapped[str] = mapped_column(String(32), primary_key=True)
    topic: Mapped[str] = mapped_column(String(64), primary_key=True)
    title: Mapped[str | None] = mapped_column(Text)
    summary: Mapped[list[str] | None] = mapped_column(JSON)
    region: Mapped[str | None] = mapped_column(String(200))
    excluded: Mapped[bool] = mapped_column(Boolean, default=False)
    pickup: Mapped[bool] = mapped_column(Boolean, default=False)
    author: Mapped[str | None] = mapped_column(String(100))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    organisation: Mapped[str | None] = mapped_column(Text)
    footnotes: Mapped[list[str] | None] = mapped_column(JSON)
    pickup_brief: Mapped[dict[str, object] | None] = mapped_column(JSON)
    version: Mapped[int] = mapped_column(Integer, default=1)


class OverrideHistoryRow(Base):
    """Every saved version of an item's edits, never updated."""

    __tablename__ = "override_history"
    __table_args__ = (Index("ix_override_history_story", "topic", "story"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    story: Mapped[str] = mapped_column(String(32))
    topic: Mapped[str] = mapped_column(String(64))
    version: Mapped[int] = mapped_column(Integer)
    fields: Mapped[dict[str, object]] = mapped_column(JSON)
    author: Mapped[str | None] = mapped_column(String(100))
    saved_at: Mapped[datetime] = mapped_column(UTCDateTime())


class UserRow(Base):
    """A local account of the review desk."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(Text)
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class DeskSessionRow(Base):
    """A signed-in browser; the cookie holds a random token, the table only its hash."""

    __tablename__ = "desk_sessions"

    token_sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())


class LoginFailureRow(Base):
    """A failed sign-in, by account name and by client address, for rate limiting."""

    __tablename__ = "login_failures"
    __table_args__ = (Index("ix_login_failures_key_time", "key", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    key: Mapped[str] = mapped_column(String(200))
    at: Mapped[datetime] = mapped_column(UTCDateTime())


class AuditRow(Base):
    """Who did what and when on the desk: decisions, edits, builds, accounts."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_target", "target"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    user: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(32))
    target: Mapped[str] = mapped_column(String(200))
    detail: Mapped[dict[str, object] | None] = mapped_column(JSON)


class EditionDraftRow(Base):
    """The desk's settings of one topic's edition for one period (cover fields)."""

    __tablename__ = "edition_drafts"

    topic: Mapped[str] = mapped_column(String(64), primary_key=True)
    period: Mapped[str] = mapped_column(String(32), primary_key=True)  # 2024-11-01..2024-11-30
    cover: Mapped[dict[str, str]] = mapped_column(JSON)
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_by: Mapped[str | None] = mapped_column(String(100))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class EditionRevisionRow(Base):
    """One build of an edition; a published revision is frozen, later builds are new ones."""

    __tablename__ = "edition_revisions"
    __table_args__ = (UniqueConstraint("topic", "period", "revision"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    topic: Mapped[str] = mapped_column(String(64))
    period: Mapped[str] = mapped_column(String(32))
    revision: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16))  # draft | published
    directory: Mapped[str] = mapped_column(Text)
    files: Mapped[list[str]] = mapped_column(JSON)
    items: Mapped[int] = mapped_column(Integer)
    pages: Mapped[int] = mapped_column(Integer)
    built_by: Mapped[str] = mapped_column(String(100))
    built_at: Mapped[datetime] = mapped_column(UTCDateTime())
    published_by: Mapped[str | None] = mapped_column(String(100))
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class StandardSnapshotRow(Base):
    """One dated snapshot of one committee's work programme (ISO keeps no history)."""

    __tablename__ = "standard_snapshots"
    __table_args__ = (UniqueConstraint("committee", "as_of"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    committee: Mapped[str] = mapped_column(String(64), index=True)
    as_of: Mapped[date] = mapped_column(Date)
    source: Mapped[str] = mapped_column(Text)
    source_kind: Mapped[str] = mapped_column(String(32))
    content_sha256: Mapped[str | None] = mapped_column(String(64))
    etag: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[str | None] = mapped_column(String(64))
    rows: Mapped[int] = mapped_column(Integer)
    skipped: Mapped[int] = mapped_column(Integer, default=0)
    reported: Mapped[dict[str, int] | None] = mapped_column(JSON)
    ingested_at: Mapped[datetime] = mapped_column(UTCDateTime())


class StandardRow(Base):
    __tablename__ = "standard_deliverables"
    __table_args__ = (UniqueConstraint("snapshot_id", "source_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    snapshot_id: Mapped[int] = mapped_column(
        ForeignKey("standard_snapshots.id", ondelete="CASCADE"), index=True
    )
    source_id: Mapped[int] = mapped_column(Integer)
    reference: Mapped[str] = mapped_column(Text)
    doc_key: Mapped[str] = mapped_column(String(120))
    deliverable_type: Mapped[str] = mapped_column(String(16))
    supplement_type: Mapped[str | None] = mapped_column(String(16))
    title_en: Mapped[str | None] = mapped_column(Text)
    publication_date: Mapped[date | None] = mapped_column(Date)
    edition: Mapped[int | None] = mapped_column(Integer)
    committee: Mapped[str] = mapped_column(String(64))
    stage: Mapped[int] = mapped_column(Integer)
    replaces: Mapped[list[int] | None] = mapped_column(JSON)
    replaced_by: Mapped[list[int] | None] = mapped_column(JSON)


class SummaryRow(Base):
    """A summary cached by (document hash, task, prompt version, model): never asked twice."""

    __tablename__ = "summaries"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    article_id: Mapped[int | None] = mapped_column(
        Integer, index=True
    )  # informative: the cache is keyed by document
    doc_sha256: Mapped[str] = mapped_column(String(64))
    task: Mapped[str] = mapped_column(String(16))
    prompt_version: Mapped[str] = mapped_column(String(32))
    model: Mapped[str | None] = mapped_column(String(100))
    backend: Mapped[str] = mapped_column(String(16))
    translated: Mapped[bool] = mapped_column(Boolean)
    payload: Mapped[dict[str, object]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
