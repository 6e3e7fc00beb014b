"""The 地域・国 label of an article: the source's region, joined with the other countries a
release is about (a bilateral meeting, a joint statement, an event abroad)."""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from horizonscan.classify.matcher import Matcher, compile_patterns, normalise
from horizonscan.errors import ConfigError

INTERNATIONAL = "国際"
MAX_JOINED = 3


class Country(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    label: str
    code: str
    names: tuple[str, ...] = Field(min_length=1)
    capitals: tuple[str, ...] = ()
    organisations: tuple[str, ...] = ()


def _is_acronym(name: str) -> bool:
    letters = name.replace(".", "")
    return letters.isascii() and letters.isupper() and len(letters) <= 4


def _case_sensitive(names: list[str]) -> re.Pattern[str] | None:
    if not names:
        return None
    return re.compile(
        "|".join(rf"(?<![\w.]){re.escape(n)}(?![\w])" for n in sorted(names, key=len, reverse=True))
    )


@dataclass(frozen=True)
class CountryFinder:
    countries: tuple[Country, ...]
    patterns: tuple[tuple[Matcher | None, re.Pattern[str] | None], ...]

    @classmethod
    def load(cls, path: Path) -> CountryFinder:
        try:
            data = tomllib.loads(path.read_text("utf-8"))
            countries = tuple(Country.model_validate(c) for c in data.get("country", []))
        except FileNotFoundError as exc:
            raise ConfigError("country lexicon not found", where=str(path)) from exc
        except (tomllib.TOMLDecodeError, ValidationError) as exc:
            raise ConfigError(f"invalid country lexicon: {exc}", where=str(path)) from exc
        # Upper-case short names (US, EU, UK) keep their case: "us" and "eu" are words too.
        patterns = []
        for c in countries:
            names = [*c.names, *c.capitals, *c.organisations]
            folded = [n for n in names if not _is_acronym(n)]
            patterns.append(
                (
                    compile_patterns(folded) if folded else None,
                    _case_sensitive([n for n in names if _is_acronym(n)]),
                )
            )
        return cls(countries, tuple(patterns))

    def mentioned(self, text: str) -> list[str]:
        """Country labels in order of first mention."""
        norm = normalise(text)
        plain = unicodedata.normalize("NFKC", text)
        found: dict[str, int] = {}
        for country, (folded, exact) in zip(self.countries, self.patterns, strict=True):
            where = [
                m.start()
                for m in (
                    folded.search(norm) if folded else None,
                    exact.search(plain) if exact else None,
                )
                if m
            ]
            if where:
                found[country.label] = min(found.get(country.label, 10**9), min(where))
        return [label for label, _ in sorted(found.items(), key=lambda kv: kv[1])]


def region_for(source_region: str, title: str | None, lead: str, finder: CountryFinder) -> str:
    """Source region first, then the other countries named in the title (or, for a title
    that names none, in the lead); an international body's release about one or a few
    countries takes those countries; many countries make it 国際."""
    named = finder.mentioned(title or "")
    if not named:
        named = finder.mentioned(lead[:300])
    home = [] if source_region == INTERNATIONAL else source_region.split("/")
    others = [c for c in named if c not in home]
    if not others:
        return source_region
    countries = [*home, *others]
    if len(countries) > MAX_JOINED:
        return INTERNATIONAL
    return "/".join(countries)
