"""What changed in a committee's work programme between two snapshots, keyed on ISO's project
id (a project keeps its id from draft to publication)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from horizonscan.standards.records import Deliverable, stage_code, stage_name

MAJOR_REVIEW = {9020: "UNDER_REVIEW", 9093: "CONFIRMED", 9092: "TO_BE_REVISED"}


@dataclass(frozen=True)
class Counts:
    published: int = 0
    under_development: int = 0
    preliminary: int = 0
    withdrawn: int = 0
    cancelled: int = 0

    @classmethod
    def of(cls, items: list[Deliverable]) -> Counts:
        tally = {
            "published": 0,
            "under_development": 0,
            "preliminary": 0,
            "withdrawn": 0,
            "cancelled": 0,
        }
        for item in items:
            tally[item.status] += 1
        return cls(**tally)


@dataclass(frozen=True)
class Change:
    kind: str
    source_id: int
    doc_key: str
    before: Deliverable | None
    after: Deliverable | None
    summary: str


@dataclass
class CommitteeDiff:
    committee: str
    counts_from: Counts
    counts_to: Counts
    changes: list[Change] = field(default_factory=list)
    reported_from: dict[str, int] = field(default_factory=dict)
    reported_to: dict[str, int] = field(default_factory=dict)
    from_date: date | None = None
    to_date: date | None = None

    def unexplained(self) -> dict[str, dict[str, int]]:
        """Reported counts the snapshot's rows do not account for ("N not identified")."""
        gaps: dict[str, dict[str, int]] = {}
        for when, reported, counts in (
            ("from", self.reported_from, self.counts_from),
            ("to", self.reported_to, self.counts_to),
        ):
            for status, value in reported.items():
                gap = value - getattr(counts, status)
                if gap:
                    gaps.setdefault(when, {})[status] = gap
        return gaps


def _describe(item: Deliverable) -> str:
    return f"{item.reference} ({stage_code(item.stage)} {stage_name(item.stage)})"


def _primary(old: Deliverable | None, new: Deliverable | None) -> tuple[str, str] | None:
    if old is None and new is not None:
        if new.status in ("published", "withdrawn"):
            return "FIRST_SEEN", f"First seen: {_describe(new)}"
        return "NEW_PROJECT", f"New project: {_describe(new)}"
    if new is None and old is not None:
        return "REMOVED", f"No longer listed: {_describe(old)} (reason unknown)"
    assert old is not None and new is not None
    if old.status in ("under_development", "preliminary") and new.status == "published":
        when = f", published {new.publication_date.isoformat()}" if new.publication_date else ""
        return "NEWLY_PUBLISHED", f"{old.reference} → {new.reference}{when}"
    if old.status != "withdrawn" and new.status == "withdrawn":
        by = f" (replaced by {', '.join(map(str, new.replaced_by))})" if new.replaced_by else ""
        return "WITHDRAWN", f"Withdrawn: {new.reference}{by}"
    if old.status in ("under_development", "preliminary") and new.status == "cancelled":
        return (
            "CANCELLED",
            f"Cancelled: {old.reference} ({stage_code(old.stage)} → {stage_code(new.stage)})",
        )
    if old.stage != new.stage:
        if old.status == "published" and new.stage in MAJOR_REVIEW:
            return MAJOR_REVIEW[new.stage], f"{new.reference}: {stage_name(new.stage)}"
        major_old, major_new = old.stage // 100, new.stage // 100
        arrow = (
            f"{old.reference} → {new.reference} ({stage_code(old.stage)} → {stage_code(new.stage)}, "
            f"{stage_name(old.stage)} → {stage_name(new.stage)})"
        )
        if major_new > major_old:
            return "STAGE_ADVANCED", arrow
        if major_new < major_old:
            return "STAGE_REGRESSED", arrow
        return "SUBSTAGE_CHANGED", arrow
    return None


def changes_between(old: Deliverable | None, new: Deliverable | None) -> list[Change]:
    item = new or old
    assert item is not None
    found: list[Change] = []
    primary = _primary(old, new)
    if primary:
        found.append(Change(primary[0], item.source_id, item.doc_key, old, new, primary[1]))
    if old and new:
        if old.committee != new.committee:
            found.append(
                Change(
                    "COMMITTEE_CHANGED",
                    item.source_id,
                    item.doc_key,
                    old,
                    new,
                    f"{new.reference}: moved from {old.committee} to {new.committee}",
                )
            )
        if (old.title_en or "") != (new.title_en or "") and old.title_en and new.title_en:
            found.append(
                Change(
                    "TITLE_CHANGED",
                    item.source_id,
                    item.doc_key,
                    old,
                    new,
                    f"{new.reference}: title now “{new.title_en}”",
                )
            )
        if new.replaced_by and not old.replaced_by and not (primary and primary[0] == "WITHDRAWN"):
            found.append(
                Change(
                    "REPLACED",
                    item.source_id,
                    item.doc_key,
                    old,
                    new,
                    f"{new.reference} replaced by {', '.join(map(str, new.replaced_by))}",
                )
            )
    return found


def diff(
    committee: str,
    before: list[Deliverable],
    after: list[Deliverable],
    *,
    everywhere_before: list[Deliverable] | None = None,
    everywhere_after: list[Deliverable] | None = None,
) -> CommitteeDiff:
    """Changes of ``committee``. The ``everywhere_*`` lists (all committees) let a project that
    moved between committees show as moved, not as removed and new."""
    old = {d.source_id: d for d in (everywhere_before or before)}
    new = {d.source_id: d for d in (everywhere_after or after)}
    mine = {d.source_id for d in before} | {d.source_id for d in after}
    result = CommitteeDiff(committee, Counts.of(before), Counts.of(after))
    for source_id in sorted(mine, key=lambda i: ((new.get(i) or old[i]).doc_key, i)):
        result.changes.extend(changes_between(old.get(source_id), new.get(source_id)))
    return result
