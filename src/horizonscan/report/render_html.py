"""One self-contained HTML file of the edition (inline CSS, no external requests), the same
pages the other formats show; WeasyPrint turns it into the PDF."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape

from horizonscan.report.fonts import FONT_FAMILY
from horizonscan.report.layout import Pages

DEFAULT_COPYRIGHT = "© Japanese Standards Association. All Rights Reserved."


def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("horizonscan.report", "templates"),
        autoescape=select_autoescape(["html", "j2"], default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def html_text(pages: Pages) -> str:
    edition = pages.edition
    cover = edition.cover
    header_height = pages.header_height
    return (
        _environment()
        .get_template("edition.html.j2")
        .render(
            title=cover.title if cover else edition.detail_header,
            g=pages.geometry,
            font=FONT_FAMILY,
            cover=cover,
            pickups=pages.pickups,
            details=pages.details,
            header_lines=pages.header_lines,
            header_height=header_height,
            first_detail=pages.first_detail_page,
            copyright=cover.copyright if cover else DEFAULT_COPYRIGHT,
        )
    )


def render_html(pages: Pages, path: Path) -> Path:
    path.write_text(html_text(pages), "utf-8")
    return path
