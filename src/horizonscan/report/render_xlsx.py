"""The edition as a workbook for reviewers: one row per item, one per pick-up, and the cover.

Unlike the slide renderers this one formats the edition model directly: a spreadsheet has
no pages, and its cells wrap by themselves. Dates are real date cells, URLs real links.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from horizonscan.report.model import Edition, Item, Pickup

ITEMS_SHEET = "記事一覧"
PICKUPS_SHEET = "ピックアップ"
COVER_SHEET = "表紙"
UNTRANSLATED_MARK = "○"
DATE_FORMAT = "yyyy/m/d"
# Excel does not follow a hyperlink longer than this; such a URL stays as plain text.
MAX_LINK_LENGTH = 2079

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")
LINK_FONT = Font(color="0563C1", underline="single")
THIN = Side(style="thin", color="A6A6A6")
GRID = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
TOP_WRAP = Alignment(vertical="top", wrap_text=True)
HEADER_ALIGN = Alignment(horizontal="center", vertical="center", wrap_text=True)


@dataclass(frozen=True)
class Column:
    title: str
    width: float


ITEM_COLUMNS = (
    Column("番号", 6),
    Column("地域・国", 12),
    Column("情報記事・タイトル", 40),
    Column("未翻訳", 7),
    Column("発行日", 11),
    Column("要旨", 80),
    Column("情報源（機関・団体名）", 28),
    Column("URL", 45),
    Column("その他のURL", 45),
    Column("ストーリー", 18),
    Column("確認事項", 30),
)
PICKUP_COLUMNS = (
    Column("関連ニュース番号", 10),
    Column("トピック", 40),
    Column("推進組織", 24),
    Column("ポイント", 60),
    Column("概要", 80),
    Column("背景", 60),
    Column("出所", 50),
    Column("出所URL", 50),
)
COVER_COLUMNS = (Column("項目", 14), Column("内容", 90))

Value = str | int | None


def render_xlsx(edition: Edition, path: Path) -> Path:
    """Write ``edition`` as an .xlsx at ``path``: 記事一覧, ピックアップ and (with a cover) 表紙."""
    workbook = Workbook()
    items = workbook.active
    assert isinstance(items, Worksheet)
    items.title = ITEMS_SHEET
    _items_sheet(items, edition.items)
    _pickups_sheet(workbook.create_sheet(PICKUPS_SHEET), edition.pickups)
    if edition.cover:
        cover = edition.cover
        _cover_sheet(
            workbook.create_sheet(COVER_SHEET),
            [
                ("表題", cover.title),
                ("事業名", cover.project),
                ("日付", cover.date_text),
                ("発行者", cover.issuer),
                ("宛先", cover.addressee),
                ("著作権表示", cover.copyright),
            ],
        )
    props = workbook.properties
    props.title = edition.cover.title if edition.cover else edition.detail_header
    props.subject = f"{edition.topic_label} {edition.edition_id}"
    props.creator = edition.cover.issuer if edition.cover else "horizonscan"
    props.keywords = f"{edition.topic_id}; {edition.edition_id}"
    props.language = "ja-JP"
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(str(path))
    return path


def _items_sheet(sheet: Worksheet, items: Sequence[Item]) -> None:
    _header(sheet, ITEM_COLUMNS)
    for row, item in enumerate(items, start=2):
        urls = [url for ref in item.sources for url in ref.urls]
        values: list[Value] = [
            item.no,
            item.region,
            item.title,
            UNTRANSLATED_MARK if item.untranslated else None,
            None,  # the date, below
            _lines(p.text for p in item.summary),
            _lines(ref.organisation for ref in item.sources),
            urls[0] if urls else None,
            _lines(urls[1:]),
            item.story,
            _lines(item.flags),
        ]
        _row(sheet, row, values)
        published = sheet.cell(row=row, column=5, value=item.published)
        published.number_format = DATE_FORMAT
        sheet.cell(row=row, column=1).alignment = Alignment(horizontal="center", vertical="top")
        sheet.cell(row=row, column=4).alignment = Alignment(horizontal="center", vertical="top")
        if urls:
            _link(sheet, row, 8, urls[0])
    _finish(sheet, ITEM_COLUMNS, len(items))


def _pickups_sheet(sheet: Worksheet, pickups: Sequence[Pickup]) -> None:
    _header(sheet, PICKUP_COLUMNS)
    for row, pickup in enumerate(pickups, start=2):
        values: list[Value] = [
            pickup.related_no,
            pickup.topic,
            pickup.organisation,
            _lines(pickup.points),
            _lines(pickup.overview),
            _lines(pickup.background),
            pickup.sources_line,
            _lines(pickup.source_urls),
        ]
        _row(sheet, row, values)
        if len(pickup.source_urls) == 1:
            _link(sheet, row, 8, pickup.source_urls[0])
    _finish(sheet, PICKUP_COLUMNS, len(pickups))


def _cover_sheet(sheet: Worksheet, fields: Sequence[tuple[str, str]]) -> None:
    _header(sheet, COVER_COLUMNS)
    for row, (label, text) in enumerate(fields, start=2):
        _row(sheet, row, [label, text])
        sheet.cell(row=row, column=1).font = HEADER_FONT
    _finish(sheet, COVER_COLUMNS, len(fields), filter_rows=False)


def _header(sheet: Worksheet, columns: Sequence[Column]) -> None:
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=index, value=column.title)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = HEADER_ALIGN
        cell.border = GRID
        sheet.column_dimensions[get_column_letter(index)].width = column.width


def _row(sheet: Worksheet, row: int, values: Sequence[Value]) -> None:
    for index, value in enumerate(values, start=1):
        cell = sheet.cell(row=row, column=index, value=_clean(value))
        cell.alignment = TOP_WRAP
        cell.border = GRID


def _link(sheet: Worksheet, row: int, column: int, url: str) -> None:
    if len(url) > MAX_LINK_LENGTH:
        return
    cell = sheet.cell(row=row, column=column)
    cell.hyperlink = url
    cell.font = LINK_FONT


def _finish(
    sheet: Worksheet, columns: Sequence[Column], rows: int, *, filter_rows: bool = True
) -> None:
    last = f"{get_column_letter(len(columns))}{rows + 1}"
    sheet.freeze_panes = "A2"
    if filter_rows:
        sheet.auto_filter.ref = f"A1:{last}"
    sheet.print_title_rows = "1:1"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def _lines(texts: Iterable[str]) -> str | None:
    return "\n".join(texts) or None


def _clean(value: Value) -> Value:
    """Cell text without the control characters the file format cannot hold."""
    return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value
