"""The edition as an editable slide deck (16:9, 960 × 540 pt).

Every position, size and line break comes from ``layout.Pages``: this module only draws.
Each measured ``Line`` becomes its own paragraph with an exact line spacing, so PowerPoint
never re-wraps a cell and every row keeps the height pagination gave it. Tables are real
tables (editable in PowerPoint), and every run names Noto Sans CJK JP for its Latin, East
Asian and complex-script text, so no viewer falls back to a Chinese face.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from lxml import etree
from pptx import Presentation
from pptx.enum.shapes import MSO_CONNECTOR
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.oxml.xmlchemy import BaseOxmlElement, OxmlElement
from pptx.presentation import Presentation as PresentationType
from pptx.slide import Slide
from pptx.table import Table, _Cell
from pptx.text.text import TextFrame, _Paragraph
from pptx.util import Emu, Length

from horizonscan.report.fonts import FONT_FAMILY
from horizonscan.report.layout import (
    COLUMNS,
    PICKUP_LABELS,
    DetailPage,
    Geometry,
    Line,
    Pages,
    PickupPage,
    RowPart,
)
from horizonscan.report.model import Cover, Edition

DEFAULT_COPYRIGHT = "© Japanese Standards Association"
LANGUAGE = "ja-JP"
BLANK_LAYOUT = 6  # "Blank" in python-pptx's default template
# "No Style, Table Grid": thin black grid, no banding; explicit cell borders follow anyway,
# for viewers that do not know the built-in table styles.
TABLE_STYLE = "{5940675A-B579-460E-94D1-54222C63F5DA}"

# Colours as sRGB hex, written straight into the XML.
INK = "1A1A1A"
MUTED = "595959"
HEADER_FILL = "D9D9D9"
LABEL_FILL = "EEEEEE"
RULE = "7F7F7F"
BORDER_WIDTH = Emu(6350)  # 0.5 pt

# The pick-up table: a group column (内容), a label column, and the content. These widths
# match the ones ``layout.Paginator.pickup`` measured the content column with.
PICKUP_GROUP_WIDTH = 36.0
PICKUP_LABEL_WIDTH = 70.0
PICKUP_SOURCES_GAP = 6.0

# Children of a:rPr that must follow a:latin / a:ea / a:cs (CT_TextCharacterProperties).
_AFTER_FONTS = ("a:sym", "a:hlinkClick", "a:hlinkMouseOver", "a:rtl", "a:extLst")
# Children of a:tcPr that must follow the cell borders (CT_TableCellProperties).
_AFTER_BORDERS = (
    "a:lnTlToBr",
    "a:lnBlToTr",
    "a:cell3D",
    "a:noFill",
    "a:solidFill",
    "a:gradFill",
    "a:blipFill",
    "a:pattFill",
    "a:grpFill",
    "a:headers",
    "a:extLst",
)


def render_pptx(pages: Pages, path: Path) -> Path:
    """Write ``pages`` as a .pptx at ``path``: cover, pick-up pages, detail pages."""
    g = pages.geometry
    edition = pages.edition
    cover = edition.cover
    prs = Presentation()
    prs.slide_width = _pts(g.page_width)
    prs.slide_height = _pts(g.page_height)
    copyright_line = cover.copyright if cover else DEFAULT_COPYRIGHT

    if cover:
        _cover_slide(_new_slide(prs), cover, g)
    first_pickup = 1 + (1 if cover else 0)
    for offset, pickup in enumerate(pages.pickups):
        slide = _new_slide(prs)
        _pickup_slide(slide, pickup, g)
        _footer(slide, g, copyright_line, first_pickup + offset)
    for page in pages.details:
        slide = _new_slide(prs)
        _detail_slide(slide, page, pages.header_lines, g)
        _footer(slide, g, copyright_line, pages.first_detail_page + page.number - 1)

    _core_properties(prs, edition)
    path.parent.mkdir(parents=True, exist_ok=True)
    prs.save(str(path))
    return path


# -- slides ------------------------------------------------------------------------------


def _new_slide(prs: PresentationType) -> Slide:
    slide: Slide = prs.slides.add_slide(prs.slide_layouts[BLANK_LAYOUT])
    return slide


def _cover_slide(slide: Slide, cover: Cover, g: Geometry) -> None:
    """A sober cover letter: addressee upper left, title centred in the upper third under
    a thin rule, project name beneath, date and issuer lower right."""
    w, h = g.page_width, g.page_height
    side = 2 * g.margin_x
    inner = w - 2 * side

    _text(slide, side, 0.10 * h, inner * 0.6, 24, cover.addressee, size=14)
    _text(slide, side, 0.24 * h, inner, 48, cover.title, size=32, bold=True, align=PP_ALIGN.CENTER)
    rule_y = 0.24 * h + 58
    line = slide.shapes.add_connector(
        MSO_CONNECTOR.STRAIGHT, _pts(w * 0.2), _pts(rule_y), _pts(w * 0.8), _pts(rule_y)
    )
    _line_style(line._element.spPr, RULE, _pts(0.75))
    _text(
        slide,
        side,
        rule_y + 12,
        inner,
        44,
        cover.project,
        size=13,
        align=PP_ALIGN.CENTER,
        color=MUTED,
    )
    right_w = inner * 0.5
    right_x = w - side - right_w
    _text(slide, right_x, 0.72 * h, right_w, 22, cover.date_text, size=14, align=PP_ALIGN.RIGHT)
    _text(slide, right_x, 0.72 * h + 28, right_w, 26, cover.issuer, size=16, align=PP_ALIGN.RIGHT)


def _header(slide: Slide, text: str, g: Geometry) -> None:
    _text(
        slide,
        g.margin_x,
        g.header_top,
        g.table_width,
        g.header_size * 1.5,
        text,
        size=g.header_size,
        bold=True,
    )


def _detail_slide(
    slide: Slide, page: DetailPage, header_lines: Sequence[Sequence[Line]], g: Geometry
) -> None:
    _header(slide, page.header, g)
    header_height = max((len(c) for c in header_lines), default=1) * g.line + 2 * g.pad_y
    heights = [header_height, *(row.height for row in page.rows)]
    table = _table(slide, g, g.margin_x, g.table_top, g.columns, heights)
    for col, lines in enumerate(header_lines):
        cell = table.cell(0, col)
        _cell(cell, g, fill=HEADER_FILL, anchor=MSO_ANCHOR.MIDDLE)
        _write_lines(
            cell.text_frame,
            lines,
            size=g.font_size,
            spacing=g.line,
            bold=True,
            align=PP_ALIGN.CENTER,
        )
    for r, row in enumerate(page.rows, start=1):
        for col, lines in enumerate(_row_cells(row)):
            cell = table.cell(r, col)
            _cell(cell, g)
            align = PP_ALIGN.CENTER if col == 0 else PP_ALIGN.LEFT
            _write_lines(cell.text_frame, lines, size=g.font_size, spacing=g.line, align=align)


def _row_cells(row: RowPart) -> tuple[tuple[Line, ...], ...]:
    """The six cells of a row, in ``COLUMNS`` order."""
    published = (Line(row.published),) if row.published else ()
    cells = (
        (Line(str(row.item_no)),),
        row.region,
        row.title,
        published,
        row.summary,
        row.sources,
    )
    assert len(cells) == len(COLUMNS)
    return cells


def _pickup_slide(slide: Slide, page: PickupPage, g: Geometry) -> None:
    """トピック on its own row; 内容 as a group label spanning 推進組織 / ポイント / 概要 / 背景."""
    _header(slide, page.header, g)
    size = page.font_size
    spacing = size * g.line_height
    by_label = dict(page.cells)
    topic, group, *members = PICKUP_LABELS
    labels = [topic, *members]

    def height(lines: Sequence[Line]) -> float:
        return max(len(lines), 1) * spacing + 2 * g.pad_y

    heights = [height(by_label.get(label, ())) for label in labels]
    content_width = g.table_width - PICKUP_GROUP_WIDTH - PICKUP_LABEL_WIDTH
    widths = (PICKUP_GROUP_WIDTH, PICKUP_LABEL_WIDTH, content_width)
    table = _table(slide, g, g.margin_x, g.table_top, widths, heights)

    table.cell(0, 0).merge(table.cell(0, 1))
    table.cell(1, 0).merge(table.cell(len(labels) - 1, 0))
    for r, label in enumerate(labels):
        label_cell = table.cell(r, 0) if r == 0 else table.cell(r, 1)
        for cell in (table.cell(r, 0), table.cell(r, 1)):
            _cell(cell, g, fill=LABEL_FILL, anchor=MSO_ANCHOR.MIDDLE)
        _write_lines(
            label_cell.text_frame,
            (Line(label),),
            size=size,
            spacing=spacing,
            bold=True,
            align=PP_ALIGN.CENTER,
        )
        content = table.cell(r, 2)
        _cell(content, g)
        _write_lines(content.text_frame, by_label.get(label, ()), size=size, spacing=spacing)
    group_cell = table.cell(1, 0)
    _write_lines(
        group_cell.text_frame,
        (Line(group),),
        size=size,
        spacing=spacing,
        bold=True,
        align=PP_ALIGN.CENTER,
    )

    if page.sources:
        source_size = size - 1
        source_spacing = source_size * g.line_height
        top = g.table_top + sum(heights) + PICKUP_SOURCES_GAP
        frame = _textbox(
            slide, g.margin_x, top, g.table_width, len(page.sources) * source_spacing + 2
        )
        _write_lines(frame, page.sources, size=source_size, spacing=source_spacing, color=MUTED)


def _footer(slide: Slide, g: Geometry, copyright_line: str, number: int) -> None:
    height = g.footer_size * 1.6
    _text(
        slide,
        g.margin_x,
        g.footer_y,
        g.table_width * 0.7,
        height,
        copyright_line,
        size=g.footer_size,
        color=MUTED,
    )
    width = 60.0
    _text(
        slide,
        g.page_width - g.margin_x - width,
        g.footer_y,
        width,
        height,
        str(number),
        size=g.footer_size,
        align=PP_ALIGN.RIGHT,
        color=MUTED,
    )


def _core_properties(prs: PresentationType, edition: Edition) -> None:
    props = prs.core_properties
    cover = edition.cover
    props.title = cover.title if cover else edition.detail_header
    props.subject = f"{edition.topic_label} {edition.edition_id}"
    props.author = cover.issuer if cover else "horizonscan"
    props.last_modified_by = "horizonscan"
    props.keywords = f"{edition.topic_id}; {edition.edition_id}"
    props.language = LANGUAGE
    props.revision = 1


# -- tables ------------------------------------------------------------------------------


def _table(
    slide: Slide,
    g: Geometry,
    left: float,
    top: float,
    widths: Sequence[float],
    heights: Sequence[float],
) -> Table:
    frame = slide.shapes.add_table(
        len(heights), len(widths), _pts(left), _pts(top), _pts(sum(widths)), _pts(sum(heights))
    )
    table = frame.table
    table.first_row = True
    table.horz_banding = False
    table.vert_banding = False
    tbl_pr = table._tbl.get_or_add_tblPr()
    style = tbl_pr.find(qn("a:tableStyleId"))
    if style is None:
        style = etree.SubElement(tbl_pr, qn("a:tableStyleId"))
    style.text = TABLE_STYLE
    for index, width in enumerate(widths):
        table.columns[index].width = _pts(width)
    for index, height in enumerate(heights):
        table.rows[index].height = _pts(height)
    return table


def _cell(
    cell: _Cell,
    g: Geometry,
    *,
    fill: str | None = None,
    anchor: MSO_ANCHOR = MSO_ANCHOR.TOP,
) -> None:
    cell.margin_left = cell.margin_right = _pts(g.pad_x)
    cell.margin_top = cell.margin_bottom = _pts(g.pad_y)
    cell.vertical_anchor = anchor
    cell.text_frame.word_wrap = True
    tc_pr = cell._tc.get_or_add_tcPr()
    _remove(tc_pr, "a:lnL", "a:lnR", "a:lnT", "a:lnB", *_AFTER_BORDERS[3:9])
    for side in ("a:lnL", "a:lnR", "a:lnT", "a:lnB"):
        tc_pr.insert_element_before(_border(side), *_AFTER_BORDERS)
    tc_pr.insert_element_before(
        _solid(fill) if fill else OxmlElement("a:noFill"), "a:headers", "a:extLst"
    )


def _border(tag: str) -> BaseOxmlElement:
    ln = _element(tag, w=str(BORDER_WIDTH), cap="flat", cmpd="sng", algn="ctr")
    ln.append(_solid(RULE))
    ln.append(_element("a:prstDash", val="solid"))
    return ln


def _line_style(sp_pr: BaseOxmlElement, color: str, width: Length) -> None:
    ln = sp_pr.find(qn("a:ln"))
    if ln is None:
        ln = _element("a:ln")
        sp_pr.append(ln)
    ln.set("w", str(width))
    _remove(ln, "a:noFill", "a:solidFill", "a:gradFill", "a:pattFill")
    ln.insert(0, _solid(color))


# -- text --------------------------------------------------------------------------------


def _textbox(slide: Slide, left: float, top: float, width: float, height: float) -> TextFrame:
    box = slide.shapes.add_textbox(_pts(left), _pts(top), _pts(width), _pts(height))
    frame: TextFrame = box.text_frame
    frame.margin_left = frame.margin_right = frame.margin_top = frame.margin_bottom = Emu(0)
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    frame.vertical_anchor = MSO_ANCHOR.TOP
    return frame


def _text(
    slide: Slide,
    left: float,
    top: float,
    width: float,
    height: float,
    text: str,
    *,
    size: float,
    bold: bool = False,
    align: PP_ALIGN = PP_ALIGN.LEFT,
    color: str = INK,
) -> None:
    """A free text box holding one paragraph (its own line spacing is left to the viewer)."""
    frame = _textbox(slide, left, top, width, height)
    paragraph = frame.paragraphs[0]
    paragraph.alignment = align
    run = paragraph.add_run()
    run.text = text
    _font(run.font._rPr, size=size, bold=bold, color=color)


def _write_lines(
    frame: TextFrame,
    lines: Sequence[Line],
    *,
    size: float,
    spacing: float,
    bold: bool = False,
    align: PP_ALIGN = PP_ALIGN.LEFT,
    color: str = INK,
) -> None:
    """One paragraph per measured line, exact line spacing, the line's indent as left margin;
    a line that is (part of) a URL links to the whole URL."""
    paragraphs: list[_Paragraph] = [frame.paragraphs[0]]
    paragraphs += [_Paragraph(frame._txBody.add_p(), frame) for _ in lines[1:]]
    for paragraph, line in zip(paragraphs, lines or (Line(""),), strict=True):
        paragraph.alignment = align
        paragraph.line_spacing = _pts(spacing)
        paragraph.space_before = Emu(0)
        paragraph.space_after = Emu(0)
        p_pr = paragraph._p.get_or_add_pPr()
        p_pr.set("marL", str(int(_pts(line.indent))))
        p_pr.set("indent", "0")
        if line.text:
            run = paragraph.add_run()
            run.text = line.text
            _font(run.font._rPr, size=size, bold=bold, color=color)
            if line.url:
                run.hyperlink.address = line.url
        # an empty paragraph takes its height from its end mark
        _font(paragraph._p.get_or_add_endParaRPr(), size=size, bold=bold, color=color)


def _font(r_pr: BaseOxmlElement, *, size: float, bold: bool, color: str) -> None:
    """Size, weight, colour, language and the three typefaces of one run's properties."""
    r_pr.set("lang", LANGUAGE)
    r_pr.set("altLang", "en-US")
    r_pr.set("sz", str(round(size * 100)))
    r_pr.set("b", "1" if bold else "0")
    _remove(r_pr, "a:noFill", "a:solidFill", "a:latin", "a:ea", "a:cs")
    r_pr.insert_element_before(
        _solid(color),
        "a:effectLst",
        "a:effectDag",
        "a:highlight",
        "a:uLnTx",
        "a:uLn",
        "a:uFillTx",
        "a:uFill",
        "a:latin",
        "a:ea",
        "a:cs",
        *_AFTER_FONTS,
    )
    for tag in ("a:latin", "a:ea", "a:cs"):
        r_pr.insert_element_before(_element(tag, typeface=FONT_FAMILY), *_AFTER_FONTS)


def _element(tag: str, **attributes: str) -> BaseOxmlElement:
    element = OxmlElement(tag)
    for name, value in attributes.items():
        element.set(name, value)
    return element


def _solid(color: str) -> BaseOxmlElement:
    solid = _element("a:solidFill")
    solid.append(_element("a:srgbClr", val=color))
    return solid


def _remove(parent: BaseOxmlElement, *tags: str) -> None:
    for tag in tags:
        for child in parent.findall(qn(tag)):
            parent.remove(child)


def _pts(points: float) -> Length:
    """Points as EMU, rounded rather than truncated (python-pptx's ``Pt`` truncates)."""
    return Emu(round(points * 12700))
