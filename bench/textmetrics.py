"""Metrics for extracted text, titles and dates, shared by every system under test.

Tokens are lower-cased words for alphabetic scripts and single characters for Chinese and
Japanese (Han, kana), which are written without spaces. Text is compared as bags of tokens.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

# Han (with extensions and compatibility ideographs), hiragana, katakana, half-width katakana.
CJK = (
    "\u3005\u3007\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
    "\uff66-\uff9f\U00020000-\U0003134f"
)
TOKEN = re.compile(rf"[{CJK}]|(?:(?![{CJK}])[^\W_])+")


def tokens(text: str) -> list[str]:
    """Lower-cased words; every Han or kana character is a token of its own."""
    return TOKEN.findall(text.lower())


def squeeze(text: str) -> str:
    """Runs of whitespace as one space, without leading or trailing space."""
    return " ".join(text.split())


@dataclass(frozen=True, slots=True)
class Overlap:
    """Bag-of-tokens overlap of one extraction with its reference."""

    common: int
    extracted: int
    reference: int

    @property
    def scores(self) -> tuple[float, float, float]:
        return prf(self.common, self.extracted, self.reference)


def overlap(extracted: str, reference: str) -> Overlap:
    """Multiset intersection of the two token bags; an empty extraction has nothing in common."""
    got, want = Counter(tokens(extracted)), Counter(tokens(reference))
    return Overlap(sum((got & want).values()), sum(got.values()), sum(want.values()))


def prf(common: int, extracted: int, reference: int) -> tuple[float, float, float]:
    precision = common / extracted if extracted else 0.0
    recall = common / reference if reference else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def macro(overlaps: Iterable[Overlap]) -> tuple[float, float, float]:
    """Precision, recall and F1 computed per document, then averaged."""
    per_doc = [o.scores for o in overlaps]
    if not per_doc:
        return 0.0, 0.0, 0.0
    p, r, f = (sum(column) / len(per_doc) for column in zip(*per_doc, strict=True))
    return p, r, f


def micro(overlaps: Iterable[Overlap]) -> tuple[float, float, float]:
    """Precision, recall and F1 over all tokens of all documents."""
    common = extracted = reference = 0
    for o in overlaps:
        common, extracted, reference = (
            common + o.common,
            extracted + o.extracted,
            reference + o.reference,
        )
    return prf(common, extracted, reference)


@dataclass(frozen=True, slots=True)
class Snippets:
    """``with`` snippets found in the extraction and ``without`` snippets absent from it."""

    with_found: int
    with_total: int
    without_absent: int
    without_total: int


def snippets(extracted: str, with_: Iterable[str], without: Iterable[str]) -> Snippets:
    """Substring tests after whitespace normalisation (the trafilatura evaluation's rule)."""
    text = squeeze(extracted)
    wanted, unwanted = [squeeze(s) for s in with_], [squeeze(s) for s in without]
    return Snippets(
        sum(1 for s in wanted if s in text),
        len(wanted),
        sum(1 for s in unwanted if s not in text),
        len(unwanted),
    )


def same_title(extracted: str | None, reference: str) -> bool:
    """Exact match after whitespace and case normalisation."""
    return extracted is not None and squeeze(extracted).casefold() == squeeze(reference).casefold()


def same_date(extracted: str | None, reference: str) -> bool:
    """Exact ``YYYY-MM-DD`` match; no date found is a miss."""
    return extracted is not None and extracted == reference
