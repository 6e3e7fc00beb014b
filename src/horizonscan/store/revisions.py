"""Editions on the desk: their cover fields per topic and period, and their builds
(revisions); a published revision is frozen, the next build becomes a new revision."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from horizonscan.errors import EditConflict, StoreError
from horizonscan.store.models import EditionDraftRow, EditionRevisionRow


def period_key(start: date, end: date) -> str:
    return f"{start.isoformat()}..{end.isoformat()}"


def parse_period(key: str) -> tuple[date, date]:
    try:
        first, last = key.split("..")
        start, end = date.fromisoformat(first), date.fromisoformat(last)
    except ValueError as exc:
        raise StoreError(f"period {key!r}: expected YYYY-MM-DD..YYYY-MM-DD") from exc
    if end < start:
        raise StoreError(f"period {key!r} ends before it starts")
    return start, end


@dataclass(frozen=True)
class Draft:
    topic: str
    period: str
    cover: dict[str, str]
    version: int
    updated_by: str | None
    updated_at: datetime | None


@dataclass(frozen=True)
class Revision:
    topic: str
    period: str
    revision: int
    status: str
    directory: str
    files: tuple[str, ...]
    items: int
    pages: int
    built_by: str
    built_at: datetime
    published_by: str | None
    published_at: datetime | None


def _draft(row: EditionDraftRow) -> Draft:
    return Draft(
        row.topic, row.period, dict(row.cover), row.version, row.updated_by, row.updated_at
    )


def drafts(session: Session) -> list[Draft]:
    """Every edition the desk knows, the most recently touched first."""
    rows = session.scalars(select(EditionDraftRow).order_by(EditionDraftRow.updated_at.desc()))
    return [_draft(r) for r in rows]


def draft(session: Session, topic: str, period: str) -> Draft:
    row = session.get(EditionDraftRow, (topic, period))
    if row is None:
        return Draft(topic, period, {}, 0, None, None)
    return _draft(row)


def save_draft(
    session: Session,
    topic: str,
    period: str,
    cover: dict[str, str],
    expected_version: int,
    author: str,
) -> int:
    """Store the cover fields unless somebody saved them since ``expected_version``."""
    parse_period(period)
    now = datetime.now(UTC)
    if expected_version == 0:
        try:
            with session.begin_nested():
                session.execute(
                    insert(EditionDraftRow).values(
                        topic=topic,
                        period=period,
                        cover=cover,
                        version=1,
                        updated_by=author,
                        updated_at=now,
                    )
                )
        except IntegrityError:
            session.expire_all()
            current = draft(session, topic, period)
            raise EditConflict(
                f"edition {topic} {period}", current.version, current.updated_by
            ) from None
        return 1
    done = session.execute(
        update(EditionDraftRow)
        .where(
            EditionDraftRow.topic == topic,
            EditionDraftRow.period == period,
            EditionDraftRow.version == expected_version,
        )
        .values(cover=cover, version=EditionDraftRow.version + 1, updated_by=author, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    if done.rowcount != 1:  # type: ignore[attr-defined]
        session.expire_all()
        current = draft(session, topic, period)
        raise EditConflict(f"edition {topic} {period}", current.version, current.updated_by)
    return expected_version + 1


def _revision(row: EditionRevisionRow) -> Revision:
    return Revision(
        row.topic,
        row.period,
        row.revision,
        row.status,
        row.directory,
        tuple(row.files),
        row.items,
        row.pages,
        row.built_by,
        row.built_at,
        row.published_by,
        row.published_at,
    )


def revisions(session: Session, topic: str, period: str) -> list[Revision]:
    rows = session.scalars(
        select(EditionRevisionRow)
        .where(EditionRevisionRow.topic == topic, EditionRevisionRow.period == period)
        .order_by(EditionRevisionRow.revision.desc())
    )
    return [_revision(r) for r in rows]


def next_revision(session: Session, topic: str, period: str) -> int:
    """The number a new build takes: the open draft's, else one after the last published."""
    found = revisions(session, topic, period)
    if not found:
        return 1
    return found[0].revision if found[0].status == "draft" else found[0].revision + 1


def record_build(
    session: Session,
    topic: str,
    period: str,
    revision: int,
    *,
    directory: str,
    files: list[str],
    items: int,
    pages: int,
    author: str,
) -> Revision:
    row = _revision_row(session, topic, period, revision)
    if row is None:
        try:  # two builds at once: the second finds the first's row
            with session.begin_nested():
                session.execute(
                    insert(EditionRevisionRow).values(
                        topic=topic,
                        period=period,
                        revision=revision,
                        status="draft",
                        directory=directory,
                        files=files,
                        items=items,
                        pages=pages,
                        built_by=author,
                        built_at=datetime.now(UTC),
                    )
                )
        except IntegrityError:
            pass
        row = _revision_row(session, topic, period, revision)
        if row is None:
            raise StoreError(f"revision {revision} of {topic} {period} could not be recorded")
    if row.status != "draft":
        raise StoreError(f"revision {revision} of {topic} {period} is published and frozen")
    row.directory, row.files, row.items, row.pages = directory, files, items, pages
    row.built_by, row.built_at = author, datetime.now(UTC)
    session.flush()
    return _revision(row)


def _revision_row(
    session: Session, topic: str, period: str, revision: int
) -> EditionRevisionRow | None:
    return session.scalar(
        select(EditionRevisionRow).where(
            EditionRevisionRow.topic == topic,
            EditionRevisionRow.period == period,
            EditionRevisionRow.revision == revision,
        )
    )


def publish(session: Session, topic: str, period: str, revision: int, author: str) -> Revision:
    row = _revision_row(session, topic, period, revision)
    if row is None:
        raise StoreError(f"no revision {revision} of {topic} {period}")
    if row.status == "published":
        raise StoreError(f"revision {revision} of {topic} {period} is published already")
    row.status, row.published_by, row.published_at = "published", author, datetime.now(UTC)
    return _revision(row)
