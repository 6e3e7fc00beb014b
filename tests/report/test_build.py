"""The edition from stored stories: numbering, sources of every report, overrides, footnotes,
pick-up choice, settings and glossary defaults; XLSX and JSON agree."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from horizonscan.report.build import build_edition
from horizonscan.report.config import EditionSettings, load_edition_settings
from horizonscan.report.glossary import Glossary
from horizonscan.report.layout import paginate
from horizonscan.report.render import write_all
from horizonscan.store.editions import Member, Override, StoryRows

ROOT = Path(__file__).resolve().parents[2]
GLOSSARY = Glossary.load(ROOT / "topics" / "glossary.toml")


def member(
    i: int, day: int, org: str, text: str, probability: float = 0.9, region: str = "カナダ"
) -> Member:
    return Member(
        i,
        f"https://example.org/{i}",
        f"s{i}",
        org,
        f"Release {i}",
        text,
        "en",
        date(2024, 7, day),
        region,
        probability,
    )


TEXT = (
    "The association welcomed the consultation on flow-through shares for critical minerals exploration. "
    "It asked Ottawa to keep the Clean Technology Manufacturing Investment Tax Credit. "
    "Members invested 3 billion dollars in exploration last year. A fourth sentence closes it."
)


def stories(**override: object) -> list[StoryRows]:
    ov = Override(**override) if override else None  # type: ignore[arg-type]
    return [
        StoryRows(
            "s3", (member(3, 12, "MAC", TEXT, 0.99), member(4, 13, "Finance Canada", TEXT)), ov
        ),
        StoryRows(
            "s1",
            (
                member(
                    1,
                    2,
                    "NRCan",
                    "Canada announced a graphite plant in Quebec worth 20 million dollars.",
                ),
            ),
            None,
        ),
    ]


def edition(rows: list[StoryRows]):  # type: ignore[no-untyped-def]
    ordered = sorted(rows, key=lambda s: s.published)
    return build_edition(
        ordered,
        EditionSettings(),
        GLOSSARY,
        topic_label="レアアース",
        start=date(2024, 7, 1),
        end=date(2024, 7, 31),
        issued=date(2024, 8, 1),
    )


def test_one_row_per_story_numbered_by_date_with_every_source() -> None:
    built = edition(stories())
    assert [i.no for i in built.items] == [1, 2]
    assert built.items[0].published == date(2024, 7, 2)
    merged = built.items[1]
    assert [s.organisation for s in merged.sources] == ["MAC", "Finance Canada"]
    assert merged.untranslated and merged.title == "Release 3"
    assert built.cover is not None and built.cover.title == "海外標準化動向調査（8月）"
    assert built.pickups[0].related_no == 2  # the highest score


def test_glossary_footnotes_once_per_item() -> None:
    notes = [p.text for p in edition(stories()).items[1].summary if p.kind == "note"]
    assert (
        notes
        and notes[0].startswith("（※1）フロースルー株式")
        and any("CTM ITC" in n for n in notes)
    )
    assert len(notes) == len(set(notes))


def test_editor_overrides_win() -> None:
    built = edition(
        stories(
            title="鉱業協会、探鉱税制の維持を要請",
            summary=("要点一", "要点二"),
            region="カナダ/アメリカ",
            excluded=False,
            pickup=False,
        )
    )
    item = built.items[1]
    assert item.title == "鉱業協会、探鉱税制の維持を要請" and not item.untranslated
    assert [p.text for p in item.summary][:2] == [
        "• 要点一",
        "• 要点二",
    ] and item.region == "カナダ/アメリカ"
    excluded = edition(stories(title=None, summary=None, region=None, excluded=True, pickup=False))
    assert len(excluded.items) == 1
    chosen = edition(
        [
            *stories()[:1],
            StoryRows("s1", stories()[1].members, Override(None, None, None, False, True)),
        ]
    )
    assert chosen.pickups[0].related_no == 1


def test_empty_period_and_missing_settings_give_defaults_with_warnings(tmp_path: Path) -> None:
    loaded = load_edition_settings(tmp_path / "missing.toml")
    assert loaded.warnings and "defaults used" in loaded.warnings[0]
    built = build_edition(
        [],
        loaded.settings,
        Glossary.empty(),
        topic_label="レアアース",
        start=date(2024, 7, 1),
        end=date(2024, 7, 31),
        issued=date(2024, 8, 1),
        warnings=loaded.warnings,
    )
    assert built.items == () and any("no items" in w for w in built.warnings)
    files = write_all(paginate(built), tmp_path, "empty", ["html", "json"])
    assert "対象期間に該当する記事はありませんでした。" in files[0].read_text("utf-8")


def test_xlsx_and_json_agree(tmp_path: Path) -> None:
    pages = paginate(edition(stories()))
    xlsx, js = write_all(pages, tmp_path, "e", ["xlsx", "json"])
    document = json.loads(js.read_text("utf-8"))
    sheet = openpyxl.load_workbook(xlsx)["記事一覧"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == len(document["items"])
    for row, item in zip(rows, document["items"], strict=True):
        assert row[0] == item["no"] and row[1] == item["region"] and row[2] == item["title"]
        assert row[4].date().isoformat() == item["published"]
        assert row[5] == "\n".join(p["text"] for p in item["summary"])


@pytest.mark.parametrize("bad", ['[edition]\npickups = "many"\n', "[edition\n"])
def test_bad_edition_settings_name_the_file(tmp_path: Path, bad: str) -> None:
    from horizonscan.errors import ConfigError

    path = tmp_path / "e.toml"
    path.write_text(bad, "utf-8")
    with pytest.raises(ConfigError, match=r"e\.toml"):
        load_edition_settings(path)
