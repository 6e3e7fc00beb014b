"""Hostile and broken documents: a clear reason, no crash, no hang."""

from __future__ import annotations

import io
import time
from datetime import date

import pytest
from pypdf import PdfReader, PdfWriter

from horizonscan.errors import ExtractError
from horizonscan.extract.document import extract
from horizonscan.extraction_pool import _Timeout, time_limit
from tests.conftest import FIXTURES

TODAY = date(2024, 12, 31)
PDF = (FIXTURES / "sites" / "ministry" / "files" / "lithium-refinery.pdf").read_bytes()


def run(body: bytes, media: str = "html") -> object:
    return extract(body, media, "https://example.org/a.html", spec=None, source_id="t", today=TODAY)


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"", "empty body"),
        (b"   \n\t ", "empty body"),
        (bytes(range(256)) * 64, "binary content"),
        (b"<html><body>" + b"<p>" * 3 + b"x" * 11_000_000 + b"</body></html>", "larger than 10 MB"),
    ],
)
def test_hopeless_html_is_refused_with_a_reason(body: bytes, reason: str) -> None:
    with pytest.raises(ExtractError, match=reason):
        run(body)


def test_ten_thousand_nested_tags_end_quickly() -> None:
    body = (
        b"<html><body>"
        + b"<div>" * 10_000
        + b"rare earths"
        + b"</div>" * 10_000
        + b"</body></html>"
    )
    started = time.monotonic()
    try:
        article = run(body)
    except ExtractError as exc:
        assert "nested" in str(exc)
    else:
        assert article.text is not None  # type: ignore[attr-defined]
    assert time.monotonic() - started < 10


def test_truncated_pdf() -> None:
    with pytest.raises(ExtractError, match="PDF"):
        run(PDF[: len(PDF) // 2], "pdf")


def test_image_only_pdf() -> None:
    writer = PdfWriter()
    writer.add_blank_page(width=612, height=792)
    buffer = io.BytesIO()
    writer.write(buffer)
    with pytest.raises(ExtractError, match="no text layer"):
        run(buffer.getvalue(), "pdf")


def test_encrypted_pdf() -> None:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(PDF)))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    with pytest.raises(ExtractError, match="encrypted"):
        run(buffer.getvalue(), "pdf")


def test_page_with_ten_dates_takes_the_publication_date() -> None:
    body = """<html><head><title>Release</title></head><body>
    <p>Last updated: 2024-11-30</p><h1>Lithium refinery grant</h1>
    <p class="byline">Published 11 July 2024</p>
    <p>Applications opened on 1 March 2024 and closed on 30 April 2024. The first round (2023-10-01)
    funded four projects; the second (12/05/2024) five more. Construction starts 2025-01-15,
    production on 2026-06-30 and the review is due 31 December 2027.</p>
    <footer>© 2024 Ministry. Date modified: 2024-12-02</footer></body></html>""".encode()
    article = run(body)
    assert article.published == date(2024, 7, 11)  # type: ignore[attr-defined]
    assert article.updated in (date(2024, 11, 30), date(2024, 12, 2))  # type: ignore[attr-defined]


def test_time_limit_interrupts_a_runaway_document() -> None:
    started = time.monotonic()
    with pytest.raises(_Timeout), time_limit(0.2):
        while True:
            pass
    assert time.monotonic() - started < 2
