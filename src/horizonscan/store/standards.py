"""Standards snapshots in the store: save one (replacing the same committee and date), read
one back, list them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from horizonscan.standards.records import Deliverable
from horizonscan.store.dialect import insert
from horizonscan.store.models import StandardRow, StandardSnapshotRow


@dataclass(frozen=True)
class SnapshotInfo:
    committee: str
    as_of: date
    source: str
    source_kind: str
    rows: int
    skipped: int
    reported: dict[str, int]
    etag: str | None = None
    last_modified: str | None = None


def save_snapshot(
    session: Session, info: SnapshotInfo, deliverables: list[Deliverable], sha256: str | None
) -> int:
    values = {
        "committee": info.committee,
        "as_of": info.as_of,
        "source": info.source,
        "source_kind": info.source_kind,
        "content_sha256": sha256,
        "rows": info.rows,
        "skipped": info.skipped,
        "reported": info.reported or None,
        "etag": info.etag,
        "last_modified": info.last_modified,
        "ingested_at": datetime.now(UTC),
    }
    # one statement replaces the committee's snapshot of that day; its row lock makes a
    # concurrent ingest of the same snapshot wait instead of duplicating it
    stmt = insert(session, StandardSnapshotRow).values(**values)
    snapshot_id: int = session.execute(
        stmt.on_conflict_do_update(
            index_elements=["committee", "as_of"],
            set_={k: getattr(stmt.excluded, k) for k in values if k not in ("committee", "as_of")},
        ).returning(StandardSnapshotRow.id)
    ).scalar_one()
    session.execute(delete(StandardRow).where(StandardRow.snapshot_id == snapshot_id))
    session.bulk_insert_mappings(
        StandardRow,
        [
            {
                "snapshot_id": snapshot_id,
                "source_id": d.source_id,
                "reference": d.reference,
                "doc_key": d.doc_key,
                "deliverable_type": d.deliverable_type,
                "supplement_type": d.supplement_type,
                "title_en": d.title_en,
                "publication_date": d.publication_date,
                "edition": d.edition,
                "committee": d.committee,
                "stage": d.stage,
                "replaces": list(d.replaces) or None,
                "replaced_by": list(d.replaced_by) or None,
            }
            for d in deliverables
        ],
    )
    return snapshot_id


def _deliverable(row: StandardRow) -> Deliverable:
    return Deliverable(
        source_id=row.source_id,
        reference=row.reference,
        doc_key=row.doc_key,
        deliverable_type=row.deliverable_type,
        supplement_type=row.supplement_type,
        title_en=row.title_en,
        publication_date=row.publication_date,
        edition=row.edition,
        committee=row.committee,
        stage=row.stage,
        replaces=tuple(row.replaces or ()),
        replaced_by=tuple(row.replaced_by or ()),
    )


def snapshots(session: Session, committee: str | None = None) -> list[SnapshotInfo]:
    query = select(StandardSnapshotRow).order_by(
        StandardSnapshotRow.committee, StandardSnapshotRow.as_of
    )
    if committee:
        query = query.where(StandardSnapshotRow.committee == committee)
    return [
        SnapshotInfo(
            r.committee,
            r.as_of,
            r.source,
            r.source_kind,
            r.rows,
            r.skipped,
            dict(r.reported or {}),
            r.etag,
            r.last_modified,
        )
        for r in session.scalars(query)
    ]


def snapshot_on_or_before(session: Session, committee: str, day: date) -> SnapshotInfo | None:
    found = [s for s in snapshots(session, committee) if s.as_of <= day]
    return found[-1] if found else None


def deliverables(session: Session, committee: str | None, as_of: date) -> list[Deliverable]:
    """Rows of the snapshot(s) of ``as_of``: one committee's, or every committee's."""
    query = select(StandardRow).join(StandardSnapshotRow).where(StandardSnapshotRow.as_of == as_of)
    if committee:
        query = query.where(StandardSnapshotRow.committee == committee)
    return [_deliverable(r) for r in session.scalars(query)]
