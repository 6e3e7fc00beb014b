"""Publication and update dates, with the evidence that won.

Evidence in order of trust: structured metadata (meta tags, JSON-LD, ``<time>``), a dated
line in the visible text ("Published: …", "发布时间：…"), the feed or sitemap entry, then
the URL. "Modified", "Updated", "Last reviewed" and copyright lines never give the
publication date. Dates in the future or before ``EARLIEST`` are refused.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta

import htmldate
from lxml import html

EARLIEST = date(1995, 1, 1)
PUBLISHED_META = (
    "article:published_time",
    "og:published_time",
    "datepublished",
    "dcterms.issued",
    "dc.date.issued",
    "dcterms.created",
    "dc.date.created",
    "firstpublishedtime",
    "publishdate",
    "pubdate",
    "publish-date",
    "citation_publication_date",
    "dc.date",
    "date",
    "sailthru.date",
    "parsely-pub-date",
)
UPDATED_META = (
    "article:modified_time",
    "og:updated_time",
    "datemodified",
    "dcterms.modified",
    "dc.date.modified",
    "lastmod",
    "last-modified",
)
MONTHS = {
    **{
        m: i
        for i, m in enumerate(
            [
                "january",
                "february",
                "march",
                "april",
                "may",
                "june",
                "july",
                "august",
                "september",
                "october",
                "november",
                "december",
            ],
            1,
        )
    },
    **{
        m: i
        for i, m in enumerate(
            ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1
        )
    },
    "sept": 9,
    **{
        m: i
        for i, m in enumerate(
            [
                "enero",
                "febrero",
                "marzo",
                "abril",
                "mayo",
                "junio",
                "julio",
                "agosto",
                "septiembre",
                "octubre",
                "noviembre",
                "diciembre",
            ],
            1,
        )
    },
    "setiembre": 9,
    **{
        m: i
        for i, m in enumerate(
            [
                "janvier",
                "février",
                "mars",
                "avril",
                "mai",
                "juin",
                "juillet",
                "août",
                "septembre",
                "octobre",
                "novembre",
                "décembre",
            ],
            1,
        )
    },
    **{
        m: i
        for i, m in enumerate(
            [
                "januar",
                "februar",
                "märz",
                "april",
                "mai",
                "juni",
                "juli",
                "august",
                "september",
                "oktober",
                "november",
                "dezember",
            ],
            1,
        )
    },
}
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
PATTERNS = [
    ("ymd", re.compile(r"(?<!\d)(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})(?!\d)")),
    ("ymd", re.compile(r"(\d{4})\s*[年년]\s*(\d{1,2})\s*[月월]\s*(\d{1,2})\s*[日일]?")),
    (
        "dMy",
        re.compile(
            rf"(?<!\d)(\d{{1,2}})(?:st|nd|rd|th)?\.?\s+(?:de\s+)?({_MONTH})\.?,?\s+(?:de\s+)?(\d{{4}})",
            re.I,
        ),
    ),
    ("Mdy", re.compile(rf"\b({_MONTH})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})", re.I)),
    ("amb", re.compile(r"(?<!\d)(\d{1,2})[/.](\d{1,2})[/.](\d{4})(?!\d)")),
]
PUBLISHED_CUES = re.compile(
    r"(published|publication date|release date|released|date of issue|posted|issued|"
    r"发布时间|发布日期|发布|發布|发文日期|発表日|公開日|掲載日|발표일|등록일|게시일|"
    r"fecha de publicación|publicado|date de publication|publié|veröffentlicht|erstellt am|"
    r"pressemitteilung vom|meldung vom|stand:)",
    re.I,
)
UPDATED_CUES = re.compile(
    r"(modified|updated|last reviewed|reviewed|revised|更新|修改|修订|最終更新|actualizad|"
    r"mis à jour|aktualisiert|수정)",
    re.I,
)
NEVER = re.compile(r"(©|copyright|\(c\)\s*\d{4}|all rights reserved|版权|著作権)", re.I)


@dataclass(frozen=True)
class DateFinding:
    published: date | None
    updated: date | None
    evidence: str | None


def _valid(y: int, m: int, d: int, today: date) -> date | None:
    try:
        found = date(y, m, d)
    except ValueError:
        return None
    return found if EARLIEST <= found <= today + timedelta(days=1) else None


def parse_date(text: str, today: date, order: str | None = None) -> date | None:
    """The first date written in ``text``; ``order`` ('dmy'/'mdy') settles 03/09/2024."""
    for kind, pattern in PATTERNS:
        for match in pattern.finditer(text):
            a, b, c = match.groups()
            if kind == "ymd":
                found = _valid(int(a), int(b), int(c), today)
            elif kind == "dMy":
                found = _valid(int(c), MONTHS[b.lower()], int(a), today)
            elif kind == "Mdy":
                found = _valid(int(c), MONTHS[a.lower()], int(b), today)
            else:
                first, second = int(a), int(b)
                if order == "mdy" or (order is None and first <= 12 < second):
                    found = _valid(int(c), first, second, today)
                else:
                    found = _valid(int(c), second, first, today)
            if found:
                return found
    return None


def all_dates(text: str, order: str | None = None, today: date | None = None) -> set[date]:
    """Every unambiguous date written in ``text`` (for matching reports of one event)."""
    limit = today or date.today() + timedelta(days=3650)
    found: set[date] = set()
    for kind, pattern in PATTERNS:
        if kind == "amb" and order is None:
            continue
        for match in pattern.finditer(text):
            parsed = parse_date(match.group(0), limit, order)
            if parsed:
                found.add(parsed)
    return found


def _iso(value: str, today: date) -> date | None:
    match = re.match(r"\s*(\d{4})-?(\d{2})-?(\d{2})", value)
    if match:
        return _valid(int(match[1]), int(match[2]), int(match[3]), today)
    return parse_date(value, today)


def _meta(tree: html.HtmlElement, names: tuple[str, ...], today: date) -> tuple[date, str] | None:
    for node in tree.iter("meta"):
        key = (node.get("property") or node.get("name") or node.get("itemprop") or "").lower()
        if key in names and node.get("content"):
            found = _iso(node.get("content", ""), today)
            if found:
                return found, f"meta:{key}"
    return None


def _jsonld(tree: html.HtmlElement, key: str, today: date) -> date | None:
    def walk(node: object) -> Iterator[object]:
        if isinstance(node, dict):
            if key in node:
                yield node[key]
            for value in node.values():
                yield from walk(value)
        elif isinstance(node, list):
            for value in node:
                yield from walk(value)

    for script in tree.iter("script"):
        if (script.get("type") or "").lower() != "application/ld+json" or not script.text:
            continue
        try:
            data = json.loads(script.text)
        except ValueError:
            continue
        for value in walk(data):
            if isinstance(value, str) and (found := _iso(value, today)):
                return found
    return None


def _time_elements(tree: html.HtmlElement, today: date) -> date | None:
    for node in tree.iter("time"):
        context = " ".join(
            f"{p.get('class', '')} {p.get('itemprop', '')} {(p.text or '')}"
            for p in [node, *list(node.iterancestors())[:2]]
        )
        if UPDATED_CUES.search(context) or not node.get("datetime"):
            continue
        if found := _iso(node.get("datetime", ""), today):
            return found
    return None


DATE_CLASSES = re.compile(r"date|time|byline|posted|publish|pubdate|dateline|timestamp|meta", re.I)
HIDDEN_PLACES = ("footer", "nav", "aside")


def _date_elements(tree: html.HtmlElement, today: date, order: str | None) -> date | None:
    """A date in an element whose class or id says it holds one (``span.date``,
    ``div.byline`` …), not in the footer, not an update."""
    for node in tree.iter():
        if not isinstance(node.tag, str):
            continue
        marker = f"{node.get('class', '')} {node.get('id', '')}"
        if not DATE_CLASSES.search(marker) or UPDATED_CUES.search(marker):
            continue
        text = " ".join(node.text_content().split())
        if not text or len(text) > 160 or UPDATED_CUES.search(text) or NEVER.search(text):
            continue
        if any(p.tag in HIDDEN_PLACES for p in node.iterancestors()):
            continue
        found = parse_date(text, today, order)
        if found:
            return found
    return None


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def from_text(
    text: str, today: date, order: str | None, earliest: date | None = None
) -> tuple[date | None, date | None]:
    """(published, updated) from dated lines of the visible text."""
    published = updated = None
    lines = _lines(text)[:300]
    for index, line in enumerate(lines):
        if len(line) > 300 or NEVER.search(line):
            continue
        probe = line if PUBLISHED_CUES.search(line) or UPDATED_CUES.search(line) else None
        if probe is None:
            continue
        found = parse_date(line, today, order)
        if found is None and index + 1 < len(lines):  # "Published:" on its own line
            found = parse_date(lines[index + 1], today, order)
        if found is None or (earliest is not None and found < earliest):
            continue
        if UPDATED_CUES.search(line) and not PUBLISHED_CUES.search(line.split(":")[0]):
            updated = updated or found
        elif published is None:
            published = found
    return published, updated


def first_plain_date(text: str, today: date, order: str | None) -> date | None:
    """A date on a short line near the top that is not an update or copyright line."""
    for line in _lines(text)[:25]:
        if len(line) <= 80 and not NEVER.search(line) and not UPDATED_CUES.search(line):
            found = parse_date(line, today, order)
            if found:
                return found
    return None


URL_DATE = re.compile(r"/(20\d{2}|19\d{2})[/-]?(\d{2})[/-]?(\d{2})?(?=[/_.-]|$)")


def from_url(url: str, today: date) -> date | None:
    match = URL_DATE.search(url)
    if match and match[3]:
        return _valid(int(match[1]), int(match[2]), int(match[3]), today)
    return None


def _htmldate(source: str | None, today: date) -> date | None:
    """htmldate's heuristics, for pages that carry no explicit evidence of their own."""
    if not source:
        return None
    try:
        found = htmldate.find_date(
            source,
            original_date=True,
            outputformat="%Y-%m-%d",
            max_date=today.isoformat(),
            extensive_search=True,
        )
    except (ValueError, TypeError):
        return None
    return _iso(found, today) if found else None


