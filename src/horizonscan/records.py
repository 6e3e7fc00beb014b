"""Frozen, typed records passed between stages.

Stages take records and return records; only ``pipeline`` persists them. Dates are real
``date``/``datetime`` values (times always timezone-aware, UTC), never strings.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

LinkKind = Literal["robots", "feed", "sitemap", "listing", "article", "attachment", "dataset"]
FetchOutcome = Literal["fetched", "not_modified", "failed", "skipped"]
MediaKind = Literal["html", "xml", "pdf", "hwpx", "text", "data", "other"]


@dataclass(frozen=True, slots=True)
class Link:
    """A URL found during discovery, with what the place that linked it said about it."""

    url: str
    source_id: str
    kind: LinkKind
    referrer: str | None = None
    title: str | None = None
    published: date | None = None
    evidence: str | None = None  # where the hints come from: "feed", "sitemap", "listing"


@dataclass(frozen=True, slots=True)
class Validators:
    """What a previous fetch of a URL left for conditional requests and change detection."""

    etag: str | None = None
    last_modified: str | None = None
    content_sha256: str | None = None


@dataclass(frozen=True, slots=True)
class Page:
    """The outcome of fetching one URL: the body when there is one, the reason when not."""

    url: str
    source_id: str
    kind: LinkKind
    outcome: FetchOutcome
    fetched_at: datetime
    final_url: str | None = None
    status: int | None = None
    reason: str | None = None
    media: MediaKind = "other"
    content_type: str | None = None
    body: bytes = b""
    sha256: str | None = None
    headers: tuple[tuple[str, str], ...] = ()
    etag: str | None = None
    last_modified: str | None = None
    elapsed_ms: int = 0
    attempts: int = 1
    changed: bool = True  # False when the body hash equals the previous fetch's
    referrer: str | None = None  # for attachments: the article page that links them

    @property
    def ok(self) -> bool:
        return self.outcome in ("fetched", "not_modified")


@dataclass(frozen=True, slots=True)
class KnownResource:
    """What the store remembers of a URL fetched before."""

    url: str
    source_id: str
    kind: LinkKind
    validators: Validators
    last_fetched_at: datetime
    last_ok_at: datetime | None = None
    next_check_at: datetime | None = None
    failures: int = 0
    status: str = "fetched"  # for articles: pending | fetched | failed | skipped


@dataclass(frozen=True, slots=True)
class Discovery:
    """What one discovery document (feed, sitemap, listing page) yielded."""

    source_id: str
    document_url: str
    links: tuple[Link, ...] = ()
    next_pages: tuple[Link, ...] = ()
    problems: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Article:
    """What extraction made of one fetched document."""

    url: str
    source_id: str
    title: str | None
    text: str
    language: str | None
    published: date | None
    updated: date | None = None
    date_evidence: str | None = None
    extractor: str = "trafilatura"
    charset: str | None = None
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SourceFailure:
    """A failure worth showing in the run summary."""

    source_id: str
    url: str
    reason: str
