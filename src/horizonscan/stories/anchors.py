"""What two reports of one event share whatever their language: acronyms and names written
in Latin letters, figures, the countries involved, the topic concepts they discuss."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from horizonscan.classify.matcher import normalise
from horizonscan.extract.dates import all_dates

ACRONYM = re.compile(r"(?<![\w-])[A-Z][A-Z0-9&]{1,9}(?![\w-])")
NUMBER = re.compile(r"(?<![A-Za-z0-9.,])(?:\d{1,3}(?:[,\u00a0]\d{3})+|\d+)(?:\.\d+)?(?![\d])")
# Words printed in capitals that carry no identity of an event.
COMMON_ACRONYMS = frozenset(
    {
        "THE",
        "AND",
        "FOR",
        "PDF",
        "HTML",
        "FAQ",
        "NEWS",
        "MEDIA",
        "RELEASE",
        "CEO",
        "MP",
        "PM",
        "AM",
        "OK",
        "TV",
        "RSS",
        "URL",
        "ID",
        "NO",
        "II",
        "III",
        "IV",
        "USA",
        "US",
        "UK",
        "EU",
        "UN",
        "GDP",
        "Q1",
        "Q2",
        "Q3",
        "Q4",
        "MR",
        "MS",
        "DR",
    }
)
SHINGLE_WORDS = 3
SHINGLE_CHARS = 4
CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


@dataclass(frozen=True)
class StoryDoc:
    article_id: int
    source_id: str
    published: date | None
    title: str
    text: str
    concepts: frozenset[str] = frozenset()
    countries: tuple[str, ...] = ()


def acronyms(text: str) -> set[str]:
    plain = unicodedata.normalize("NFKC", text)
    return {a for a in ACRONYM.findall(plain) if a not in COMMON_ACRONYMS and not a.isdigit()}


def figures(text: str) -> set[str]:
    """Figures worth matching: not years, not day numbers, not single digits."""
    out = set()
    for raw in NUMBER.findall(unicodedata.normalize("NFKC", text)):
        value = re.sub(r"[,\u00a0 ]", "", raw)
        try:
            number = float(value)
        except ValueError:
            continue
        if number <= 31 or (1900 <= number <= 2100 and "." not in value):
            continue
        out.add(value.rstrip("0").rstrip(".") if "." in value else value)
    return out


def mentioned_dates(doc: StoryDoc, text: str) -> set[str]:
    """Dates the text names, apart from the days around its own publication."""
    dates = all_dates(text)
    if doc.published is not None:
        dates = {d for d in dates if abs((d - doc.published).days) > 1}
    return {d.isoformat() for d in dates}


def anchors(doc: StoryDoc, limit: int = 6000) -> frozenset[str]:
    head = f"{doc.title}\n{doc.text[:limit]}"
    found = {f"a:{a}" for a in acronyms(head)} | {f"n:{n}" for n in figures(head)}
    found |= {f"d:{d}" for d in mentioned_dates(doc, head)}
    found |= {f"c:{c}" for c in doc.countries} | {f"k:{k}" for k in doc.concepts}
    return frozenset(found)


def shingles(text: str, limit: int = 8000) -> set[str]:
    norm = normalise(text[:limit])
    if CJK.search(norm[:500]):
        squeezed = re.sub(r"\s+", "", norm)
        return {
            squeezed[i : i + SHINGLE_CHARS]
            for i in range(max(len(squeezed) - SHINGLE_CHARS + 1, 1))
        }
    words = re.findall(r"\w+", norm)
    return {
        " ".join(words[i : i + SHINGLE_WORDS])
        for i in range(max(len(words) - SHINGLE_WORDS + 1, 1))
    }
