"""Pages of an edition, computed once from measured text and shared by every renderer.

Geometry is a 16:9 slide (960 × 540 pt). Every cell's text is broken into lines by the
metrics of the font that will draw it, so no renderer re-wraps anything: a row that does not
fit the rest of a page continues on the next under a （続き） row (only its 要旨 continues;
title, date, organisation and URLs stay on the first part), and no cell ever overflows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import partial

from horizonscan.report.fonts import FontMetrics, load_metrics
from horizonscan.report.linebreak import wrap
from horizonscan.report.model import Edition, Item, Para, Pickup

CONTINUED = "（続き）"
_CJK = "\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff"
SCRIPT_BOUNDARY = re.compile(f"(?<=[{_CJK}])(?=[A-Za-z0-9])|(?<=[A-Za-z0-9])(?=[{_CJK}])")
COLUMNS = (
    "番号",
    "地域・国",
    "情報記事・タイトル",
    "発行日",
    "要旨",
    "情報源（機関・団体名／URL）",
)
PICKUP_LABELS = ("トピック", "内容", "推進組織", "ポイント", "概要", "背景")
INDENT = {
    "bullet": 1.0,
    "sub": 2.0,
    "numbered": 1.5,
    "list": 1.0,
    "note": 0.0,
    "plain": 0.0,
    "heading": 0.0,
}
LEFT = {"sub": 1.0}


@dataclass(frozen=True)
class Geometry:
    page_width: float = 960.0
    page_height: float = 540.0
    margin_x: float = 24.0
    header_top: float = 18.0
    header_size: float = 16.0
    table_top: float = 52.0
    table_bottom: float = 500.0
    footer_y: float = 514.0
    footer_size: float = 7.5
    font_size: float = 10.0
    line_height: float = 1.35
    pad_x: float = 4.0
    pad_y: float = 3.0
    columns: tuple[float, ...] = (30.0, 62.0, 150.0, 66.0, 414.0, 190.0)
    min_split_lines: int = 6  # neither part of a split 要旨 may be shorter than this

    @property
    def line(self) -> float:
        return self.font_size * self.line_height

    @property
    def table_width(self) -> float:
        return sum(self.columns)


@dataclass(frozen=True)
class Line:
    text: str
    indent: float = 0.0  # pt from the cell's inner left edge
    url: str | None = None  # the whole URL when this line is (part of) a link


@dataclass(frozen=True)
class RowPart:
    item_no: int
    continued: bool
    region: tuple[Line, ...]
    title: tuple[Line, ...]
    published: str
    summary: tuple[Line, ...]
    sources: tuple[Line, ...]
    height: float


@dataclass(frozen=True)
class DetailPage:
    number: int
    total: int
    header: str
    rows: tuple[RowPart, ...]


@dataclass(frozen=True)
class PickupPage:
    header: str
    related_no: int
    cells: tuple[
        tuple[str, tuple[Line, ...]], ...
    ]  # (label, lines) in PICKUP_LABELS order, 内容 empty
    sources: tuple[Line, ...]
    font_size: float
    continued: bool = False


@dataclass(frozen=True)
class Pages:
    edition: Edition
    geometry: Geometry
    pickups: tuple[PickupPage, ...]
    details: tuple[DetailPage, ...]
    header_lines: tuple[tuple[Line, ...], ...]
    header_height: float = 0.0
    warnings: tuple[str, ...] = field(default=())

    @property
    def first_detail_page(self) -> int:
        """Physical page number of detail page 1 (cover and pick-ups come first)."""
        return 1 + (1 if self.edition.cover else 0) + len(self.pickups)

    @property
    def total(self) -> int:
        return self.first_detail_page - 1 + len(self.details)


def date_text(item: Item) -> str:
    return f"{item.published.year}/{item.published.month}/{item.published.day}"


class Paginator:
    def __init__(
        self,
        geometry: Geometry | None = None,
        metrics: FontMetrics | None = None,
        bold: FontMetrics | None = None,
    ) -> None:
        self.g = geometry or Geometry()
        self.metrics = metrics or load_metrics("regular")
        self.bold = bold or load_metrics("bold")
        self.warnings: list[str] = []

    def measure(self, size: float, text: str) -> float:
        """Width as the strictest renderer draws it: Japanese layout (PowerPoint, LibreOffice)
        puts a quarter em between Japanese and Latin letters or digits; a little slack on top
        absorbs shaping differences."""
        boundaries = len(SCRIPT_BOUNDARY.findall(text))
        return (self.metrics.width(text, size) + boundaries * 0.25 * size) * 1.02

    def inner(self, column: int) -> float:
        return self.g.columns[column] - 2 * self.g.pad_x

    def lines(self, text: str, column: int, *, size: float | None = None) -> tuple[Line, ...]:
        return tuple(
            Line(t)
            for t in wrap(text, self.inner(column), partial(self.measure, size or self.g.font_size))
        )

    def para_lines(self, para: Para, width: float, size: float) -> list[Line]:
        em = size
        left = LEFT.get(para.kind, 0.0) * em
        hang = (
            left + INDENT.get(para.kind, 0.0) * em
            if para.text.startswith(("• ", "・")) or para.kind in ("numbered",)
            else left
        )
        measure = partial(self.measure, size)
        lines = wrap(para.text, width - left, measure, hang=hang - left) or [""]
        return [Line(lines[0], left)] + [Line(t, hang) for t in lines[1:]]

    def summary_lines(self, item: Item) -> list[Line]:
        out: list[Line] = []
        for para in item.summary:
            out += self.para_lines(para, self.inner(4), self.g.font_size)
        return out

    def source_lines(self, item: Item) -> list[Line]:
        out: list[Line] = []
        measure = partial(self.measure, self.g.font_size)
        for ref in item.sources:
            out += [Line(t) for t in wrap(ref.organisation, self.inner(5), measure)]
            for url in ref.urls:
                out += [Line(t, url=url) for t in wrap(url, self.inner(5), measure)]
        return out

    def height(self, n_lines: int) -> float:
        return n_lines * self.g.line + 2 * self.g.pad_y

    def check_glyphs(self, item: Item) -> None:
        texts = [
            item.region,
            item.title,
            *(p.text for p in item.summary),
            *(s.organisation for s in item.sources),
        ]
        missing = set().union(*(self.metrics.missing(t) for t in texts))
        if missing:
            shown = " ".join(f"{c} (U+{ord(c):04X})" for c in sorted(missing))
            self.warnings.append(
                f"item {item.no}: characters outside the font {self.metrics.family}: {shown}"
            )

    def details(self, edition: Edition) -> list[list[RowPart]]:
        g = self.g
        room_total = g.table_bottom - g.table_top - self.header_height()
        pages: list[list[RowPart]] = [[]]
        used = 0.0
        for item in edition.items:
            self.check_glyphs(item)
            region = self.lines(item.region, 1)
            title = self.lines(item.title + ("（未翻訳）" if item.untranslated else ""), 2)
            sources = tuple(self.source_lines(item))
            summary = self.summary_lines(item)
            fixed = max(len(region), len(title), 1, len(sources))
            continued = False
            while True:
                room = room_total - used
                need = self.height(max(fixed, len(summary)))
                if need <= room:
                    pages[-1].append(
                        RowPart(
                            item.no,
                            continued,
                            region,
                            title,
                            "" if continued else date_text(item),
                            tuple(summary),
                            sources,
                            need,
                        )
                    )
                    used += need
                    break
                fits = int((room - 2 * g.pad_y) // g.line)
                whole_page = int((room_total - 2 * g.pad_y) // g.line)
                must = max(fixed, len(summary)) > whole_page  # will not fit even an empty page
                can_split = (
                    fits >= max(fixed, g.min_split_lines)
                    and len(summary) > fits
                    and (must or len(summary) - fits >= g.min_split_lines)
                )
                if can_split:
                    part = RowPart(
                        item.no,
                        continued,
                        region,
                        title,
                        "" if continued else date_text(item),
                        tuple(summary[:fits]),
                        sources,
                        self.height(fits),
                    )
                    pages[-1].append(part)
                    summary = summary[fits:]
                    region, title, sources, fixed = (Line(CONTINUED),), (), (), 1
                    continued = True
                if pages[-1]:
                    pages.append([])
                    used = 0.0
                    continue
                # an empty page and still no room: the fixed cells alone exceed a page
                fixed_lines = max(fixed, 1)
                if fixed_lines * g.line > room_total:
                    self.warnings.append(
                        f"item {item.no}: its title or sources do not fit one page; cut"
                    )
                    keep = int((room_total - 2 * g.pad_y) // g.line)
                    region, title, sources = region[:keep], title[:keep], sources[:keep]
                    fixed = min(fixed, keep)
                    continue
                pages[-1].append(
                    RowPart(
                        item.no,
                        continued,
                        region,
                        title,
                        "",
                        tuple(summary[:fits]),
                        sources,
                        self.height(fits),
                    )
                )
                summary = summary[fits:]
                pages.append([])
                used = 0.0
                continued = True
        return [p for p in pages if p] or [[]]

    def header_height(self) -> float:
        return self.height(max(len(self.header_cells()[i]) for i in range(6)))

    def header_cells(self) -> tuple[tuple[Line, ...], ...]:
        """Column headers, measured with the bold face they are drawn in."""
        measure = partial(lambda size, text: self.bold.width(text, size) * 1.02, self.g.font_size)
        return tuple(
            tuple(Line(t) for t in wrap(name, self.inner(i), measure))
            for i, name in enumerate(COLUMNS)
        )

    def pickup(self, edition: Edition, pickup: Pickup) -> list[PickupPage]:
        g = self.g
        label_width, group_width = 70.0, 36.0
        content = g.table_width - label_width - group_width - 2 * g.pad_x
        available = g.table_bottom - g.table_top - 30.0  # the 出所 line sits below
        texts = {
            "トピック": [pickup.topic],
            "推進組織": [pickup.organisation],
            "ポイント": list(pickup.points),
            "概要": list(pickup.overview),
            "背景": list(pickup.background),
        }
        for size in (
            g.font_size + 1,
            g.font_size,
            g.font_size - 0.5,
            g.font_size - 1.0,
            g.font_size - 1.5,
        ):
            cells = []
            total = 0.0
            for label in PICKUP_LABELS:
                lines: list[Line] = []
                for text in texts.get(label, []):
                    kind = (
                        "bullet"
                        if text.startswith("• ")
                        else "numbered"
                        if text[:1].isdigit()
                        else "plain"
                    )
                    lines += self.para_lines(Para(kind, text), content, size)  # type: ignore[arg-type]
                cells.append((label, tuple(lines)))
                total += len(lines) * size * g.line_height + 2 * g.pad_y if lines else 0
            if total <= available:
                break
        sources = tuple(
            Line(t)
            for t in wrap(pickup.sources_line, g.table_width, partial(self.measure, size - 1))
        )
        if total > available:
            self.warnings.append(
                f"pick-up {pickup.related_no}: text exceeds one page even at {size:g} pt"
            )
        return [
            PickupPage(
                edition.pickup_header(pickup), pickup.related_no, tuple(cells), sources, size
            )
        ]


def paginate(edition: Edition, geometry: Geometry | None = None) -> Pages:
    paginator = Paginator(geometry)
    detail_rows = paginator.details(edition)
    total = len(detail_rows)
    details = tuple(
        DetailPage(n, total, f"{edition.detail_header}（{n}/{total}）", tuple(rows))
        for n, rows in enumerate(detail_rows, start=1)
    )
    pickups = tuple(page for p in edition.pickups for page in paginator.pickup(edition, p))
    return Pages(
        edition,
        paginator.g,
        pickups,
        details,
        paginator.header_cells(),
        paginator.header_height(),
        tuple(edition.warnings) + tuple(paginator.warnings),
    )
