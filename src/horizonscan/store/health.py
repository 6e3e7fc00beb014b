"""Source health: is each source alive, and is it still producing what we expect?"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from horizonscan.store.models import ArticleRow, FetchRow, ResourceRow, SourceRow

DISCOVERY = ("feed", "sitemap", "listing")


@dataclass(frozen=True)
class SourceHealth:
    source_id: str
    label: str
    cadence_days: float
    last_success: datetime | None
    found_30: int
    found_90: int
    published_30: int
    published_90: int
    expected_30: float
    expected_90: float
    failures_30: int
    broken_docs: int
    discovery_docs: int
    last_error: str | None
    last_error_at: datetime | None
    status: str  # ok | quiet | broken | never | paused
    paused: str | None = None  # the reason an admin gave


def _status(
    last_success: datetime | None,
    docs: int,
    broken: int,
    cadence: float,
    as_of: datetime,
    newest: date | None,
) -> str:
    if last_success is None:
        return "never"
    if docs and broken == docs:
        return "broken"
    quiet_after = timedelta(days=max(3 * cadence, 14))
    if newest is None or as_of.date() - newest > quiet_after:
        return "quiet"
    return "ok"


def source_health(session: Session, as_of: datetime | None = None) -> list[SourceHealth]:
    now = as_of or datetime.now(UTC)
    d30, d90 = now - timedelta(days=30), now - timedelta(days=90)
    out: list[SourceHealth] = []
    for source in session.scalars(select(SourceRow).order_by(SourceRow.id)):
        sid = source.id
        last_success = session.scalar(
            select(func.max(ResourceRow.last_ok_at)).where(ResourceRow.source_id == sid)
        )
        pub = func.coalesce(ArticleRow.published, ArticleRow.hint_published)
        counts = {}
        for name, since in (("30", d30), ("90", d90)):
            counts[f"found_{name}"] = (
                session.scalar(
                    select(func.count()).where(
                        ArticleRow.source_id == sid, ArticleRow.discovered_at >= since
                    )
                )
                or 0
            )
            counts[f"published_{name}"] = (
                session.scalar(
                    select(func.count()).where(
                        ArticleRow.source_id == sid, pub >= since.date(), pub <= now.date()
                    )
                )
                or 0
            )
        newest = session.scalar(
            select(func.max(pub)).where(ArticleRow.source_id == sid, pub <= now.date())
        )
        failures = (
            session.scalar(
                select(func.count()).where(
                    FetchRow.source_id == sid,
                    FetchRow.outcome == "failed",
                    FetchRow.fetched_at >= d30,
                )
            )
            or 0
        )
        last = session.execute(
            select(FetchRow.error, FetchRow.url, FetchRow.fetched_at)
            .where(FetchRow.source_id == sid, FetchRow.outcome == "failed")
            .order_by(FetchRow.id.desc())
            .limit(1)
        ).first()
        docs = session.execute(
            select(ResourceRow.last_outcome).where(
                ResourceRow.source_id == sid, ResourceRow.kind.in_(DISCOVERY)
            )
        ).all()
        broken = sum(1 for (outcome,) in docs if outcome == "failed")
        out.append(
            SourceHealth(
                source_id=sid,
                label=source.label,
                cadence_days=source.cadence_days,
                last_success=last_success,
                expected_30=30 / source.cadence_days,
                expected_90=90 / source.cadence_days,
                failures_30=failures,
                broken_docs=broken,
                discovery_docs=len(docs),
                last_error=f"{last[0]} ({last[1]})" if last else None,
                last_error_at=last[2] if last else None,
                status="paused"
                if source.paused_reason is not None
                else _status(last_success, len(docs), broken, source.cadence_days, now, newest),
                paused=source.paused_reason,
                **counts,
            )
        )
    return out