def find_dates(
    tree: html.HtmlElement | None,
    text: str,
    url: str,
    *,
    today: date,
    order: str | None = None,
    hint: date | None = None,
    hint_evidence: str | None = None,
    source: str | None = None,
    earliest: date | None = None,
) -> DateFinding:
    """The publication date (the first evidence that gives one, in order of trust), the
    last-updated date, and which evidence won. ``source`` is the page's HTML, for htmldate."""
    updated = None
    if tree is not None:
        meta_updated = _meta(tree, UPDATED_META, today)
        updated = meta_updated[0] if meta_updated else _jsonld(tree, "dateModified", today)
    text_published, text_updated = from_text(text, today, order, earliest)
    updated = updated or text_updated
    evidence: list[tuple[str, Callable[[], date | None]]] = []
    if tree is not None:
        meta = _meta(tree, PUBLISHED_META, today)
        if meta:
            evidence.append((meta[1], lambda: meta[0]))
        evidence.append(("json-ld", lambda: _jsonld(tree, "datePublished", today)))
        evidence.append(("time-element", lambda: _time_elements(tree, today)))
    evidence.append(("text", lambda: text_published))
    if tree is not None:
        evidence.append(("date-element", lambda: _date_elements(tree, today, order)))
    evidence.append((hint_evidence or "hint", lambda: hint))
    evidence.append(("htmldate", lambda: _htmldate(source, today)))
    evidence.append(("text-near-top", lambda: first_plain_date(text, today, order)))
    evidence.append(("url", lambda: from_url(url, today)))
    for name, find in evidence:
        found = find()
        if found is not None and earliest is not None and found < earliest:
            continue  # before the site existed: a reference to an older event, not the release date
        if found is not None:
            return DateFinding(found, updated if updated != found else None, name)
    return DateFinding(None, updated, None)
