"""Extraction of one document for people and tools (``horizonscan extract``)."""

from __future__ import annotations

from datetime import date

from horizonscan.extract.charset import decode_html
from horizonscan.extract.document import extract
from horizonscan.extract.language import identify

LANGUAGES = ("en", "ja", "zh", "ko", "es", "fr", "de", "pt", "id", "ru")


def media_of(body: bytes) -> str:
    if body.startswith(b"%PDF-"):
        return "pdf"
    if body.startswith(b"PK\x03\x04"):
        return "hwpx"
    return "html"


def extract_bytes(
    body: bytes, url: str, content_type: str | None, today: date
) -> dict[str, object]:
    media = media_of(body)
    charset = None
    if media == "html" and content_type and "charset=" in content_type:
        charset = content_type.split("charset=")[-1].strip()
    if charset:
        body = decode_html(body, charset)[0].encode("utf-8")
    article = extract(body, media, url, spec=None, source_id="single", today=today)
    language = identify(f"{article.title or ''}\n{article.text}", LANGUAGES)
    return {
        "title": article.title,
        "published": article.published.isoformat() if article.published else None,
        "updated": article.updated.isoformat() if article.updated else None,
        "language": language,
        "date_evidence": article.date_evidence,
        "extractor": article.extractor,
        "text": article.text,
    }
