"""The registry schema: one ``[[source]]`` table per official source."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")
ATTACHMENT_KINDS = ("pdf", "hwpx", "hwp", "docx")


class Selectors(BaseModel):
    """CSS selectors that override the generic readers for one site."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    links: str | None = Field(None, description="article links on a listing page")
    next: str | None = Field(None, description="the next-page link of a listing")
    title: str | None = Field(None, description="the headline of an article page")
    date: str | None = Field(None, description="the element holding the publication date")
    body: str | None = Field(None, description="the main text of an article page")
    attachments: str | None = Field(None, description="attachment links on an article page")


def _check_url(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"not an absolute http(s) URL: {value!r}")
    return value


class SourceSpec(BaseModel):
    """One official source as declared in a registry file."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    name: str
    label: str
    region: str
    language: str
    home: str
    feeds: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    listings: tuple[str, ...] = ()
    max_listing_pages: int = Field(5, ge=1, le=100)
    articles: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    attachments: tuple[Literal["pdf", "hwpx", "hwp", "docx"], ...] = ()
    allow_hosts: tuple[str, ...] = ()
    render: Literal["http", "browser"] = "http"
    date_format: Literal["dmy", "mdy", "ymd"] | None = None
    timezone: str | None = None
    since: date | None = Field(
        None, description="the site's first release: earlier dates are refused"
    )
    cadence_days: float = Field(30.0, gt=0)
    delay: float | None = Field(None, ge=0)
    verified: bool = True
    notes: str | None = None
    selectors: Selectors = Selectors()

    @field_validator("id")
    @classmethod
    def _slug(cls, value: str) -> str:
        if not SLUG.match(value):
            raise ValueError("must be a slug: lower-case letters, digits and '-'")
        return value

    @field_validator("language")
    @classmethod
    def _language(cls, value: str) -> str:
        if not re.fullmatch(r"[a-z]{2,3}", value):
            raise ValueError("must be an ISO 639 code such as 'en' or 'ja'")
        return value

    @field_validator("home")
    @classmethod
    def _home(cls, value: str) -> str:
        return _check_url(value)

    @field_validator("feeds", "sitemaps", "listings")
    @classmethod
    def _urls(cls, values: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(_check_url(v) for v in values)

    @field_validator("articles", "exclude")
    @classmethod
    def _prefixes(cls, values: tuple[str, ...]) -> tuple[str, ...]:
        for value in values:
            if not value.startswith("/"):
                raise ValueError(f"path prefix must start with '/': {value!r}")
        return values

    @model_validator(mode="after")
    def _has_discovery(self) -> SourceSpec:
        if not (self.feeds or self.sitemaps or self.listings):
            raise ValueError("needs at least one of feeds, sitemaps or listings")
        return self

    def declared_urls(self) -> Iterator[str]:
        yield self.home
        yield from self.feeds
        yield from self.sitemaps
        yield from self.listings

    def hosts(self) -> frozenset[str]:
        """Every ``host[:port]`` this source may be fetched from."""
        found = {netloc(u) for u in self.declared_urls()}
        found.update(h.lower() for h in self.allow_hosts)
        return frozenset(found)


def netloc(url: str) -> str:
    """``host`` or ``host:port`` (lower case, default ports dropped)."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    port = parts.port
    if port is None or (parts.scheme, port) in (("http", 80), ("https", 443)):
        return host
    return f"{host}:{port}"


@dataclass(frozen=True)
class Registry:
    """Validated sources by id, in file order."""

    sources: Mapping[str, SourceSpec]
    files: tuple[str, ...] = field(default=())

    def __iter__(self) -> Iterator[SourceSpec]:
        return iter(self.sources.values())

    def __len__(self) -> int:
        return len(self.sources)

    def __getitem__(self, source_id: str) -> SourceSpec:
        return self.sources[source_id]

    def select(self, ids: list[str] | None) -> list[SourceSpec]:
        if not ids:
            return list(self.sources.values())
        unknown = [i for i in ids if i not in self.sources]
        if unknown:
            from horizonscan.errors import ConfigError

            raise ConfigError(f"unknown source id(s): {', '.join(unknown)}", where="--source")
        return [self.sources[i] for i in ids]
