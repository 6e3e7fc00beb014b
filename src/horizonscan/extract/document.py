"""One entry point for any document: HTML, PDF or HWPX, plus the attachments of a page."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from horizonscan.errors import ExtractError
from horizonscan.extract.dates import find_dates
from horizonscan.extract.html_doc import extract_html
from horizonscan.extract.hwpx_doc import hwpx_text
from horizonscan.extract.pdf_doc import extract_pdf, pdf_text
from horizonscan.records import Article
from horizonscan.sources.schema import Selectors, SourceSpec

THIN_PAGE = 400  # characters: below this a page with attachments is only a cover


def attachment_text(body: bytes, media: str) -> str:
    if media == "pdf":
        return pdf_text(body)[0]
    if media == "hwpx":
        return hwpx_text(body)
    raise ExtractError(f"attachment of kind {media!r} is not read")


def extract(
    body: bytes,
    media: str,
    url: str,
    *,
    spec: SourceSpec | None,
    source_id: str,
    today: date,
    attachments: list[tuple[str, bytes]] | None = None,
    hint_published: date | None = None,
    hint_evidence: str | None = None,
) -> Article:
    language = spec.language if spec else None
    order = spec.date_format if spec else None
    earliest = spec.since if spec else None
    if media == "pdf":
        article = extract_pdf(
            body,
            url,
            source_id=source_id,
            language=language,
            today=today,
            date_order=order,
            hint_published=hint_published,
            earliest=earliest,
        )
    elif media == "hwpx":
        text = hwpx_text(body)
        finding = find_dates(
            None, text, url, today=today, order=order, hint=hint_published, earliest=earliest
        )
        first = text.splitlines()[0] if text else None
        article = Article(
            url=url,
            source_id=source_id,
            title=first,
            text=text,
            language=language,
            published=finding.published,
            updated=finding.updated,
            date_evidence=finding.evidence,
            extractor="hwpx",
        )
    elif media == "html":
        article = extract_html(
            body,
            url,
            source_id=source_id,
            selectors=spec.selectors if spec else Selectors(),
            language=language,
            today=today,
            date_order=order,
            hint_published=hint_published,
            hint_evidence=hint_evidence,
            earliest=earliest,
        )
    else:
        raise ExtractError(f"documents of kind {media!r} are not extracted")
    return _with_attachments(article, attachments or [], today, order)


def _with_attachments(
    article: Article, attachments: list[tuple[str, bytes]], today: date, order: str | None
) -> Article:
    texts: list[str] = []
    notes = list(article.notes)
    for media, body in attachments:
        try:
            texts.append(attachment_text(body, media))
        except ExtractError as exc:
            notes.append(f"attachment unreadable: {exc}")
    if not texts:
        return replace(article, notes=tuple(notes))
    joined = "\n\n".join(texts)
    if len(article.text) >= THIN_PAGE:
        return replace(article, text=f"{article.text}\n\n{joined}", notes=tuple(notes))
    published, evidence = article.published, article.date_evidence
    if published is None or evidence in ("url", "text-near-top"):
        finding = find_dates(None, joined, article.url, today=today, order=order)
        if finding.published is not None:
            published, evidence = finding.published, "attachment"
    return replace(
        article,
        text=f"{article.text}\n\n{joined}".strip(),
        published=published,
        date_evidence=evidence,
        extractor=f"{article.extractor}+attachment",
        notes=tuple(notes),
    )
