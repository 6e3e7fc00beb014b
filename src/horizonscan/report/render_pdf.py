"""The PDF: WeasyPrint renders the HTML edition (fonts embedded and subset, links kept,
text selectable). WeasyPrint was chosen over converting the PPTX with LibreOffice because it
draws the exact lines the paginator measured with the same font, needs no office suite, and
is deterministic."""

from __future__ import annotations

import logging
from pathlib import Path

from horizonscan.report.layout import Pages
from horizonscan.report.render_html import html_text

logging.getLogger("weasyprint").setLevel(logging.ERROR)
logging.getLogger("fontTools").setLevel(logging.ERROR)


def render_pdf(pages: Pages, path: Path) -> Path:
    from weasyprint import HTML

    HTML(string=html_text(pages)).write_pdf(str(path))
    return path
