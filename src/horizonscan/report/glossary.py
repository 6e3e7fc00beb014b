"""Glossary footnotes （※）: a defined term gets its note the first time it appears in an item."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from horizonscan.classify.matcher import Matcher
from horizonscan.errors import ConfigError
from horizonscan.report.model import Para


class Term(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    term: str
    match: tuple[str, ...] = Field(min_length=1)
    note: str
    origin: str = "horizonscan"


@dataclass(frozen=True)
class Glossary:
    terms: tuple[tuple[Term, Matcher], ...]

    @classmethod
    def load(cls, path: Path) -> Glossary:
        try:
            data = tomllib.loads(path.read_text("utf-8"))
            terms = tuple(Term.model_validate(t) for t in data.get("term", []))
        except FileNotFoundError as exc:
            raise ConfigError("glossary not found", where=str(path)) from exc
        except (tomllib.TOMLDecodeError, ValidationError) as exc:
            raise ConfigError(f"invalid glossary: {exc}", where=str(path)) from exc
        return cls(tuple((t, Matcher(t.match)) for t in terms))

    @classmethod
    def empty(cls) -> Glossary:
        return cls(())

    def notes(self, texts: list[str]) -> list[Para]:
        """Footnotes for the terms found in ``texts``, in order of first appearance."""
        from horizonscan.classify.matcher import normalise

        joined = normalise("\n".join(texts))
        found = []
        for term, matcher in self.terms:
            match = matcher.search(joined)
            if match:
                found.append((match.start(), term))
        found.sort(key=lambda pair: pair[0])
        if not found:
            return []
        if len(found) == 1:
            return [Para("note", f"（※）{found[0][1].term}：{found[0][1].note}")]
        return [
            Para("note", f"（※{n}）{term.term}：{term.note}")
            for n, (_, term) in enumerate(found, start=1)
        ]
