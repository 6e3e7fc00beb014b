"""What a body is: media kind from headers and the bytes themselves, and junk detection."""

from __future__ import annotations

from horizonscan.errors import ContentRejected
from horizonscan.records import LinkKind, MediaKind
from horizonscan.sniff import looks_binary

HTML_TYPES = ("text/html", "application/xhtml+xml")
XML_TYPES = (
    "application/xml",
    "text/xml",
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/x-gzip",
    "application/gzip",
)
PDF_TYPES = ("application/pdf", "application/x-pdf")
ZIP_TYPES = ("application/hwp+zip", "application/zip", "application/x-zip-compressed")
GENERIC_TYPES = ("application/octet-stream", "binary/octet-stream", "application/download", "")
REFUSED_PREFIXES = ("image/", "video/", "audio/", "font/")


def mime_of(content_type: str | None) -> str:
    return (content_type or "").split(";")[0].strip().lower()


def charset_of(content_type: str | None) -> str | None:
    for param in (content_type or "").split(";")[1:]:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'").lower()
    return None


def refuse_early(url: str, content_type: str | None) -> None:
    """Refuse bodies not worth reading, judged on the header alone."""
    mime = mime_of(content_type)
    if mime.startswith(REFUSED_PREFIXES):
        raise ContentRejected(url, f"content type {mime} is not kept")


def _sniff_markup(head: bytes) -> MediaKind | None:
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith(b"<?xml"):
        return "html" if b"<html" in text[:512] else "xml"
    if text.startswith((b"<rss", b"<feed", b"<urlset", b"<sitemapindex", b"<rdf")):
        return "xml"
    if text.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<!--")):
        return "html"
    return None


def classify(url: str, kind: LinkKind, content_type: str | None, body: bytes) -> MediaKind:
    """The media kind of a body; raises ``ContentRejected`` for what is not kept."""
    mime = mime_of(content_type)
    head = body[:8192]
    if kind == "dataset":  # open-data files (JSON Lines, CSV, Parquet): read by their own parser
        return "data"
    if body.startswith(b"%PDF-"):
        return "pdf"
    if body.startswith(b"PK\x03\x04"):
        if kind == "attachment" and (mime in ZIP_TYPES or mime in GENERIC_TYPES):
            return "hwpx"
        raise ContentRejected(url, f"zip archive served as {mime or 'no type'} is not kept")
    if mime in PDF_TYPES:
        raise ContentRejected(url, "served as PDF but the body is not a PDF")
    textual = mime in HTML_TYPES or mime in XML_TYPES or mime.startswith("text/") or not mime
    if textual and looks_binary(head):
        raise ContentRejected(url, f"binary content served as {mime or 'no type'}")
    sniffed = _sniff_markup(head)
    if mime in HTML_TYPES:
        return "xml" if sniffed == "xml" and kind in ("feed", "sitemap") else "html"
    if mime in XML_TYPES:
        return "xml"
    if mime == "text/plain":
        return sniffed or "text"
    if sniffed and (mime.startswith("text/") or mime in GENERIC_TYPES):
        return sniffed
    if kind == "robots" and not looks_binary(head):
        return "text"
    raise ContentRejected(url, f"content type {mime or 'none'} is not kept")
