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
MAGNITUDES = {
    "thousand": 1e3,
    "million": 1e6,
    "millions": 1e6,
    "mn": 1e6,
    "m": 1e6,
    "billion": 1e9,
    "billions": 1e9,
    "bn": 1e9,
    "b": 1e9,
    "trillion": 1e12,
    "millones": 1e6,
    "mil millones": 1e9,
    "milliards": 1e9,
    "milliarden": 1e9,
    "millionen": 1e6,
    "万": 1e4,
    "萬": 1e4,
    "億": 1e8,
    "亿": 1e8,
    "兆": 1e12,
    "만": 1e4,
    "억": 1e8,
    "조": 1e12,
    "crore": 1e7,
    "lakh": 1e5,
}
FIGURE = re.compile(
    r"(?<![A-Za-z0-9.,])((?:\d{1,3}(?:[,\u00a0]\d{3})+|\d+)(?:\.\d+)?)(?!\d)\s?"
    r"(mil millones|thousand|millions?|billions?|trillion|millones|milliards|milliarden|millionen|"
    r"crore|lakh|mn|bn|[mb](?![a-z])|万|萬|億|亿|兆|만|억|조)?",
    re.IGNORECASE,
)
NAME_GLUE = frozenset({"of", "and", "for", "the", "on", "in", "to", "&", "a", "an"})
NAME_RUN = re.compile(r"[A-Z][a-z]+(?:\s+(?:(?:of|and|for|the|on|in|to|&)\s+)?[A-Z][a-z]+){2,}")
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
    """Figures worth matching: not years, not day numbers, not single digits. A figure with
    a magnitude word becomes one value in every language: "71 billion", "710억", "710亿"
    and "7,100 crore" are all 7.1e+10."""
    out = set()
    plain = unicodedata.normalize("NFKC", text)
    for match in FIGURE.finditer(plain):
        raw, unit = match.group(1), (match.group(2) or "").lower()
        value = re.sub(r"[,\u00a0]", "", raw)
        try:
            number = float(value)
        except ValueError:
            continue
        if unit:
            out.add(f"{number * MAGNITUDES[unit]:.3g}")
            continue
        if number <= 31 or (1900 <= number <= 2100 and "." not in value):
            continue
        out.add(value.rstrip("0").rstrip(".") if "." in value else value)
    return out


def names(text: str) -> tuple[set[str], set[str]]:
    """Capitalised names of three words or more: (their full initials, the initials of every
    part of three to five words). The full initials stand for the name itself; the parts let
    "Clean Technology Manufacturing Investment Tax Credit" meet the "CTM ITC" of another
    release, but only where that release prints the acronym."""
    full, parts = set(), set()
    for run in NAME_RUN.finditer(unicodedata.normalize("NFKC", text)):
        words = [w for w in run.group(0).split() if w.lower() not in NAME_GLUE]
        initials = "".join(w[0] for w in words)
        if len(initials) >= 3:
            full.add(initials)
        for size in range(3, 6):
            for start in range(len(initials) - size + 1):
                parts.add(initials[start : start + size])
    return full, parts - COMMON_ACRONYMS


def mentioned_dates(doc: StoryDoc, text: str) -> set[str]:
    """Dates the text names, apart from the days around its own publication."""
    dates = all_dates(text)
    if doc.published is not None:
        dates = {d for d in dates if abs((d - doc.published).days) > 1}
    return {d.isoformat() for d in dates}


def anchors(doc: StoryDoc, limit: int = 6000) -> frozenset[str]:
    head = f"{doc.title}\n{doc.text[:limit]}"
    full, parts = names(head)
    found = (
        {f"a:{a}" for a in acronyms(head)} | {f"f:{f}" for f in full} | {f"i:{i}" for i in parts}
    )
    found |= {f"n:{n}" for n in figures(head)}
    found |= {f"d:{d}" for d in mentioned_dates(doc, head)}
    found |= {f"c:{c}" for c in doc.countries if c} | {f"k:{k}" for k in doc.concepts}
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
