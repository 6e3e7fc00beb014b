"""Topic profiles (TOML, one per topic under ``topics/``): weighted multilingual terms,
required combinations with proximity, exclusions and a threshold, EMM-style."""

from __future__ import annotations

import hashlib
import tomllib
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from horizonscan.errors import ConfigError


class Term(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    concept: str
    weight: float
    lang: str
    patterns: tuple[str, ...] = Field(min_length=1)
    core: bool = False

    @field_validator("patterns")
    @classmethod
    def _non_empty(cls, values: tuple[str, ...]) -> tuple[str, ...]:
        if any(not v.strip() for v in values):
            raise ValueError("empty pattern")
        return values


class Combination(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    weight: float
    groups: tuple[tuple[str, ...], ...] = Field(min_length=2)
    near: int | None = Field(None, ge=1)
    concept: str | None = None


class Exclusion(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    patterns: tuple[str, ...] = Field(min_length=1)
    weight: float = Field(-10.0, le=0)
    veto: bool = False


class TopicMeta(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    name: str
    description: str = ""
    languages: tuple[str, ...] = ()
    threshold: float = Field(gt=0)
    title_weight: float = 3.0
    lead_weight: float = 1.5
    body_weight: float = 1.0
    max_hits: int = Field(3, ge=1)
    require_core: bool = True


class Profile(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    topic: TopicMeta
    term: tuple[Term, ...] = Field(min_length=1)
    combination: tuple[Combination, ...] = ()
    exclude: tuple[Exclusion, ...] = ()
    source: str = ""  # file it was read from
    digest: str = ""  # sha256 of the file, stored with every score

    @property
    def id(self) -> str:
        return self.topic.id


def load_profile(path: Path) -> Profile:
    """Read and validate a profile; a bad file raises ``ConfigError`` naming file and key."""
    try:
        raw = path.read_bytes()
        data = tomllib.loads(raw.decode("utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError("topic profile not found", where=str(path)) from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"invalid TOML: {exc}", where=str(path)) from exc
    try:
        profile = Profile.model_validate(data)
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            loc = err["loc"]
            key = ".".join(f"[{p + 1}]" if isinstance(p, int) else str(p) for p in loc).replace(
                ".[", "["
            )
            msg = "missing required key" if err["type"] == "missing" else err["msg"]
            msg = "unknown key" if err["type"] == "extra_forbidden" else msg
            problems.append(f"key '{key}': {msg}")
        raise ConfigError("; ".join(problems), where=str(path)) from exc
    return profile.model_copy(
        update={"source": str(path), "digest": hashlib.sha256(raw).hexdigest()}
    )


def find_profile(topic: str, folder: Path = Path("topics")) -> Profile:
    """The profile of ``topic`` (file ``<folder>/<topic>.toml``) or a profile file path."""
    path = Path(topic) if topic.endswith(".toml") else folder / f"{topic}.toml"
    return load_profile(path)
