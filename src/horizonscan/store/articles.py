"""Articles: what is waiting for extraction, saving extraction results, the export."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from horizonscan.records import Article
from horizonscan.store.models import ArticleRow, AttachmentRow, SourceRow, TopicScoreRow


@dataclass(frozen=True)
class ProcessJob:
    article_id: int
    url: str
    source_id: str
    sha256: str
    media: str
    hint_published: date | None
    hint_evidence: str | None
    attachments: tuple[tuple[str, str, str], ...]  # (url, sha256, media)


def jobs(
    session: Session, *, everything: bool = False, ids: Sequence[int] | None = None
) -> list[ProcessJob]:
    """Fetched articles waiting for extraction (all fetched ones with ``everything``), only
    those of ``ids`` when given."""
    query = select(ArticleRow).where(
        ArticleRow.status == "fetched", ArticleRow.content_sha256.is_not(None)
    )
    if ids is not None:
        query = query.where(ArticleRow.id.in_(list(ids)))
    if not everything:
        query = query.where(
            (ArticleRow.processed_sha256.is_(None))
            | (ArticleRow.processed_sha256 != ArticleRow.content_sha256)
        )
    rows = list(session.scalars(query.order_by(ArticleRow.id)))
    attached: dict[int, list[tuple[str, str, str]]] = {}
    if rows:
        for att in session.scalars(
            select(AttachmentRow).where(
                AttachmentRow.article_id.in_([r.id for r in rows]),
                AttachmentRow.content_sha256.is_not(None),
            )
        ):
            attached.setdefault(att.article_id, []).append(
                (att.url, att.content_sha256 or "", att.media or "")
            )
    return [
        ProcessJob(
            article_id=r.id,
            url=r.url,
            source_id=r.source_id,
            sha256=r.content_sha256 or "",
            media=r.media or "html",
            hint_published=r.hint_published,
            hint_evidence=r.discovered_via,
            attachments=tuple(attached.get(r.id, [])),
        )
        for r in rows
    ]


def save_extraction(session: Session, job: ProcessJob, article: Article) -> None:
    session.execute(
        update(ArticleRow)
        .where(ArticleRow.id == job.article_id)
        .values(
            title=article.title,
            published=article.published,
            updated=article.updated,
            date_evidence=article.date_evidence,
            language=article.language,
            text_chars=len(article.text),
            extractor=article.extractor,
            processed_sha256=job.sha256,
            error=None,
            text=article.text,
            charset=article.charset,
        )
    )


def save_extraction_failure(session: Session, job: ProcessJob, reason: str) -> None:
    session.execute(
        update(ArticleRow)
        .where(ArticleRow.id == job.article_id)
        .values(processed_sha256=job.sha256, error=reason, extractor="failed")
    )


def export_rows(
    session: Session, source_ids: list[str] | None = None, topic: str | None = None
) -> Iterator[dict[str, object]]:
    """One row per article and topic scored (one row with empty topic fields if none)."""
    query = (
        select(ArticleRow, SourceRow, TopicScoreRow)
        .join(SourceRow, SourceRow.id == ArticleRow.source_id)
        .join(TopicScoreRow, TopicScoreRow.article_id == ArticleRow.id, isouter=True)
    )
    if source_ids:
        query = query.where(ArticleRow.source_id.in_(source_ids))
    if topic:
        query = query.where((TopicScoreRow.topic == topic) | TopicScoreRow.topic.is_(None))
    for article, source, score in session.execute(
        query.order_by(ArticleRow.source_id, ArticleRow.url)
    ):
        yield {
            "url": article.url,
            "source": article.source_id,
            "title": article.title or article.hint_title,
            "published": _iso(article.published or article.hint_published),
            "updated": _iso(article.updated),
            "date_evidence": article.date_evidence
            or (article.discovered_via if article.hint_published else None),
            "language": article.language or source.language,
            "region": article.region or source.region,
            "organisation": source.label,
            "fetched_at": _iso(article.fetched_at),
            "content_sha256": article.content_sha256,
            "status": article.status,
            "error": article.error,
            "text_chars": article.text_chars,
            "story": article.story,
            "topic": score.topic if score else topic,
            "relevant": score.relevant if score else None,
            "score": round(score.probability, 4) if score else None,
            "rule_score": score.rule_score if score else None,
        }


def _iso(value: date | datetime | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    return value.isoformat()
