"""The answers the model must give, as pydantic models and as JSON Schemas.

The JSON Schemas are sent with ``response_format`` (``strict``: every property required, no
additional properties, only keywords every OpenAI-compatible server accepts); the pydantic
models check what came back, including the rules a schema cannot say: the title and every
bullet are Japanese (at least 30 % of the letters are kana or kanji), 1-5 bullets per item,
every bullet starts with ``"• "`` (added when missing).
"""

from __future__ import annotations

import json
import re
import unicodedata
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

BULLET = "• "
MIN_JAPANESE = 0.30
ITEM_BULLETS = (1, 5)
PICKUP_POINTS = (1, 2)
PICKUP_OVERVIEW = (1, 8)
PICKUP_BACKGROUND = (0, 2)
_JAPANESE_RANGES = (
    (0x3005, 0x3007),  # 々 〆 〇
    (0x3040, 0x30FF),  # hiragana, katakana, ー
    (0x31F0, 0x31FF),  # katakana phonetic extensions
    (0x3400, 0x4DBF),  # CJK extension A
    (0x4E00, 0x9FFF),  # CJK unified ideographs
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
    (0x20000, 0x3134F),  # CJK extensions B-G
)
_BULLET_MARK = re.compile(r"^\s*(?:[•・●◦▪■\-*–—]|\d+[.)．]\s)\s*")


class AnswerError(ValueError):
    """The model's answer is not the JSON asked for; the message says why (sent back to it)."""


def _is_japanese(char: str) -> bool:
    code = ord(char)
    return any(low <= code <= high for low, high in _JAPANESE_RANGES)


def japanese_share(text: str) -> float:
    """Share of letters that are kana or kanji (0.0 when the text has no letters)."""
    letters = [c for c in unicodedata.normalize("NFKC", text) if unicodedata.category(c)[0] == "L"]
    if not letters:
        return 0.0
    return sum(map(_is_japanese, letters)) / len(letters)


def _japanese(value: str, what: str) -> str:
    value = " ".join(value.split())
    if not value:
        raise ValueError(f"{what} is empty")
    share = japanese_share(value)
    if share < MIN_JAPANESE:
        raise ValueError(
            f"{what} must be written in Japanese (kana/kanji are {share:.0%} of its letters, "
            f"at least {MIN_JAPANESE:.0%} required): {value[:60]!r}"
        )
    return value


def bulleted(text: str) -> str:
    """``text`` starting with exactly one ``"• "`` (other list marks are replaced)."""
    body = _BULLET_MARK.sub("", text.strip(), count=1).strip()
    return BULLET + body


