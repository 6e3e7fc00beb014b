"""Compiled patterns: word-bounded in Latin scripts, substrings in CJK, with positions."""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]")
TOKEN = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]|[^\W_]+", re.UNICODE)


def normalise(text: str) -> str:
    """NFKC (full-width letters, Kangxi radicals) and case-folded."""
    return unicodedata.normalize("NFKC", text).casefold()


def _compile_one(pattern: str) -> str:
    text = normalise(pattern.strip())
    wildcard = text.endswith("*")
    text = text.rstrip("*")
    words = [w for w in re.split(r"[\s\-]+", text) if w]
    body = r"[\s\-]*".join(re.escape(w) for w in words)
    if CJK.search(text):
        return body
    tail = r"\w*" if wildcard else ""
    return rf"(?<!\w){body}{tail}(?!\w)"


def compile_patterns(patterns: Iterable[str]) -> re.Pattern[str]:
    alternatives = sorted({_compile_one(p) for p in patterns}, key=len, reverse=True)
    return re.compile("|".join(alternatives))


@dataclass(frozen=True)
class Doc:
    """Normalised text of one article split into fields, with token offsets for proximity."""

    title: str
    lead: str
    body: str

    @classmethod
    def of(cls, title: str | None, text: str, lead_chars: int = 400) -> Doc:
        norm = normalise(text or "")
        return cls(title=normalise(title or ""), lead=norm[:lead_chars], body=norm[lead_chars:])

    @property
    def full(self) -> str:
        return f"{self.title}\n{self.lead}{self.body}"


def token_positions(text: str, spans: Iterable[tuple[int, int]]) -> list[int]:
    """Token index of each span start (for 'within N tokens' checks)."""
    starts = [m.start() for m in TOKEN.finditer(text)]
    return [bisect.bisect_right(starts, start) for start, _ in spans]
