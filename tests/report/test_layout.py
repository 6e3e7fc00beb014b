"""Pagination from measured text: the reference edition's structure, continuation rows,
kinsoku, long URLs and summaries, glyphs outside the font."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from horizonscan.report.layout import CONTINUED, Paginator, paginate
from horizonscan.report.linebreak import NO_END, NO_START, wrap
from horizonscan.report.model import Edition, Item, Para, SourceRef
from horizonscan.report.reference import load_reference
from horizonscan.report.textnorm import clean

SEED = Path(__file__).resolve().parents[3] / "shared" / "seed" / "reference-items.jsonl"


def need_seed() -> Path:
    """The reference transcription lies in ../shared beside the checkout (CI copies it there)."""
    if not SEED.is_file():
        pytest.skip(f"reference transcription not found at {SEED}")
    return SEED


@pytest.fixture(scope="module")
def reference() -> Edition:
    return load_reference(need_seed(), "2025-01")


def test_reference_edition_structure(reference: Edition) -> None:
    assert len(reference.items) == 23 and [i.no for i in reference.items] == list(range(1, 24))
    assert reference.pickups[0].related_no == 4
    assert reference.cover is not None and reference.cover.title == "海外標準化動向調査（1月）"
    pages = paginate(reference)
    total = len(pages.details)
    assert [d.header for d in pages.details] == [
        f"【レアアース】関連記事詳細（{n}/{total}）" for n in range(1, total + 1)
    ]
    placed = [r.item_no for d in pages.details for r in d.rows if not r.continued]
    assert placed == list(range(1, 24))  # every item once, in order
    first, second = pages.details[0].rows, pages.details[1].rows
    assert (
        first[0].item_no == 1 and second[0].item_no == 1 and second[0].continued
    )  # item 1 continues
    assert (
        second[0].region[0].text == CONTINUED and second[0].title == () and second[0].sources == ()
    )
    assert pages.pickups[0].header == "ピックアップ：レアアース (関連ニュース番号4)"


def test_no_row_overflows_its_page(reference: Edition) -> None:
    pages = paginate(reference)
    g = pages.geometry
    room = g.table_bottom - g.table_top - Paginator(g).header_height()
    for page in pages.details:
        assert sum(r.height for r in page.rows) <= room + 0.01, page.header
        for row in page.rows:
            tallest = max(len(row.region), len(row.title), len(row.summary), len(row.sources), 1)
            assert row.height >= tallest * g.line


def test_every_line_fits_its_column_and_follows_kinsoku(reference: Edition) -> None:
    pages = paginate(reference)
    paginator = Paginator(pages.geometry)
    starts = tuple(" ".join(p.text.split()) for i in reference.items for p in i.summary)
    for page in pages.details:
        for row in page.rows:
            for column, lines in (
                (1, row.region),
                (2, row.title),
                (4, row.summary),
                (5, row.sources),
            ):
                for line in lines:
                    assert (
                        paginator.measure(pages.geometry.font_size, line.text) + line.indent
                        <= paginator.inner(column) + 0.01
                    )
                    if not any(
                        p.startswith(line.text) for p in starts
                    ):  # a paragraph may open with ・
                        assert line.text[:1] not in NO_START, line.text
                    assert not line.text or line.text[-1] not in NO_END, line.text


def test_wrap_keeps_urls_whole_where_possible_and_breaks_at_slashes() -> None:
    url = "https://www.minister.industry.gov.au/ministers/king/media-releases/new-grants-boost-critical-minerals-processing"
    lines = wrap(url, 150.0, lambda t: len(t) * 5.0)
    assert "".join(lines) == url
    assert all(len(line) * 5.0 <= 150.0 for line in lines)
    assert sum(line.endswith(("/", "-", ".")) for line in lines[:-1]) >= len(lines) - 2


def test_long_summary_and_url_continue_across_pages() -> None:
    long_url = "https://example.org/" + "/".join(f"segment{n:03d}" for n in range(36))
    assert len(long_url) >= 400
    item = Item(
        no=1,
        region="国際",
        title="長い要旨",
        published=date(2024, 7, 1),
        summary=(Para("bullet", "• " + "レアアースの供給網に関する長い説明。" * 280),),
        sources=(SourceRef("Example", (long_url,)),),
    )
    edition = Edition("x", "rare-earths", "レアアース", None, None, None, (), (item,))
    pages = paginate(edition)
    assert len(pages.details) >= 3 and all(r.item_no == 1 for d in pages.details for r in d.rows)
    assert [r.continued for d in pages.details for r in d.rows] == [False] + [True] * (
        len(pages.details) - 1
    )
    urls = [line for line in pages.details[0].rows[0].sources if line.url]
    assert "".join(line.text for line in urls) == long_url and len(urls) > 1


def test_characters_outside_the_font_are_named(reference: Edition) -> None:
    odd = replace(reference.items[1], title="古代文字 \U00013000 を含む見出し")
    pages = paginate(replace(reference, items=(odd,)))
    assert any(w.startswith("item 2:") and "U+13000" in w for w in pages.warnings)


def test_empty_period_is_a_valid_edition() -> None:
    pages = paginate(Edition("x", "rare-earths", "レアアース", None, None, None, (), ()))
    assert len(pages.details) == 1 and pages.details[0].rows == ()


def test_text_normalisation() -> None:
    assert clean("発⾏⽇ ⻑期 ⺠間 ⿊鉛") == "発行日 長期 民間 黒鉛"
    assert clean("ピックアップ︓レアアース") == "ピックアップ：レアアース"
    assert clean("（希土類) 、") == "（希土類) 、"


def test_a_missing_font_is_a_clear_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from horizonscan.errors import RenderError
    from horizonscan.report import fonts

    monkeypatch.setitem(fonts.FONT_FILES, "regular", tmp_path / "missing.ttc")
    fonts.load_metrics.cache_clear()
    try:
        with pytest.raises(RenderError, match="fonts-noto-cjk"):
            fonts.load_metrics("regular")
    finally:
        fonts.load_metrics.cache_clear()