class BulletAnswer(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    text: str
    sources: list[str]

    @field_validator("text")
    @classmethod
    def _text(cls, value: str) -> str:
        return bulleted(_japanese(value, "bullet text"))

    @field_validator("sources")
    @classmethod
    def _sources(cls, value: list[str]) -> list[str]:
        return [" ".join(s.split()) for s in value if s.strip()]


def _count(value: list[BulletAnswer], bounds: tuple[int, int], what: str) -> list[BulletAnswer]:
    low, high = bounds
    if not low <= len(value) <= high:
        raise ValueError(f"{what}: {len(value)} bullets, expected {low} to {high}")
    return value


def _labels(value: list[str]) -> list[str]:
    seen: list[str] = []
    for label in value:
        label = " ".join(label.split())
        if label and label not in seen:
            seen.append(label)
    return seen


class ItemAnswer(BaseModel):
    """One news item: Japanese headline, 1-5 bullets, glossary candidates, countries."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    title_ja: str
    bullets: list[BulletAnswer]
    terms: list[str]
    regions: list[str]

    @field_validator("title_ja")
    @classmethod
    def _title(cls, value: str) -> str:
        return _japanese(value, "title_ja")

    @field_validator("bullets")
    @classmethod
    def _bullets(cls, value: list[BulletAnswer]) -> list[BulletAnswer]:
        return _count(value, ITEM_BULLETS, "bullets")

    @field_validator("terms", "regions")
    @classmethod
    def _lists(cls, value: list[str]) -> list[str]:
        return _labels(value)


class PickupAnswer(BaseModel):
    """One pick-up page: トピック, 推進組織, ポイント, 概要, 背景."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    topic: str
    organisation: str
    points: list[BulletAnswer]
    overview: list[BulletAnswer]
    background: list[BulletAnswer]

    @field_validator("topic")
    @classmethod
    def _topic(cls, value: str) -> str:
        return _japanese(value, "topic")

    @field_validator("organisation")
    @classmethod
    def _organisation(cls, value: str) -> str:
        value = " ".join(value.split())
        if not value:
            raise ValueError("organisation is empty")
        return value

    @field_validator("points")
    @classmethod
    def _points(cls, value: list[BulletAnswer]) -> list[BulletAnswer]:
        return _count(value, PICKUP_POINTS, "points")

    @field_validator("overview")
    @classmethod
    def _overview(cls, value: list[BulletAnswer]) -> list[BulletAnswer]:
        return _count(value, PICKUP_OVERVIEW, "overview")

    @field_validator("background")
    @classmethod
    def _background(cls, value: list[BulletAnswer]) -> list[BulletAnswer]:
        return _count(value, PICKUP_BACKGROUND, "background")


def _bullets_schema(description: str) -> dict[str, Any]:
    return {
        "type": "array",
        "description": description,
        "items": {
            "type": "object",
            "properties": {
                "text": {
                    "type": "string",
                    "description": "日本語の要点。「• 」で始める。",
                },
                "sources": {
                    "type": "array",
                    "description": "この要点の根拠となる原文の文（原文のまま、翻訳しない）",
                    "items": {"type": "string"},
                },
            },
            "required": ["text", "sources"],
            "additionalProperties": False,
        },
    }


ITEM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "title_ja": {"type": "string", "description": "一行の日本語見出し"},
        "bullets": _bullets_schema("要旨：1〜5件（通常2〜4件）"),
        "terms": {
            "type": "array",
            "description": "用語解説の候補（略称・専門用語）",
            "items": {"type": "string"},
        },
        "regions": {
            "type": "array",
            "description": "記事が対象とする国・地域（日本語表記）",
            "items": {"type": "string"},
        },
    },
    "required": ["title_ja", "bullets", "terms", "regions"],
    "additionalProperties": False,
}

PICKUP_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "topic": {"type": "string", "description": "トピック：一文の日本語見出し"},
        "organisation": {"type": "string", "description": "推進組織"},
        "points": _bullets_schema("ポイント：1〜2件"),
        "overview": _bullets_schema("概要：1〜8件"),
        "background": _bullets_schema("背景：0〜2件（原文に記述がある場合のみ）"),
    },
    "required": ["topic", "organisation", "points", "overview", "background"],
    "additionalProperties": False,
}

SCHEMAS: dict[Literal["item", "pickup"], dict[str, Any]] = {
    "item": ITEM_SCHEMA,
    "pickup": PICKUP_SCHEMA,
}


_FENCE = re.compile(r"^```(?:json)?\s*\n(.*)\n\s*```$", re.S)


def json_object(content: str | None) -> dict[str, Any]:
    """The JSON object that is the whole answer (a Markdown code fence around it is tolerated);
    anything else, prose around it included, raises :class:`AnswerError`."""
    if content is None or not content.strip():
        raise AnswerError("the answer is empty; reply with the JSON object only")
    text = content.strip()
    fenced = _FENCE.match(text)
    if fenced:
        text = fenced.group(1).strip()
    if not text.startswith("{"):
        raise AnswerError("text before the JSON object; reply with the JSON object only")
    try:
        value, end = json.JSONDecoder().raw_decode(text)
    except json.JSONDecodeError as exc:
        raise AnswerError(f"invalid or truncated JSON: {exc.msg} at character {exc.pos}") from exc
    if text[end:].strip():
        raise AnswerError("text after the JSON object; reply with the JSON object only")
    if not isinstance(value, dict):
        raise AnswerError("the answer must be a JSON object")
    return value


def describe(error: ValidationError) -> str:
    """A short, one-line account of what failed validation (for the retry message)."""
    parts = []
    for problem in error.errors(include_url=False)[:8]:
        where = ".".join(str(p) for p in problem["loc"]) or "answer"
        message = str(problem["msg"]).removeprefix("Value error, ")
        parts.append(f"{where}: {message}")
    return "; ".join(parts)


def parse_item(content: str | None) -> ItemAnswer:
    try:
        return ItemAnswer.model_validate(json_object(content))
    except ValidationError as exc:
        raise AnswerError(describe(exc)) from exc


def parse_pickup(content: str | None) -> PickupAnswer:
    try:
        return PickupAnswer.model_validate(json_object(content))
    except ValidationError as exc:
        raise AnswerError(describe(exc)) from exc
