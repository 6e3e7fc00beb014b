from __future__ import annotations

import pytest

from horizonscan.standards.records import stage_code, stage_name, stage_table, status_of
from horizonscan.standards.references import parse_reference


@pytest.mark.parametrize(
    ("text", "doc_key", "draft", "year"),
    [
        ("ISO 9001:2015", "ISO 9001", None, 2015),
        ("ISO/FDIS 24181-1", "ISO 24181-1", "FDIS", None),
        ("ISO 24181-1:2024", "ISO 24181-1", None, 2024),
        ("ISO/TR 7035-2:2024", "ISO 7035-2", None, 2024),
        ("ISO/IEC 19566-7:2022/Amd 1:2025", "ISO/IEC 19566-7/Amd 1", None, 2022),
        ("ISO 22444-1:2020/DAmd 1", "ISO 22444-1/Amd 1", None, 2020),
        ("ISO/PRF TS 22451", "ISO 22451", "PRF", None),
        ("ISO/CD5976", "ISO 5976", "CD", None),
        ("ISO  22928-1:2024 ", "ISO 22928-1", None, 2024),
        ("Withdrawn ISO/CD 10655", "ISO 10655", "CD", None),
        ("ISO/IEC FDIS 21000-22", "ISO/IEC 21000-22", "FDIS", None),
    ],
)
def test_reference_grammar(text: str, doc_key: str, draft: str | None, year: int | None) -> None:
    parsed = parse_reference(text)
    assert parsed is not None
    assert (parsed.doc_key, parsed.draft, parsed.year) == (doc_key, draft, year)


def test_not_a_reference() -> None:
    assert parse_reference("Rare earth — Vocabulary") is None


@pytest.mark.parametrize(
    ("stage", "status"),
    [
        (0, "preliminary"),
        (98, "cancelled"),
        (1099, "under_development"),
        (2098, "cancelled"),
        (3020, "under_development"),
        (5020, "under_development"),
        (6000, "under_development"),
        (6060, "published"),
        (9020, "published"),
        (9093, "published"),
        (9599, "withdrawn"),
    ],
)
def test_status_comes_from_the_stage_code(stage: int, status: str) -> None:
    assert status_of(stage) == status


def test_stage_table_is_complete_and_consistent() -> None:
    table = stage_table()
    assert len(table) >= 45
    for code, stage in table.items():
        assert stage_code(code) == stage.code
        assert stage.status == status_of(code), stage.code
        assert stage.en and stage.ja
    assert stage_name(6060) == "International Standard published"
    assert stage_name(4020, "ja")
