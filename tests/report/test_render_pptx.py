"""The slide deck, reopened with python-pptx: one slide per page, real tables whose cells
hold exactly the measured lines, links, fonts for Latin and East Asian text, page numbers."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.oxml.ns import qn
from pptx.shapes.autoshape import Shape
from pptx.shapes.graphfrm import GraphicFrame
from pptx.slide import Slide
from pptx.table import Table
from pptx.util import Emu, Pt

from horizonscan.report.fonts import FONT_FAMILY
from horizonscan.report.layout import COLUMNS, CONTINUED, Line, Pages, paginate
from horizonscan.report.model import Cover, Edition, Item, Para, Pickup, SourceRef
from horizonscan.report.reference import load_reference
from horizonscan.report.render_pptx import DEFAULT_COPYRIGHT, render_pptx

SEED = Path(__file__).resolve().parents[3] / "shared" / "seed" / "reference-items.jsonl"
LONG_URL = "https://www.meti.go.jp/press/2024/12/20241220001/" + "rare-earth-supply-" * 20
LONG_URL = LONG_URL[:399] + "x"
COVER = Cover(
    title="海外標準化動向調査（12月）",
    project="令和６年度エネルギー需給構造高度化基準認証推進事業費（我が国の国際標準化戦略を強化するための体制構築）",
    date_text="2024年12月1日",
    issuer="一般財団法人日本規格協会",
    addressee="経済産業省 基準認証政策課 御中",
    copyright="© 2024 Japanese Standards Association. All Rights Reserved.",
)


def hand_edition(*, cover: Cover | None = COVER) -> Edition:
    """A small edition written by hand: a summary long enough to continue on a second page,
    a 400-character URL, several organisations and paragraph kinds, a pick-up and a cover."""
    sentence = (
        "中国政府は希土類の採掘、製錬、分離及び流通に関する管理規制を公布し、"
        "サプライチェーン全体のトレーサビリティ（追跡可能性）を強化する方針を示した。"
    )
    bullets = (Para("bullet", f"• {sentence * 3}") for _ in range(12))
    long_summary = (*bullets, Para("plain", "など。"))
    return Edition(
        edition_id="2024-12",
        topic_id="rare-earths",
        topic_label="レアアース",
        period_start=date(2024, 11, 1),
        period_end=date(2024, 11, 30),
        cover=cover,
        pickups=(
            Pickup(
                related_no=2,
                topic="中国政府が希土類の管理に関する規制を発表した（2024年10月1日施行）",
                organisation="国務院工業情報化部ほか",
                points=(
                    "• 規制は希土類産業の質の高い発展を促進し、違法行為に対する処罰を定める。",
                ),
                overview=(
                    "• 中国政府が発表した規制の要点は以下の３点である。",
                    "1. 希土類資源は国家の財産である。",
                    "2. 管理責任は国と地方の特定の当局に割り当てられる。",
                    "3. 標準化とトレーサビリティのための新たなプロセスが導入される。",
                ),
                background=("• 中国の希土類産業は国営企業（SOE）によって管理されている。",),
                sources_line="出所:中国政府 https://english.www.gov.cn/policies/ などの公開情報等に基づきJSAグループ作成",
                source_urls=("https://english.www.gov.cn/policies/",),
            ),
        ),
        items=(
            Item(
                no=1,
                region="国際",
                title="ISO/TC298（希土類）、ISO/TC333（リチウム）で開発される規格リスト",
                published=date(2024, 11, 20),
                summary=long_summary,
                sources=(
                    SourceRef(
                        "ISO（International Organization for Standardization、国際標準化機構）",
                        ("https://www.iso.org/committee/5902483.html",),
                    ),
                ),
            ),
            Item(
                no=2,
                region="中国",
                title="Regulations on the Administration of Rare Earths",
                published=date(2024, 6, 29),
                summary=(
                    Para("plain", "国務院は希土類管理条例を公布した。"),
                    Para("numbered", "1. 採掘と製錬の総量を管理する。"),
                    Para("sub", "輸出入の監督を強化する。"),
                    Para("note", "（※）SOE︓国有企業"),
                ),
                sources=(SourceRef("中華人民共和国国務院", (LONG_URL,)),),
                untranslated=True,
                story="rare-earth-regulation",
                flags=("要確認: 施行日",),
            ),
            Item(
                no=3,
                region="カナダ",
                title="重要鉱物インフラ基金の第2次募集を開始",
                published=date(2024, 7, 9),
                summary=(
                    Para("plain", "カナダ天然資源省は重要鉱物インフラ基金の募集を開始した。"),
                ),
                sources=(
                    SourceRef(
                        "Natural Resources Canada（カナダ天然資源省）",
                        (
                            "https://www.canada.ca/en/natural-resources-canada/news/2024/07/a.html",
                            "https://www.canada.ca/en/natural-resources-canada/news/2024/07/b.html",
                        ),
                    ),
                    SourceRef("Department of Finance Canada", ("https://www.canada.ca/fin.html",)),
                ),
            ),
        ),
    )


def reference_edition() -> Edition:
    if not SEED.is_file():
        pytest.skip(f"{SEED} not found")
    return load_reference(SEED, "2025-01")


@pytest.fixture(scope="module", params=["hand", "hand-without-cover", "reference"])
def deck(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Pages, Path]:
    edition = {
        "hand": hand_edition,
        "hand-without-cover": lambda: hand_edition(cover=None),
        "reference": reference_edition,
    }[request.param]()
    pages = paginate(edition)
    path = tmp_path_factory.mktemp("pptx") / "edition.pptx"
    assert render_pptx(pages, path) == path
    return pages, path


def texts(lines: tuple[Line, ...]) -> str:
    return "\n".join(line.text for line in lines)


def only_table(slide: Slide) -> Table:
    tables = [s.table for s in slide.shapes if isinstance(s, GraphicFrame) and s.has_table]
    assert len(tables) == 1
    return tables[0]


def widths(table: Table) -> list[float]:
    return [Emu(table.columns[i].width).pt for i in range(len(table.columns))]


def detail_slides(pages: Pages, path: Path) -> list[Slide]:
    slides = list(Presentation(str(path)).slides)
    return slides[pages.first_detail_page - 1 :]


def slide_texts(slide: Slide) -> list[str]:
    return [shape.text_frame.text for shape in slide.shapes if isinstance(shape, Shape)]


def test_one_slide_per_page_in_order(deck: tuple[Pages, Path]) -> None:
    pages, path = deck
    prs = Presentation(str(path))
    cover = pages.edition.cover
    assert len(prs.slides) == (1 if cover else 0) + len(pages.pickups) + len(pages.details)
    assert (prs.slide_width, prs.slide_height) == (Pt(960), Pt(540))
    assert prs.core_properties.title == (cover.title if cover else pages.edition.detail_header)
    slides = list(prs.slides)
    if cover:
        shown = slide_texts(slides[0])
        for text in (cover.title, cover.project, cover.date_text, cover.issuer, cover.addressee):
            assert text in shown
        assert not any(shape.has_table for shape in slides[0].shapes)


def test_detail_tables_hold_the_measured_lines(deck: tuple[Pages, Path]) -> None:
    pages, path = deck
    g = pages.geometry
    slides = detail_slides(pages, path)
    assert len(slides) == len(pages.details)
    total = len(pages.details)
    for slide, page in zip(slides, pages.details, strict=True):
        assert f"（{page.number}/{total}）" in slide_texts(slide)[0] == page.header
        table = only_table(slide)
        assert len(table.columns) == len(COLUMNS) and len(table.rows) == len(page.rows) + 1
        assert [c.text for c in table.rows[0].cells] == [texts(h) for h in pages.header_lines]
        assert ["".join(line.text for line in h) for h in pages.header_lines] == list(COLUMNS)
        for row, part in zip(list(table.rows)[1:], page.rows, strict=True):
            assert [c.text for c in row.cells] == [
                str(part.item_no),
                texts(part.region),
                texts(part.title),
                part.published,
                texts(part.summary),
                texts(part.sources),
            ]
            assert abs(Emu(row.height).pt - part.height) < 0.01
        assert abs(sum(widths(table)) - g.table_width) <= 1
        for shown, width in zip(widths(table), g.columns, strict=True):
            assert abs(shown - width) < 0.01


def test_cells_keep_geometry_indents_and_spacing(deck: tuple[Pages, Path]) -> None:
    pages, path = deck
    g = pages.geometry
    for slide, page in zip(detail_slides(pages, path), pages.details, strict=True):
        table = only_table(slide)
        for row, part in zip(list(table.rows)[1:], page.rows, strict=True):
            cell = row.cells[4]
            assert abs(Emu(cell.margin_left).pt - g.pad_x) < 0.01
            assert abs(Emu(cell.margin_top).pt - g.pad_y) < 0.01
            assert cell.vertical_anchor is not None and cell.vertical_anchor.name == "TOP"
            for paragraph, line in zip(cell.text_frame.paragraphs, part.summary, strict=True):
                assert abs(Emu(paragraph.line_spacing).pt - g.line) < 0.01
                p_pr = paragraph._p.pPr
                assert p_pr is not None and int(p_pr.get("marL")) == round(line.indent * 12700)
                for run in paragraph.runs:
                    assert run.font.size is not None and abs(run.font.size.pt - g.font_size) < 0.01


def test_every_table_run_names_the_japanese_face(deck: tuple[Pages, Path]) -> None:
    _, path = deck
    runs = 0
    for slide in Presentation(str(path)).slides:
        for shape in slide.shapes:
            if not (isinstance(shape, GraphicFrame) and shape.has_table):
                continue
            for row in shape.table.rows:
                for cell in row.cells:
                    for paragraph in cell.text_frame.paragraphs:
                        for run in paragraph.runs:
                            r_pr = run._r.rPr
                            assert r_pr is not None
                            for tag in ("a:latin", "a:ea", "a:cs"):
                                face = r_pr.find(qn(tag))
                                assert face is not None and face.get("typeface") == FONT_FAMILY
                            runs += 1
    assert runs > 0


def test_url_lines_link_to_the_whole_url(deck: tuple[Pages, Path]) -> None:
    pages, path = deck
    links = 0
    for slide, page in zip(detail_slides(pages, path), pages.details, strict=True):
        table = only_table(slide)
        for row, part in zip(list(table.rows)[1:], page.rows, strict=True):
            if not part.sources:
                assert row.cells[5].text == ""
                continue
            paragraphs = row.cells[5].text_frame.paragraphs
            for paragraph, line in zip(paragraphs, part.sources, strict=True):
                addresses = {run.hyperlink.address for run in paragraph.runs}
                assert addresses == ({line.url} if line.url else {None})
                links += bool(line.url)
    assert links > 0


def test_long_url_and_continued_row(tmp_path: Path) -> None:
    pages = paginate(hand_edition())
    path = render_pptx(pages, tmp_path / "hand.pptx")
    slides = detail_slides(pages, path)
    continued = [
        (slide, index)
        for slide, page in zip(slides, pages.details, strict=True)
        for index, part in enumerate(page.rows, start=1)
        if part.continued
    ]
    assert continued, "item 1 should continue on a second page"
    for slide, index in continued:
        cells = only_table(slide).rows[index].cells
        assert cells[0].text == "1" and cells[1].text == CONTINUED
        assert cells[2].text == cells[3].text == cells[5].text == ""
    long_lines = [
        line
        for page in pages.details
        for part in page.rows
        for line in part.sources
        if line.url == LONG_URL
    ]
    assert len(long_lines) > 1  # broken into several lines, every one linking the whole URL
    assert "".join(line.text for line in long_lines) == LONG_URL
    found = [
        run.text
        for slide in slides
        for row in list(only_table(slide).rows)[1:]
        for paragraph in row.cells[5].text_frame.paragraphs
        for run in paragraph.runs
        if run.hyperlink.address == LONG_URL
    ]
    assert "".join(found) == LONG_URL


def test_pickup_slide_is_a_merged_table(deck: tuple[Pages, Path]) -> None:
    pages, path = deck
    slides = list(Presentation(str(path)).slides)
    first = 1 if pages.edition.cover else 0
    pickups = slides[first : pages.first_detail_page - 1]
    for slide, page in zip(pickups, pages.pickups, strict=True):
        shown = slide_texts(slide)
        assert shown[0] == page.header
        table = only_table(slide)
        assert len(table.rows) == 5 and len(table.columns) == 3
        by_label = dict(page.cells)
        topic_label = table.cell(0, 0)
        assert topic_label.text == "トピック" and topic_label.span_width == 2
        assert table.cell(0, 2).text == texts(by_label["トピック"])
        group = table.cell(1, 0)
        assert group.text == "内容" and group.is_merge_origin and group.span_height == 4
        for r, label in enumerate(("推進組織", "ポイント", "概要", "背景"), start=1):
            assert table.cell(r, 1).text == label
            assert table.cell(r, 2).text == texts(by_label[label])
            for paragraph in table.cell(r, 2).text_frame.paragraphs:
                for run in paragraph.runs:
                    assert run.font.size is not None
                    assert abs(run.font.size.pt - page.font_size) < 0.01
        assert texts(page.sources) in shown
        assert sum(widths(table)) == pytest.approx(pages.geometry.table_width, abs=1)


def test_footer_copyright_and_physical_page_numbers(deck: tuple[Pages, Path]) -> None:
    pages, path = deck
    cover = pages.edition.cover
    copyright_line = cover.copyright if cover else DEFAULT_COPYRIGHT
    slides = list(Presentation(str(path)).slides)
    for number, slide in enumerate(slides, start=1):
        shown = slide_texts(slide)
        if cover and number == 1:
            assert copyright_line not in shown
            continue
        assert copyright_line in shown and str(number) in shown
    for slide, page in zip(detail_slides(pages, path), pages.details, strict=True):
        assert str(pages.first_detail_page + page.number - 1) in slide_texts(slide)
