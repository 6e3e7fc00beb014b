"""Articles from PDF (pypdf): text of every page, title from metadata or the first line."""

from __future__ import annotations

import io
import logging
import re
from datetime import date

from pypdf import PdfReader
from pypdf.errors import PdfReadError, PyPdfError

from horizonscan.errors import ExtractError
from horizonscan.extract.dates import find_dates
from horizonscan.records import Article

MAX_PAGES = 300
logging.getLogger("pypdf").setLevel(logging.ERROR)


def pdf_text(body: bytes) -> tuple[str, str | None]:
    """(text, metadata title); raises ``ExtractError`` for encrypted or broken files."""
    try:
        reader = PdfReader(io.BytesIO(body), strict=False)
        if reader.is_encrypted:
            raise ExtractError("PDF is encrypted")
        pages = reader.pages[:MAX_PAGES]
        text = "\n".join(page.extract_text() or "" for page in pages)
        meta = reader.metadata
        title = str(meta.title).strip() if meta is not None and meta.title else None
    except ExtractError:
        raise
    except (
        PdfReadError,
        PyPdfError,
        ValueError,
        KeyError,
        TypeError,
        OSError,
        RecursionError,
    ) as exc:
        raise ExtractError(f"PDF could not be read: {exc}") from exc
    if not text.strip():
        raise ExtractError("PDF has no text layer (image-only?)")
    return text, title


def extract_pdf(
    body: bytes,
    url: str,
    *,
    source_id: str,
    language: str | None,
    today: date,
    date_order: str | None = None,
    hint_published: date | None = None,
    earliest: date | None = None,
) -> Article:
    text, title = pdf_text(body)
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if not title or re.fullmatch(r"(untitled|microsoft word.*|document\d*)", title, re.I):
        title = lines[0] if lines else None
    finding = find_dates(
        None, text, url, today=today, order=date_order, hint=hint_published, earliest=earliest
    )
    return Article(
        url=url,
        source_id=source_id,
        title=title,
        text="\n".join(lines),
        language=language,
        published=finding.published,
        updated=finding.updated,
        date_evidence=finding.evidence,
        extractor="pypdf",
    )
