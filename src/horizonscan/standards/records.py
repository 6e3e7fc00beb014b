"""Rows of a committee's work programme, normalised, and the stage table."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Literal

Status = Literal["preliminary", "under_development", "published", "withdrawn", "cancelled"]
STAGES_FILE = Path(__file__).with_name("stages.toml")


@dataclass(frozen=True)
class Stage:
    code: str
    en: str
    ja: str
    status: Status
    prefix: str


@lru_cache(maxsize=1)
def stage_table() -> dict[int, Stage]:
    data = tomllib.loads(STAGES_FILE.read_text("utf-8"))
    return {
        int(s["code"].replace(".", "")): Stage(
            s["code"], s["en"], s["ja"], s["status"], s["prefix"]
        )
        for s in data["stage"]
    }


def stage_code(stage: int) -> str:
    text = f"{stage:04d}"
    return f"{text[:2]}.{text[2:]}"


def status_of(stage: int) -> Status:
    """Status from the harmonized stage code alone (never from the reference prefix)."""
    major, sub = divmod(stage, 100)
    if stage == 9599:
        return "withdrawn"
    if sub == 98 and major < 90:
        return "cancelled"
    if stage >= 6060:
        return "published"
    if major == 0:
        return "preliminary"
    return "under_development"


def stage_name(stage: int, language: str = "en") -> str:
    known = stage_table().get(stage)
    if known is None:
        return stage_code(stage)
    return known.ja if language == "ja" else known.en


@dataclass(frozen=True)
class Deliverable:
    """One ISO project id in one snapshot."""

    source_id: int
    reference: str
    doc_key: str
    deliverable_type: str
    supplement_type: str | None
    title_en: str | None
    publication_date: date | None
    edition: int | None
    committee: str
    stage: int
    replaces: tuple[int, ...] = ()
    replaced_by: tuple[int, ...] = ()

    @property
    def status(self) -> Status:
        return status_of(self.stage)

    @property
    def url(self) -> str:
        return f"https://www.iso.org/standard/{self.source_id}.html"
