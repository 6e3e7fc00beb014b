"""The summariser interface and its records."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal, Protocol

Task = Literal["item", "pickup"]


@dataclass(frozen=True)
class SummaryRequest:
    """One story's lead document to summarise (its text as extracted)."""

    doc_sha256: str  # content hash of the source document (cache key part)
    task: Task
    title: str
    text: str
    language: str  # ISO 639-1 of the source text
    organisation: str  # the report's 情報源 label
    region: str  # the report's 地域・国 label
    published: date | None
    url: str = ""
    topic_label: str = "レアアース"


@dataclass(frozen=True)
class Bullet:
    text: str
    sources: tuple[str, ...] = ()  # the source sentences this bullet rests on


@dataclass(frozen=True)
class ItemSummary:
    title: str  # Japanese headline (or the source title when not translated)
    bullets: tuple[Bullet, ...]
    translated: bool  # False: source-language extract, shown as 未翻訳
    backend: str  # "llm" | "offline"
    model: str | None
    prompt_version: str
    terms: tuple[str, ...] = ()  # glossary candidates named by the model
    regions: tuple[str, ...] = ()  # countries the release is about (Japanese labels)
    flags: tuple[str, ...] = ()  # for reviewers: unsupported figure, fallback used, text cut …


@dataclass(frozen=True)
class PickupSummary:
    topic: str
    organisation: str
    points: tuple[Bullet, ...]
    overview: tuple[Bullet, ...]
    background: tuple[Bullet, ...]
    translated: bool
    backend: str
    model: str | None
    prompt_version: str
    flags: tuple[str, ...] = ()


@dataclass
class Usage:
    """What a run cost: requests, tokens, estimated money."""

    requests: int = 0
    cached: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    failures: int = 0
    fallbacks: int = 0
    cost: float = 0.0
    notes: list[str] = field(default_factory=list)


class Summarizer(Protocol):
    name: str
    model: str | None
    prompt_version: str

    def summarize_item(self, request: SummaryRequest) -> ItemSummary: ...

    def summarize_pickup(self, request: SummaryRequest) -> PickupSummary: ...
