"""Edition settings (cover fields, page lines) from ``editions/<topic>.toml``; a missing file
gives defaults and a warning, never a failure."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from horizonscan.errors import ConfigError


class CommitteeSetting(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str  # ISO/TC 298
    label: str  # ISO/TC298（希土類）
    short: str  # TC298
    url: str
    scope: str = ""


class EditionSettings(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    topic: str = "rare-earths"
    title: str = "海外標準化動向調査（{month}）"
    project: str = ""
    issuer: str = "horizonscan"
    addressee: str = ""
    copyright: str = "© horizonscan"
    pickups: int = Field(1, ge=0, le=5)
    summary_sentences: int = Field(3, ge=1, le=8)
    committees: tuple[CommitteeSetting, ...] = ()


@dataclass(frozen=True)
class LoadedSettings:
    settings: EditionSettings
    warnings: tuple[str, ...]


def load_edition_settings(path: Path | None) -> LoadedSettings:
    if path is None or not path.is_file():
        where = str(path) if path else "no edition config given"
        return LoadedSettings(
            EditionSettings(), (f"{where}: edition config not found, defaults used",)
        )
    try:
        data = tomllib.loads(path.read_text("utf-8"))
        return LoadedSettings(EditionSettings.model_validate(data.get("edition", {})), ())
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"invalid TOML: {exc}", where=str(path)) from exc
    except ValidationError as exc:
        problems = "; ".join(
            f"key 'edition.{'.'.join(map(str, e['loc']))}': {e['msg']}" for e in exc.errors()
        )
        raise ConfigError(problems, where=str(path)) from exc
