"""The workbook, reopened with openpyxl: one row per item with real dates and links, a frozen,
filterable header, the pick-ups and the cover."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from horizonscan.report.model import Edition, Item, SourceRef
from horizonscan.report.render_xlsx import (
    COVER_SHEET,
    ITEM_COLUMNS,
    ITEMS_SHEET,
    MAX_LINK_LENGTH,
    PICKUP_COLUMNS,
    PICKUPS_SHEET,
    render_xlsx,
)
from tests.report.test_render_pptx import LONG_URL, hand_edition, reference_edition


@pytest.fixture(params=["hand", "hand-without-cover", "reference"])
def edition(request: pytest.FixtureRequest) -> Edition:
    if request.param == "reference":
        return reference_edition()
    return hand_edition(cover=None) if request.param == "hand-without-cover" else hand_edition()


def written(edition: Edition, tmp_path: Path) -> Path:
    path = tmp_path / "out" / "edition.xlsx"
    assert render_xlsx(edition, path) == path
    return path


def sheet(path: Path, name: str) -> Worksheet:
    workbook = load_workbook(path)
    assert name in workbook.sheetnames
    ws = workbook[name]
    assert isinstance(ws, Worksheet)
    return ws


def urls(item: Item) -> list[str]:
    return [url for ref in item.sources for url in ref.urls]


def test_items_sheet_matches_the_edition(edition: Edition, tmp_path: Path) -> None:
    path = written(edition, tmp_path)
    workbook = load_workbook(path)
    expected = [ITEMS_SHEET, PICKUPS_SHEET] + ([COVER_SHEET] if edition.cover else [])
    assert workbook.sheetnames == expected
    ws = workbook[ITEMS_SHEET]
    assert ws.max_row == len(edition.items) + 1
    assert [c.value for c in ws[1]] == [c.title for c in ITEM_COLUMNS]
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == f"A1:K{len(edition.items) + 1}"
    assert all(c.font.b for c in ws[1])
    for row, item in zip(ws.iter_rows(min_row=2), edition.items, strict=True):
        no, region, title, untranslated, published, summary, orgs, url, more, story, flags = row
        assert no.value == item.no and region.value == item.region and title.value == item.title
        assert untranslated.value == ("○" if item.untranslated else None)
        assert isinstance(published.value, datetime)
        assert published.value.date() == item.published
        assert published.number_format == "yyyy/m/d"
        assert summary.value == "\n".join(p.text for p in item.summary)
        assert summary.alignment.wrap_text and summary.alignment.vertical == "top"
        assert orgs.value == "\n".join(ref.organisation for ref in item.sources)
        first, *others = urls(item)
        assert url.value == first and url.hyperlink is not None and url.hyperlink.target == first
        assert more.value == ("\n".join(others) if others else None)
        assert story.value == item.story
        assert flags.value == ("\n".join(item.flags) if item.flags else None)
    widths = {
        c.title: ws.column_dimensions[chr(ord("A") + i)].width for i, c in enumerate(ITEM_COLUMNS)
    }
    assert widths["要旨"] == 80 and widths["情報記事・タイトル"] == 40


def test_hand_edition_details(tmp_path: Path) -> None:
    edition = hand_edition()
    ws = sheet(written(edition, tmp_path), ITEMS_SHEET)
    assert ws["D3"].value == "○" and ws["D2"].value is None
    assert ws["H3"].hyperlink.target == LONG_URL and len(LONG_URL) == 400
    assert ws["I4"].value == (
        "https://www.canada.ca/en/natural-resources-canada/news/2024/07/b.html\n"
        "https://www.canada.ca/fin.html"
    )
    assert (
        ws["G4"].value
        == "Natural Resources Canada（カナダ天然資源省）\nDepartment of Finance Canada"
    )
    assert ws["K3"].value == "要確認: 施行日" and ws["J3"].value == "rare-earth-regulation"


def test_pickup_and_cover_sheets(edition: Edition, tmp_path: Path) -> None:
    path = written(edition, tmp_path)
    ws = sheet(path, PICKUPS_SHEET)
    assert [c.value for c in ws[1]] == [c.title for c in PICKUP_COLUMNS]
    assert ws.max_row == len(edition.pickups) + 1 and ws.freeze_panes == "A2"
    for row, pickup in zip(ws.iter_rows(min_row=2, values_only=True), edition.pickups, strict=True):
        assert row == (
            pickup.related_no,
            pickup.topic,
            pickup.organisation,
            "\n".join(pickup.points) or None,
            "\n".join(pickup.overview) or None,
            "\n".join(pickup.background) or None,
            pickup.sources_line,
            "\n".join(pickup.source_urls) or None,
        )
    if edition.cover is None:
        return
    cover = sheet(path, COVER_SHEET)
    values = [row[1] for row in cover.iter_rows(min_row=2, values_only=True)]
    c = edition.cover
    assert values == [c.title, c.project, c.date_text, c.issuer, c.addressee, c.copyright]
    assert load_workbook(path).properties.title == c.title


def test_overlong_url_is_kept_as_text(tmp_path: Path) -> None:
    edition = hand_edition()
    huge = "https://example.org/" + "a" * MAX_LINK_LENGTH
    item = replace(edition.items[2], sources=(SourceRef("Example", (huge,)),))
    edition = replace(edition, items=(*edition.items[:2], item))
    ws = sheet(written(edition, tmp_path), ITEMS_SHEET)
    assert ws["H4"].value == huge and ws["H4"].hyperlink is None
