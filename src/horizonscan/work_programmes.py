"""ISO committee work programmes over the store: ingest dated snapshots, diff two of them,
and the report's standards item."""

from __future__ import annotations

import email.utils
import hashlib
import tomllib
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from horizonscan.config import Settings
from horizonscan.crawl.single import fetch_one
from horizonscan.errors import ConfigError
from horizonscan.records import Validators
from horizonscan.report.config import EditionSettings
from horizonscan.report.model import Item
from horizonscan.report.standards_item import CommitteeInfo, standards_item
from horizonscan.standards.catalogue import parse_catalogue
from horizonscan.standards.diff import CommitteeDiff
from horizonscan.standards.diff import diff as standards_diff_of
from horizonscan.standards.ingest import parse as parse_deliverables
from horizonscan.store import open_store
from horizonscan.store import standards as std


@dataclass
class StandardsIngest:
    committees: dict[str, int]  # committee → deliverables stored
    as_of: date | None
    rows: int
    problems: list[str]
    unchanged: bool = False


def standards_ingest(
    settings: Settings,
    source: str,
    committees: list[str],
    *,
    as_of: date | None = None,
    reported: dict[str, dict[str, int]] | None = None,
    source_kind: str = "iso-open-data",
    catalogue: bool = False,
) -> StandardsIngest:
    """Store a dated snapshot per committee from an ISO Open Data file or URL (fetched with the
    crawler's rules and a conditional GET, so an unchanged day costs one small request)."""
    sessions = open_store(settings.db_url)
    etag = last_modified = None
    if source.startswith(("http://", "https://")):
        with sessions() as session:
            known = [s for c in committees for s in std.snapshots(session, c) if s.source == source]
        latest = max(known, key=lambda s: s.as_of) if known else None
        validators = Validators(latest.etag, latest.last_modified) if latest else None
        page = fetch_one(
            settings,
            source,
            validators=validators,
            max_bytes=500_000_000,
            kind="listing" if catalogue else "dataset",
        )
        if page.outcome == "not_modified":
            return StandardsIngest({}, latest.as_of if latest else None, 0, [], unchanged=True)
        data, etag, last_modified = page.body, page.etag, page.last_modified
        if as_of is None and last_modified:
            as_of = email.utils.parsedate_to_datetime(last_modified).date()
    else:
        try:
            data = Path(source).read_bytes()
        except OSError as exc:
            raise ConfigError(f"cannot read: {exc.strerror or exc}", where=source) from exc
    if as_of is None:
        raise ConfigError("give --as-of (the file carries no date of its own)", where=source)
    if catalogue:
        if len(committees) != 1:
            raise ConfigError("a catalogue page belongs to one committee", where="--committee")
        parsed = parse_catalogue(data, committees[0])
        source_kind = "iso-committee-page"
    else:
        parsed = parse_deliverables(data, source, committees)
    stored: dict[str, int] = {}
    sha = hashlib.sha256(data).hexdigest()
    with sessions() as session:
        for committee in committees:
            mine = [
                d
                for d in parsed.deliverables
                if d.committee == committee or d.committee.startswith(committee + "/")
            ]
            info = std.SnapshotInfo(
                committee,
                as_of,
                source,
                source_kind,
                len(mine),
                parsed.skipped,
                (reported or {}).get(committee, {}),
                etag,
                last_modified,
            )
            std.save_snapshot(session, info, mine, sha)
            stored[committee] = len(mine)
        session.commit()
    return StandardsIngest(stored, as_of, parsed.rows, parsed.problems)


def standards_diff(settings: Settings, committee: str, start: date, end: date) -> CommitteeDiff:
    with open_store(settings.db_url)() as session:
        before_info = std.snapshot_on_or_before(session, committee, start)
        after_info = std.snapshot_on_or_before(session, committee, end)
        if before_info is None or after_info is None:
            have = ", ".join(str(s.as_of) for s in std.snapshots(session, committee)) or "none"
            raise ConfigError(
                f"no snapshot of {committee} on or before both dates (stored: {have})",
                where="--from/--to",
            )
        result = standards_diff_of(
            committee,
            std.deliverables(session, committee, before_info.as_of),
            std.deliverables(session, committee, after_info.as_of),
            everywhere_before=std.deliverables(session, None, before_info.as_of),
            everywhere_after=std.deliverables(session, None, after_info.as_of),
        )
    result.reported_from, result.reported_to = before_info.reported, after_info.reported
    result.from_date, result.to_date = before_info.as_of, after_info.as_of
    return result


def standards_for_edition(
    settings: Settings, edition: EditionSettings, start: date, end: date, warnings: list[str]
) -> Item | None:
    """The standards item: each configured committee's latest snapshot up to the period's end,
    and its changes since the latest snapshot before the period (the previous edition)."""
    infos, states = [], []
    with open_store(settings.db_url)() as session:
        found = [
            (
                c,
                std.snapshot_on_or_before(session, c.id, end),
                std.snapshot_on_or_before(session, c.id, start),
            )
            for c in edition.committees
        ]
    for committee, latest, previous in found:
        if latest is None:
            warnings.append(
                f"{committee.id}: no standards snapshot up to {end}; the standards item leaves it out"
            )
            continue
        start_day = (
            previous.as_of
            if previous is not None and previous.as_of < latest.as_of
            else latest.as_of
        )
        change = standards_diff(settings, committee.id, start_day, latest.as_of)
        with open_store(settings.db_url)() as session:
            rows = std.deliverables(session, committee.id, latest.as_of)
        infos.append(
            CommitteeInfo(
                committee.id, committee.label, committee.short, committee.scope, committee.url
            )
        )
        states.append((rows, change, latest.as_of))
    return standards_item(1, infos, states) if infos else None


def ingest_manifest(settings: Settings, manifest: Path) -> list[StandardsIngest]:
    """Ingest every ``[[snapshot]]`` of a manifest (file, committee, as_of, reported_* counts)."""
    try:
        entries = tomllib.loads(manifest.read_text("utf-8")).get("snapshot")
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"cannot read manifest: {exc}", where=str(manifest)) from exc
    if not isinstance(entries, list):
        raise ConfigError("no [[snapshot]] tables", where=str(manifest))
    results = []
    for number, entry in enumerate(entries, start=1):
        try:
            committee, file, day = (
                entry["committee"],
                entry["file"],
                date.fromisoformat(entry["as_of"]),
            )
        except (KeyError, ValueError, TypeError) as exc:
            raise ConfigError(f"snapshot #{number}: {exc!r}", where=str(manifest)) from exc
        counts = {
            k.removeprefix("reported_"): int(v)
            for k, v in entry.items()
            if k.startswith("reported_")
        }
        results.append(
            standards_ingest(
                settings,
                str(manifest.parent / file),
                [committee],
                as_of=day,
                reported={committee: counts},
                source_kind=entry.get("source", "iso-open-data"),
            )
        )
    return results
