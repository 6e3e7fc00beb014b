"""Reading ISO Open Data's ``iso_deliverables_metadata`` in its three formats (JSON Lines,
CSV, Parquet), streaming, keeping only the chosen committees. Unknown fields are ignored; a
row that breaks the schema is reported and skipped, never fatal."""

from __future__ import annotations

import ast
import csv
import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from horizonscan.standards.records import Deliverable
from horizonscan.standards.references import parse_reference

MAX_PROBLEMS = 200


class RowError(ValueError):
    pass


@dataclass
class Parsed:
    deliverables: list[Deliverable] = field(default_factory=list)
    rows: int = 0
    problems: list[str] = field(default_factory=list)
    skipped: int = 0

    def problem(self, where: str, reason: str) -> None:
        self.skipped += 1
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(f"{where}: {reason}")


def _int(value: Any, name: str) -> int:
    if type(value) is int:
        return value
    if isinstance(value, bool):
        raise RowError(f"{name} is not a number: {value!r}")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        try:
            return int(value.strip())  # int() accepts only real digits ("¹" is no number)
        except ValueError:
            pass
    raise RowError(f"{name} is not a number: {value!r}")


def _ids(value: Any, name: str) -> tuple[int, ...]:
    if value in (None, "", "None"):
        return ()
    if isinstance(value, str):
        try:
            value = ast.literal_eval(value)
        except (ValueError, SyntaxError) as exc:
            raise RowError(f"{name} is not a list of ids: {value!r}") from exc
    if isinstance(value, int | str):
        value = [value]
    if not isinstance(value, list | tuple):
        raise RowError(f"{name} is not a list of ids: {value!r}")
    return tuple(_int(v, name) for v in value)


def _date(value: Any) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError as exc:
        raise RowError(f"publicationDate is not a date: {value!r}") from exc


def _title(row: dict[str, Any]) -> str | None:
    title = row.get("title")
    value = title.get("en") if isinstance(title, dict) else row.get("title.en")
    return str(value).strip() or None if value not in (None, "") else None


def deliverable(row: dict[str, Any]) -> Deliverable:
    if not isinstance(row, dict):
        raise RowError("not an object")
    source_id = _int(row.get("id"), "id")
    reference = row.get("reference")
    if not isinstance(reference, str) or not reference.strip():
        raise RowError("reference missing")
    committee = row.get("ownerCommittee")
    if not isinstance(committee, str) or not committee.strip():
        raise RowError("ownerCommittee missing")
    stage = _int(row.get("currentStage"), "currentStage")
    if not 0 <= stage <= 9999:
        raise RowError(f"currentStage out of range: {stage}")
    parsed = parse_reference(reference)
    edition = row.get("edition")
    return Deliverable(
        source_id=source_id,
        reference=" ".join(reference.split()),
        doc_key=parsed.doc_key if parsed else " ".join(reference.split()),
        deliverable_type=str(row.get("deliverableType") or "IS"),
        supplement_type=str(row["supplementType"]) if row.get("supplementType") else None,
        title_en=_title(row),
        publication_date=_date(row.get("publicationDate")),
        edition=_int(edition, "edition") if edition not in (None, "") else None,
        committee=" ".join(committee.split()),
        stage=stage,
        replaces=_ids(row.get("replaces"), "replaces"),
        replaced_by=_ids(row.get("replacedBy"), "replacedBy"),
    )


def _wanted(committee: str, committees: frozenset[str]) -> bool:
    return (
        not committees
        or committee in committees
        or any(committee.startswith(c + "/") for c in committees)
    )


def _collect(rows: Iterable[tuple[str, Any]], committees: frozenset[str]) -> Parsed:
    parsed = Parsed()
    for where, row in rows:
        parsed.rows += 1
        if isinstance(row, str):  # a line that was not JSON
            parsed.problem(where, row)
            continue
        if committees:  # other committees' rows are not ingested, so not checked either
            owner = row.get("ownerCommittee") if isinstance(row, dict) else None
            if isinstance(owner, str) and not _wanted(" ".join(owner.split()), committees):
                continue
        try:
            item = deliverable(row)
        except RowError as exc:
            parsed.problem(where, str(exc))
            continue
        if _wanted(item.committee, committees):
            parsed.deliverables.append(item)
    return parsed


def _jsonl(data: bytes) -> Iterator[tuple[str, Any]]:
    for number, line in enumerate(io.BytesIO(data), start=1):
        if not line.strip():
            continue
        try:
            yield f"line {number}", json.loads(line)
        except ValueError as exc:
            yield f"line {number}", f"invalid JSON: {exc}"


def _csv(data: bytes) -> Iterator[tuple[str, Any]]:
    reader = csv.DictReader(io.StringIO(data.decode("utf-8-sig")))
    for number, row in enumerate(reader, start=2):
        yield f"line {number}", {k: v for k, v in row.items() if k is not None}


def _parquet(data: bytes) -> Iterator[tuple[str, Any]]:
    import pyarrow.parquet as pq

    table = pq.ParquetFile(io.BytesIO(data))
    number = 0
    for batch in table.iter_batches(batch_size=10_000):
        for row in batch.to_pylist():
            number += 1
            yield f"row {number}", row


def detect_format(name: str, data: bytes) -> str:
    lowered = name.lower().split("?")[0]
    if lowered.endswith(".parquet") or data[:4] == b"PAR1":
        return "parquet"
    if lowered.endswith(".csv"):
        return "csv"
    if lowered.endswith((".jsonl", ".json", ".ndjson")) or data.lstrip()[:1] == b"{":
        return "jsonl"
    if data.startswith(b"id,"):
        return "csv"
    raise RowError(f"{name}: not JSON Lines, CSV or Parquet")


def parse(data: bytes, name: str, committees: Iterable[str] = ()) -> Parsed:
    wanted = frozenset(" ".join(c.split()) for c in committees)
    kind = detect_format(name, data)
    rows = {"jsonl": _jsonl, "csv": _csv, "parquet": _parquet}[kind](data)
    return _collect(rows, wanted)
