"""Compiled patterns: word-bounded in Latin scripts, substrings in CJK, with positions."""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]")
TOKEN = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]|[^\W_]+", re.UNICODE)


def normalise(text: str) -> str:
    """NFKC (full-width letters, Kangxi radicals) and case-folded."""
    return unicodedata.normalize("NFKC", text).casefold()


def _compile_one(pattern: str) -> tuple[bool, str]:
    """(is CJK, regex body): CJK patterns match anywhere, others at word boundaries."""
    text = normalise(pattern.strip())
    wildcard = text.endswith("*")
    text = text.rstrip("*")
    words = [w for w in re.split(r"[\s\-]+", text) if w]
    body = r"[\s\-]*".join(re.escape(w) for w in words)
    if CJK.search(text):
        return True, body
    return False, body + (r"\w*" if wildcard else "")


def _literal(pattern: str) -> str:
    """The longest plain piece every match of ``pattern`` must contain."""
    text = normalise(pattern.strip()).rstrip("*")
    return max((w for w in re.split(r"[\s\-]+", text) if w), key=len, default=text)


class Matcher:
    """A compiled alternation of patterns behind a cheap literal pre-check: most patterns do
    not occur in most documents, and ``in`` on a string is far faster than a regex scan."""

    def __init__(self, patterns: Iterable[str]) -> None:
        unique = sorted(set(patterns))
        compiled = {_compile_one(p) for p in unique}
        words = sorted((b for cjk, b in compiled if not cjk), key=len, reverse=True)
        cjk = sorted((b for is_cjk, b in compiled if is_cjk), key=len, reverse=True)
        # one boundary check per position, then the alternatives (much faster than a
        # look-behind inside every alternative)
        parts = [rf"(?<!\w)(?:{'|'.join(words)})(?!\w)"] if words else []
        parts += [f"(?:{'|'.join(cjk)})"] if cjk else []
        self.regex = re.compile("|".join(parts))
        self.literals = tuple(sorted({_literal(p) for p in unique}, key=len))

    def possible(self, text: str) -> bool:
        return any(literal in text for literal in self.literals)

    def findall(self, text: str) -> list[str]:
        return self.regex.findall(text) if self.possible(text) else []

    def search(self, text: str) -> re.Match[str] | None:
        return self.regex.search(text) if self.possible(text) else None

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        return self.regex.finditer(text) if self.possible(text) else iter(())


def compile_patterns(patterns: Iterable[str]) -> Matcher:
    return Matcher(patterns)


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
