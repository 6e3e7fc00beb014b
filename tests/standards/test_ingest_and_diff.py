"""ISO Open Data rows in three formats, malformed rows, and diffs covering every change kind."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from hypothesis import given, settings
from hypothesis import strategies as st

from horizonscan.standards.diff import Counts, diff
from horizonscan.standards.ingest import deliverable, parse
from horizonscan.standards.records import Deliverable

FIELDS = [
    "id",
    "deliverableType",
    "supplementType",
    "reference",
    "title",
    "publicationDate",
    "edition",
    "icsCode",
    "ownerCommittee",
    "currentStage",
    "replaces",
    "replacedBy",
    "languages",
    "pages",
    "scope",
]


def row(
    id_: int, reference: str, stage: int, committee: str = "ISO/TC 298", **extra: Any
) -> dict[str, Any]:
    base = {
        "id": id_,
        "deliverableType": "IS",
        "supplementType": None,
        "reference": reference,
        "title": {"en": f"Rare earth — Item {id_}", "fr": None},
        "publicationDate": None,
        "edition": 1,
        "icsCode": ["77.120.99"],
        "ownerCommittee": committee,
        "currentStage": stage,
        "replaces": None,
        "replacedBy": None,
        "languages": ["en"],
        "pages": {"en": None},
        "scope": {"en": None},
    }
    base.update(extra)
    return base


ROWS = [
    row(1, "ISO 22444-1:2020", 6060, publicationDate="2020-05-01"),
    row(2, "ISO/FDIS 24181-1", 5020),
    row(3, "ISO/CD 5976", 3020, committee="ISO/TC 333"),
    row(4, "ISO 9001:2015", 6060, committee="ISO/TC 176/SC 2"),
    row(5, "ISO 22444-1:2020/Amd 1:2023", 6060, supplementType="Amd"),
]


def as_jsonl(rows: list[dict[str, Any]]) -> bytes:
    return b"".join(json.dumps(r).encode() + b"\n" for r in rows)


def as_csv(rows: list[dict[str, Any]]) -> bytes:
    out = io.StringIO()
    header = [
        "id",
        "deliverableType",
        "supplementType",
        "reference",
        "title.en",
        "title.fr",
        "publicationDate",
        "edition",
        "icsCode",
        "ownerCommittee",
        "currentStage",
        "replaces",
        "replacedBy",
        "languages",
        "pages.en",
        "scope.en",
    ]
    writer = csv.writer(out)
    writer.writerow(header)
    for r in rows:
        writer.writerow(
            [
                r["id"],
                r["deliverableType"],
                r["supplementType"] or "",
                r["reference"],
                r["title"]["en"],
                "",
                r["publicationDate"] or "",
                r["edition"],
                str(r["icsCode"]),
                r["ownerCommittee"],
                r["currentStage"],
                "",
                "",
                "['en']",
                "",
                "",
            ]
        )
    return out.getvalue().encode()


def as_parquet(rows: list[dict[str, Any]]) -> bytes:
    table = pa.Table.from_pylist(rows)
    out = io.BytesIO()
    pq.write_table(table, out)
    return out.getvalue()


def test_three_formats_give_the_same_deliverables() -> None:
    results = [
        parse(data, name, ["ISO/TC 298"])
        for data, name in (
            (as_jsonl(ROWS), "x.jsonl"),
            (as_csv(ROWS), "x.csv"),
            (as_parquet(ROWS), "x.parquet"),
        )
    ]
    for result in results:
        assert result.rows == 5 and result.problems == []
        assert [d.reference for d in result.deliverables] == [
            "ISO 22444-1:2020",
            "ISO/FDIS 24181-1",
            "ISO 22444-1:2020/Amd 1:2023",
        ]
    first = results[0].deliverables
    assert [d.doc_key for d in first] == ["ISO 22444-1", "ISO 24181-1", "ISO 22444-1/Amd 1"]
    assert (
        first[0].title_en == "Rare earth — Item 1"
        and str(first[0].publication_date) == "2020-05-01"
    )
    assert [d.title_en for d in results[1].deliverables] == [d.title_en for d in first]


def test_sub_committees_belong_to_their_committee_and_unknown_fields_are_ignored() -> None:
    data = as_jsonl([row(9, "ISO 1:2000", 6060, committee="ISO/TC 298/SC 1", brandNew="x")])
    assert [d.source_id for d in parse(data, "x.jsonl", ["ISO/TC 298"]).deliverables] == [9]


def test_malformed_rows_are_reported_and_skipped() -> None:
    lines = (
        as_jsonl(ROWS[:1])
        + b"{not json\n"
        + as_jsonl([{"id": "x", "reference": "ISO 1"}])
        + b"[1,2]\n"
    )
    lines += as_jsonl([row(7, "", 6060), row(8, "ISO 8:2000", "later")])  # type: ignore[arg-type]
    result = parse(lines, "x.jsonl", ["ISO/TC 298"])
    assert len(result.deliverables) == 1 and result.skipped == 5
    assert result.problems[0].startswith("line 2: invalid JSON")
    assert "line 3: id is not a number" in result.problems[1]
    assert any("reference missing" in p for p in result.problems)
    assert any("currentStage is not a number" in p for p in result.problems)


@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(FIELDS),
        st.one_of(
            st.none(),
            st.integers(-(10**6), 10**6),
            st.text(max_size=20),
            st.booleans(),
            st.lists(st.integers(), max_size=3),
            st.dictionaries(st.text(max_size=3), st.text(max_size=5), max_size=2),
        ),
    )
)
def test_any_row_either_parses_or_is_reported(fuzzed: dict[str, Any]) -> None:
    result = parse(json.dumps(fuzzed).encode() + b"\n", "f.jsonl", [])
    assert result.rows == 1
    assert len(result.deliverables) + result.skipped == 1


def d(
    id_: int, reference: str, stage: int, committee: str = "ISO/TC 298", **kw: Any
) -> Deliverable:
    return deliverable(row(id_, reference, stage, committee, **kw))


def test_every_change_kind() -> None:
    before = [
        d(1, "ISO/FDIS 24181-1", 5020),
        d(2, "ISO/CD 17887", 3060),
        d(3, "ISO/DIS 24548", 4092),
        d(4, "ISO/CD 10655", 3020),
        d(5, "ISO 22444-1:2020", 6060),
        d(6, "ISO 22453:2021", 6060),
        d(7, "ISO/WD 10662", 2020),
        d(8, "ISO 22450:2020", 6060),
        d(9, "ISO/DIS 5976", 4020),
        d(10, "ISO/AWI 1", 2000, committee="ISO/TC 333"),
        d(11, "ISO 22444-1:2020/DAmd 1", 4020, supplementType="Amd"),
        d(12, "ISO/CD 20000", 3020),
    ]
    after = [
        d(1, "ISO 24181-1:2024", 6060, publicationDate="2024-07-01"),  # published
        d(2, "ISO/DIS 17887", 4020),  # stage advanced
        d(3, "ISO/CD 24548", 3020),  # regressed
        d(4, "ISO/CD 10655", 3098),  # cancelled
        d(5, "ISO 22444-1:2020", 9599, replacedBy=[21]),  # withdrawn
        d(6, "ISO 22453:2021", 9020),  # under review
        d(8, "ISO 22450:2020", 6060, replacedBy=[22]),  # replaced
        d(9, "ISO/DIS 5976", 4060),  # substage
        d(10, "ISO/AWI 1", 2000, committee="ISO/TC 298"),  # moved committee
        d(11, "ISO 22444-1:2020/Amd 1:2024", 6060, supplementType="Amd"),  # amendment published
        d(12, "ISO/CD 20000", 3020, title={"en": "A new title"}),  # title changed
        d(13, "ISO/AWI 24961", 2000),  # new project
        d(14, "ISO 7819:2025", 6060),  # first seen, already published
    ]  # id 7 removed
    mine = [x for x in before if x.committee == "ISO/TC 298"]
    result = diff("ISO/TC 298", mine, after, everywhere_before=before, everywhere_after=after)
    kinds = {(c.source_id, c.kind) for c in result.changes}
    assert kinds == {
        (1, "NEWLY_PUBLISHED"),
        (2, "STAGE_ADVANCED"),
        (3, "STAGE_REGRESSED"),
        (4, "CANCELLED"),
        (5, "WITHDRAWN"),
        (6, "UNDER_REVIEW"),
        (7, "REMOVED"),
        (8, "REPLACED"),
        (9, "SUBSTAGE_CHANGED"),
        (10, "COMMITTEE_CHANGED"),
        (11, "NEWLY_PUBLISHED"),
        (12, "TITLE_CHANGED"),
        (13, "NEW_PROJECT"),
        (14, "FIRST_SEEN"),
    }
    summaries = {c.source_id: c.summary for c in result.changes}
    assert summaries[1] == "ISO/FDIS 24181-1 → ISO 24181-1:2024, published 2024-07-01"
    assert "Committee draft" in summaries[2] or "CD" in summaries[2]
    assert "replaced by 21" in summaries[5]
    assert result.counts_from == Counts(
        published=3, under_development=8, preliminary=0, withdrawn=0, cancelled=0
    )


def test_reported_counts_beyond_the_rows_are_unexplained() -> None:
    result = diff("ISO/TC 298", [d(1, "ISO/CD 1", 3020)], [d(1, "ISO 1:2024", 6060)])
    result.reported_from, result.reported_to = (
        {"under_development": 3},
        {"published": 1, "under_development": 0},
    )
    assert result.unexplained() == {"from": {"under_development": 2}}


def test_digit_lookalikes_are_reported_not_raised() -> None:
    result = parse(as_jsonl([row(1, "ISO 1:2000", "¹")]), "x.jsonl")  # type: ignore[arg-type]
    assert result.deliverables == [] and "currentStage is not a number" in result.problems[0]
