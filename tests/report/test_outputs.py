"""The reference edition really rendered: PDF pages checked as text geometry and as pictures,
HTML and JSON beside them; the demo-style edition from a store."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import jsonschema
import pdfplumber
import pytest

from horizonscan.report.layout import Pages, Paginator, paginate
from horizonscan.report.reference import load_reference
from horizonscan.report.render import write_all
from horizonscan.report.render_json import edition_document
from tests.report.test_layout import need_seed

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts" / "report"


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> tuple[Pages, dict[str, Path]]:
    pages = paginate(load_reference(need_seed(), "2025-01"))
    out = tmp_path_factory.mktemp("reference")
    files = write_all(pages, out, "reference-2025-01", ["pdf", "html", "json"])
    return pages, {p.suffix[1:]: p for p in files}


def test_pdf_has_every_page_and_header(rendered: tuple[Pages, dict[str, Path]]) -> None:
    pages, files = rendered
    with pdfplumber.open(files["pdf"]) as pdf:
        assert len(pdf.pages) == pages.total
        texts = [page.extract_text() or "" for page in pdf.pages]
    assert "海外標準化動向調査（1月）" in texts[0]
    assert "ピックアップ：レアアース (関連ニュース番号4)" in texts[1]
    total = len(pages.details)
    for n in range(1, total + 1):
        assert (
            f"【レアアース】関連記事詳細（{n}/{total}）" in texts[pages.first_detail_page - 2 + n]
        )
    assert "（続き）" in texts[pages.first_detail_page]  # item 1 continues on detail page 2
    assert "2024/11/20" in texts[pages.first_detail_page - 1]


def test_every_character_lies_inside_its_page_and_cell(
    rendered: tuple[Pages, dict[str, Path]],
) -> None:
    pages, files = rendered
    g = pages.geometry
    edges = [g.margin_x]
    for width in g.columns:
        edges.append(edges[-1] + width)
    with pdfplumber.open(files["pdf"]) as pdf:
        for index, page in enumerate(pdf.pages):
            assert (page.width, page.height) == pytest.approx(
                (g.page_width, g.page_height), abs=0.5
            )
            for char in page.chars:
                assert char["x0"] >= 0 and char["x1"] <= page.width, (index, char["text"])
                assert char["top"] >= 0 and char["bottom"] <= page.height, (index, char["text"])
            if index < pages.first_detail_page - 1:
                continue
            for char in page.chars:
                if not (g.table_top <= char["top"] <= g.table_bottom) or char["text"].isspace():
                    continue
                assert char["bottom"] <= g.table_bottom + 0.5, (index, char["text"])
                middle = (char["x0"] + char["x1"]) / 2
                column = next(i for i in range(6) if edges[i] <= middle <= edges[i + 1])
                assert (
                    edges[column] - 0.5 <= char["x0"] and char["x1"] <= edges[column + 1] + 0.5
                ), (index, column, char["text"])


def test_urls_are_clickable(rendered: tuple[Pages, dict[str, Path]]) -> None:
    _, files = rendered
    with pdfplumber.open(files["pdf"]) as pdf:
        uris = {link.get("uri") for page in pdf.pages for link in page.hyperlinks}
    assert "https://www.iso.org/committee/5902483.html" in uris


def test_pages_as_pictures_are_not_blank(rendered: tuple[Pages, dict[str, Path]]) -> None:
    pages, files = rendered
    if shutil.which("pdftoppm") is None:
        pytest.fail("pdftoppm missing: make test installs poppler-utils")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        ["pdftoppm", "-r", "40", "-gray", "-png", str(files["pdf"]), str(ARTIFACTS / "reference")],
        check=True,
    )
    pictures = sorted(ARTIFACTS.glob("reference-*.png"))
    assert len(pictures) == pages.total
    for picture in pictures:
        data = subprocess.run(
            ["pdftotext", str(files["pdf"]), "-"], capture_output=True, check=True
        ).stdout
        assert data
        raw = picture.read_bytes()
        assert len(raw) > 3000  # a blank 16:9 page compresses to a few hundred bytes


def test_html_is_self_contained_and_accessible(rendered: tuple[Pages, dict[str, Path]]) -> None:
    pages, files = rendered
    html = files["html"].read_text("utf-8")
    assert '<html lang="ja">' in html and "<style>" in html
    assert "http" not in html.split("<body>")[0].replace(
        "https://json", ""
    )  # no external requests in the head
    assert "<link" not in html and "<script" not in html and "@import" not in html
    assert html.count('<th scope="col"') == 6 * len(pages.details)
    assert html.count('<section class="page') == pages.total


def test_json_validates_and_matches_the_model(rendered: tuple[Pages, dict[str, Path]]) -> None:
    pages, files = rendered
    document = json.loads(files["json"].read_text("utf-8"))
    schema = json.loads((ROOT / "docs" / "edition.schema.json").read_text("utf-8"))
    jsonschema.validate(document, schema)
    assert document == json.loads(json.dumps(edition_document(pages), ensure_ascii=False))
    assert len(document["items"]) == 23 and document["pickups"][0]["related_no"] == 4
    assert document["pages"]["total"] == pages.total


def test_header_row_heights_hold_the_wrapped_headers(
    rendered: tuple[Pages, dict[str, Path]],
) -> None:
    pages, _ = rendered
    paginator = Paginator(pages.geometry)
    tallest = max(len(cell) for cell in pages.header_lines)
    assert paginator.header_height() >= tallest * pages.geometry.line
