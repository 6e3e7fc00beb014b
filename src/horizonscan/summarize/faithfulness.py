"""Does every figure, date and Latin-script name of a Japanese bullet occur in its source?

A bullet is compared with the source text it summarises (usually English, possibly Spanish,
French, German, Chinese or Korean). Both sides are normalised first: NFKC (full-width digits,
Kangxi radicals), thousands separators removed, magnitudes resolved to plain numbers
(「1億9,210万ドル」 = 192,100,000 = "$192.1 million"; 「1兆4000億元」 = "1.4 trillion yuan" =
"1.4万亿元"), currency words and signs dropped, percentages kept apart from other figures,
dates reduced to (year, month, day) whatever their spelling (2024/6/29 = "29 June 2024" =
"June 29, 2024" = "2024-06-29" = "2024年6月29日").

What the bullet states is checked; the source side is read generously (every plausible
reading of an ambiguous figure such as "1.500" or "15m" counts), so the check flags figures and
names the source does not give rather than disagreements of style:

* a number matches a source number of the same value, or one that rounds to it at the
  bullet's precision within 5 % (「約2,200万ドル」 for "$21.8 million"); years, ordinals and
  dates must match exactly; small numbers may be written as words in the source ("three",
  "fifth", "twice");
* a percentage needs a source percentage;
* a date needs a source date with the same fields (a bullet date without a year matches any
  year; a source date without a year matches when the year is named elsewhere in the source);
* a Latin-script name (an acronym such as MSP, EITI, CSIRO, or a capitalised word) must occur as
  a whole word sequence, ignoring case and punctuation ("ISO/TC298" = "ISO/TC 298"), or, for an
  acronym, as the initials of consecutive source words ("EU" = "European Union").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

Date = tuple[int | None, int, int | None]

# CJK radicals NFKC leaves alone (or maps to Chinese forms), and their Japanese kanji
_RADICALS = str.maketrans({"⻑": "長", "⺠": "民", "⻄": "西", "⻲": "亀", "黑": "黒"})


def normalise(text: str) -> str:
    """NFKC plus the radicals NFKC misses; all whitespace runs become one space."""
    text = unicodedata.normalize("NFKC", text).translate(_RADICALS)
    return " ".join(text.split())


# ---------------------------------------------------------------- numbers

_NUM = r"\d+(?:,\d{3})*(?:\.\d+)?"
_CJK_MAG = {
    "百": 100,
    "千": 1000,
    "천": 1000,
    "万": 10**4,
    "萬": 10**4,
    "만": 10**4,
    "億": 10**8,
    "亿": 10**8,
    "억": 10**8,
    "兆": 10**12,
    "조": 10**12,
}
_CJK_SEGMENT = re.compile(rf"({_NUM})\s?([{''.join(_CJK_MAG)}]*)")
_CJK_NEXT = re.compile(rf"(\s?)({_NUM})\s?([{''.join(_CJK_MAG)}]*)")
_WORD_MAG = {
    "thousand": 10**3,
    "thousands": 10**3,
    "mil": 10**3,
    "k": 10**3,
    "million": 10**6,
    "millions": 10**6,
    "millones": 10**6,
    "millón": 10**6,
    "millon": 10**6,
    "millionen": 10**6,
    "mio": 10**6,
    "mn": 10**6,
    "m": 10**6,
    "billion": 10**9,
    "billions": 10**9,
    "bn": 10**9,
    "b": 10**9,
    "milliard": 10**9,
    "milliards": 10**9,
    "milliarde": 10**9,
    "milliarden": 10**9,
    "mrd": 10**9,
    "mil millones": 10**9,
    "trillion": 10**12,
    "trillions": 10**12,
    "billones": 10**12,
    "tn": 10**12,
}
_SHORT_MAG = {"k", "m", "b", "bn", "mn", "tn"}  # only when written right after the digits
_WORD_MAG_RE = re.compile(
    r"(\s?)(" + "|".join(sorted(map(re.escape, _WORD_MAG), key=len, reverse=True)) + r")\.?\b",
    re.I,
)
_PERCENT = re.compile(
    r"\s?(?:%|パーセント|per\s?cent|percent|pct|por\s?ciento|pour\s?cent|prozent|퍼센트)", re.I
)
_EXACT_SUFFIX = re.compile(
    r"\s?(?:年|月|日|回|位|次|号|条|期|周年|番目|世代|か月|ヶ月|カ月|か年|カ年|ヵ月|st\b|nd\b|rd\b|th\b)"
)
_WORD_NUMBERS = {
    **dict.fromkeys(["one", "a single", "uno", "una", "un", "une", "eins", "first"], 1),
    **dict.fromkeys(["two", "dos", "deux", "zwei", "second", "twice", "double", "doubled"], 2),
    **dict.fromkeys(["three", "tres", "trois", "drei", "third", "triple", "tripled"], 3),
    **dict.fromkeys(["four", "cuatro", "quatre", "vier", "fourth", "quadruple"], 4),
    **dict.fromkeys(["five", "cinco", "cinq", "fünf", "fifth"], 5),
    **dict.fromkeys(["six", "seis", "sechs", "sixth"], 6),
    **dict.fromkeys(["seven", "siete", "sept", "sieben", "seventh"], 7),
    **dict.fromkeys(["eight", "ocho", "huit", "acht", "eighth"], 8),
    **dict.fromkeys(["nine", "nueve", "neuf", "neun", "ninth"], 9),
    **dict.fromkeys(["ten", "diez", "dix", "zehn", "tenth"], 10),
    **dict.fromkeys(["eleven", "eleventh"], 11),
    **dict.fromkeys(["twelve", "twelfth", "dozen"], 12),
    **dict.fromkeys(["thirteen", "thirteenth"], 13),
    **dict.fromkeys(["fourteen", "fourteenth"], 14),
    **dict.fromkeys(["fifteen", "fifteenth"], 15),
    **dict.fromkeys(["sixteen", "sixteenth"], 16),
    **dict.fromkeys(["seventeen", "seventeenth"], 17),
    **dict.fromkeys(["eighteen", "eighteenth"], 18),
    **dict.fromkeys(["nineteen", "nineteenth"], 19),
    **dict.fromkeys(["twenty", "twentieth"], 20),
    **dict.fromkeys(["thirty", "thirtieth"], 30),
    **dict.fromkeys(["forty", "fortieth"], 40),
    **dict.fromkeys(["fifty", "fiftieth"], 50),
    **dict.fromkeys(["sixty", "sixtieth"], 60),
    **dict.fromkeys(["seventy", "seventieth"], 70),
    **dict.fromkeys(["eighty", "eightieth"], 80),
    **dict.fromkeys(["ninety", "ninetieth"], 90),
    **dict.fromkeys(["hundred", "a hundred", "hundredth"], 100),
}
_WORD_NUMBER_RE = re.compile(
    r"\b(" + "|".join(sorted(map(re.escape, _WORD_NUMBERS), key=len, reverse=True)) + r")\b",
    re.I,
)
# a Japanese unit after a figure, only to show the figure with it in a flag
_UNIT = re.compile(
    r"\s?(?:%|米ドル|豪ドル|カナダドル|ドル|ユーロ|人民元|元|円|ウォン|ポンド|ソル|ペソ|トン|件|人|社|"
    r"か国|カ国|ヶ国|種類|年|月|日|回|億|万|GWh|MWh|kWh|GW|MW|kW|km|kg|t)"
)


def _decimal(literal: str) -> Decimal:
    return Decimal(literal.replace(",", ""))


@dataclass(frozen=True)
class Figure:
    value: Decimal
    percent: bool
    exact: bool  # a year, an ordinal, a count of months: no rounding allowed
    text: str  # as written in the bullet, for the flag


def _latin_before(text: str, start: int) -> bool:
    """The digits at ``start`` belong to a name like TC298, CO2, G7 or JWG6."""
    return start > 0 and (text[start - 1].isascii() and text[start - 1].isalpha())


def _scale(magnitudes: str) -> int:
    scale = 1
    for char in magnitudes:
        scale *= _CJK_MAG[char]
    return scale


def _cjk_number(text: str, start: int) -> tuple[Decimal, int] | None:
    """Read 「1億9,210万」, 「1 億 9,210 万」, 「46万3,000」, 「1.4万亿」 at ``start``: (value, end)."""
    first = _CJK_SEGMENT.match(text, start)
    if not first:
        return None
    scale = _scale(first.group(2))
    total = _decimal(first.group(1)) * scale
    end = first.end() if scale > 1 else first.end(1)
    while scale > 1:  # a lower-order segment may follow: 1億 + 9,210万 + 5,000
        follow = _CJK_NEXT.match(text, end)
        if not follow:
            break
        next_scale = _scale(follow.group(3))
        value = _decimal(follow.group(2)) * next_scale
        if value >= scale or (next_scale == 1 and follow.group(1)):
            break  # not a part of this number (「1億 2024年」)
        total += value
        end = follow.end() if next_scale > 1 else follow.end(2)
        scale = next_scale
    return total, end


def _word_magnitude(text: str, end: int) -> tuple[int, int] | None:
    match = _WORD_MAG_RE.match(text, end)
    if not match:
        return None
    word = match.group(2).casefold()
    if word in _SHORT_MAG and match.group(1):
        return None  # "15 m" is fifteen metres
    if word == "mil" and text[match.end() : match.end() + 9].casefold().startswith(" millones"):
        return 10**9, match.end() + 9
    return _WORD_MAG[word], match.end()


def _figures(text: str, *, generous: bool) -> list[Figure]:
    """Figures of a normalised text. ``generous``: add every plausible reading (source side)."""
    found: list[Figure] = []
    consumed = 0
    for match in re.finditer(r"\d+(?:[.,]\d+)*", text):
        start = match.start()
        if start < consumed or _latin_before(text, start):
            continue
        read = _cjk_number(text, start)
        if read is None:
            continue
        value, end = read
        consumed = max(end, match.end())
        bases = [(value, end)]
        if generous and end <= match.end():
            literal = match.group(0)
            if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", literal):  # 1.500 = 1500 (es, de, fr)
                bases.append((_decimal(literal.replace(".", "")), match.end()))
            if re.fullmatch(r"\d+,\d{1,2}", literal):  # 1,5 = 1.5
                bases.append((Decimal(literal.replace(",", ".")), match.end()))
        readings = []
        for base, base_end in bases:
            magnitude = _word_magnitude(text, base_end)
            if magnitude:
                readings.append((base * magnitude[0], magnitude[1]))
            if not magnitude or generous:
                readings.append((base, base_end))
        for value, end in readings:
            percent = bool(_PERCENT.match(text, end))
            exact = bool(_EXACT_SUFFIX.match(text, end)) or text[max(0, start - 1) : start] == "第"
            unit = _UNIT.match(text, end)
            shown = text[start : unit.end() if unit else end].strip()
            found.append(Figure(value, percent, exact, shown))
    if generous:
        for word in _WORD_NUMBER_RE.finditer(text):
            value = Decimal(_WORD_NUMBERS[word.group(1).casefold()])
            found.append(Figure(value, False, False, word.group(0)))
    return found


def _matches(bullet: Figure, source: Figure) -> bool:
    if bullet.percent and not source.percent:
        return False
    if bullet.value == source.value:
        return True
    if bullet.exact or bullet.value == 0 or source.value == 0:
        return False
    # rounding: the source value rounded at the bullet's precision, and within 5 %
    exponent = bullet.value.normalize().as_tuple().exponent
    if not isinstance(exponent, int):
        return False
    rounded = source.value.quantize(Decimal(1).scaleb(exponent), rounding=ROUND_HALF_UP)
    if rounded != bullet.value:
        return False
    return abs(bullet.value - source.value) <= abs(source.value) * Decimal("0.05")


# ---------------------------------------------------------------- dates

_MONTHS = {
    **dict.fromkeys(["january", "jan", "enero", "janvier", "januar", "janv"], 1),
    **dict.fromkeys(["february", "feb", "febrero", "février", "fevrier", "februar", "févr"], 2),
    **dict.fromkeys(["march", "mar", "marzo", "mars", "märz", "marz"], 3),
    **dict.fromkeys(["april", "apr", "abril", "avril", "avr"], 4),
    **dict.fromkeys(["may", "mayo", "mai"], 5),
    **dict.fromkeys(["june", "jun", "junio", "juin", "juni"], 6),
    **dict.fromkeys(["july", "jul", "julio", "juillet", "juli", "juil"], 7),
    **dict.fromkeys(["august", "aug", "agosto", "août", "aout"], 8),
    **dict.fromkeys(["september", "sep", "sept", "septiembre", "setiembre", "septembre"], 9),
    **dict.fromkeys(["october", "oct", "octubre", "octobre", "oktober", "okt"], 10),
    **dict.fromkeys(["november", "nov", "noviembre", "novembre"], 11),
    **dict.fromkeys(
        ["december", "dec", "diciembre", "décembre", "decembre", "dezember", "dez"], 12
    ),
}
_MON = "(" + "|".join(sorted(map(re.escape, _MONTHS), key=len, reverse=True)) + r")\.?"
_ORD = r"(?:st|nd|rd|th|er|º)?"
_Y, _M2, _D2 = r"(\d{4})", r"(\d{1,2})", r"(\d{1,2})"

# bullet dates (Japanese and numeric forms), most specific first
_BULLET_DATES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(rf"(?<!\d){_Y}\s?[/\-.]\s?{_M2}\s?[/\-.]\s?{_D2}(?!\d)"), "ymd"),
    (re.compile(rf"(?<!\d){_Y}\s?年\s?{_M2}\s?月\s?{_D2}\s?日"), "ymd"),
    (re.compile(rf"(?<!\d){_Y}\s?年\s?{_M2}\s?月"), "ym"),
    (re.compile(rf"(?<![\d.,]){_M2}\s?月\s?{_D2}\s?日"), "md"),
    (re.compile(rf"(?<![\d.,年]){_M2}\s?月(?![\d日])"), "m"),
)
# source dates: numeric, CJK and month-name forms in several languages
_SOURCE_DATES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(rf"(?<!\d){_Y}\s?[/\-.]\s?{_M2}\s?[/\-.]\s?{_D2}(?!\d)"), "ymd"),
    (re.compile(rf"(?<!\d){_D2}\s?[/.\-]\s?{_M2}\s?[/.\-]\s?{_Y}(?!\d)"), "dmy"),
    (re.compile(rf"(?<!\d){_Y}\s?[年년]\s?{_M2}\s?[月월]\s?{_D2}\s?[日일]"), "ymd"),
    (re.compile(rf"(?<!\d){_Y}\s?[年년]\s?{_M2}\s?[月월]"), "ym"),
    (re.compile(rf"(?<!\d){_M2}\s?[月월]\s?{_D2}\s?[日일]"), "md"),
    (re.compile(rf"(?<!\d){_M2}\s?[月월]"), "m"),
    (re.compile(rf"\b{_D2}{_ORD}\.?\s(?:de\s|of\s)?{_MON},?\s(?:de\s)?{_Y}\b", re.I), "dMy"),
    (re.compile(rf"\b{_MON}\s{_D2}{_ORD},?\s{_Y}\b", re.I), "Mdy"),
    (re.compile(rf"\b{_D2}{_ORD}\.?\s(?:de\s|of\s)?{_MON}\b", re.I), "dM"),
    (re.compile(rf"\b{_MON}\s{_D2}{_ORD}\b", re.I), "Md"),
    (re.compile(rf"\b{_MON},?\s(?:de\s)?{_Y}\b", re.I), "My"),
    (re.compile(rf"\b{_MON}\b", re.I), "M"),
)


def _month(word: str) -> int:
    return _MONTHS[word.casefold().rstrip(".")]


def _date(kind: str, groups: tuple[str, ...]) -> list[Date]:
    """The (year, month, day) readings of one date match."""
    g = groups
    if kind == "ymd":
        return [(int(g[0]), int(g[1]), int(g[2]))]
    if kind == "dmy":  # 29/06/2024 or 06/29/2024
        return [(int(g[2]), int(g[1]), int(g[0])), (int(g[2]), int(g[0]), int(g[1]))]
    if kind == "ym":
        return [(int(g[0]), int(g[1]), None)]
    if kind == "md":
        return [(None, int(g[0]), int(g[1]))]
    if kind == "m":
        return [(None, int(g[0]), None)]
    if kind == "dMy":
        return [(int(g[2]), _month(g[1]), int(g[0]))]
    if kind == "Mdy":
        return [(int(g[2]), _month(g[0]), int(g[1]))]
    if kind == "dM":
        return [(None, _month(g[1]), int(g[0]))]
    if kind == "Md":
        return [(None, _month(g[0]), int(g[1]))]
    if kind == "My":
        return [(int(g[1]), _month(g[0]), None)]
    return [(None, _month(g[0]), None)]  # "M"


def _valid(date: Date) -> bool:
    year, month, day = date
    return 1 <= month <= 12 and (day is None or 1 <= day <= 31) and (year is None or year > 1800)


# ---------------------------------------------------------------- names

_LATIN = r"A-Za-z\u00C0-\u024F"
_NAME = re.compile(rf"[{_LATIN}][{_LATIN}0-9]*(?:['’&./\-][{_LATIN}0-9]+)*")
_URL = re.compile(r"https?://\S+|www\.\S+")
_CONNECTORS = {
    "of", "and", "for", "the", "on", "in", "to", "de", "del", "la", "las", "los", "el",
    "y", "e", "des", "du", "le", "les", "et", "und", "der", "die", "das", "für", "&",
}  # fmt: skip
_UNITS = {
    "gwh", "mwh", "kwh", "twh", "gw", "mw", "kw", "km", "km2", "kg", "g", "t", "kt", "mt",
    "m", "m2", "m3", "ppm", "ha", "l", "bn", "mn", "usd", "aud", "cad", "eur", "gt",
}  # fmt: skip
# abbreviations a translator adds for plain words of the source
_GENERIC = {"EV", "EVs", "CO2", "AI", "IT", "GDP", "No"}


def _spaced(text: str) -> str:
    """Latin letters and digits only, lower case, letters and digits split apart, everything
    else (kana and kanji included) a single space: 「JWG6(持続可能性)」 → " jwg 6 "."""
    text = re.sub(rf"[^{_LATIN}0-9]+", " ", text).casefold()
    text = re.sub(r"(?<=[^\W\d_])(?=\d)|(?<=\d)(?=[^\W\d_])", " ", text)
    return " " + " ".join(text.split()) + " "


def _initials(text: str) -> set[str]:
    """Initials of every run of words between punctuation, connectors left out ("EU")."""
    runs = set()
    for chunk in re.split(r"[.,;:()\[\]\"“”!?\n]", text):
        words = re.findall(rf"[{_LATIN}][{_LATIN}0-9'’\-]*", chunk)
        initials = "".join(w[0] for w in words if w.casefold() not in _CONNECTORS)
        if len(initials) >= 2:
            runs.add(initials.casefold())
    return runs


# ---------------------------------------------------------------- the source, indexed


@dataclass
class Source:
    """Everything a bullet may cite, read once per source text."""

    spaced: str
    figures: list[Figure] = field(default_factory=list)
    dates: set[Date] = field(default_factory=set)
    years: set[int] = field(default_factory=set)
    initials: set[str] = field(default_factory=set)

    def has_figure(self, figure: Figure) -> bool:
        return any(_matches(figure, s) for s in self.figures)

    def has_date(self, date: Date) -> bool:
        year, month, day = date
        for s_year, s_month, s_day in self.dates:
            if s_month != month:
                continue
            if day is not None and s_day != day:
                continue
            if year is None or s_year == year or (s_year is None and year in self.years):
                return True
        return False

    def has_name(self, name: str) -> bool:
        if _spaced(name) in self.spaced:
            return True
        letters = re.sub(r"[^A-Za-z]", "", name)
        if name.isupper() and 2 <= len(letters) <= 8:
            return any(letters.casefold() in run for run in self.initials)
        return False


@lru_cache(maxsize=64)
def source_index(source: str) -> Source:
    text = normalise(source)
    index = Source(spaced=_spaced(text), initials=_initials(text))
    index.figures = _figures(text, generous=True)
    for pattern, kind in _SOURCE_DATES:
        for match in pattern.finditer(text):
            index.dates.update(d for d in _date(kind, match.groups()) if _valid(d))
    index.years = {int(f.value) for f in index.figures if 1800 < f.value < 2200}
    return index


# ---------------------------------------------------------------- the check


def unsupported(bullet: str, source: str) -> list[str]:
    """The figures, dates and Latin-script names of ``bullet`` that ``source`` does not give,
    as written in the bullet, in order of appearance, without repeats."""
    index = source_index(source)
    text = normalise(bullet).removeprefix("• ")
    text = _URL.sub(" ", text)
    missing: list[str] = []

    def miss(token: str) -> None:
        if token not in missing:
            missing.append(token)

    masked = list(text)
    for pattern, kind in _BULLET_DATES:
        for match in pattern.finditer("".join(masked)):
            dates = [d for d in _date(kind, match.groups()) if _valid(d)]
            if not dates:
                continue
            if not any(index.has_date(d) for d in dates):
                miss(match.group(0))
            masked[match.start() : match.end()] = " " * (match.end() - match.start())
    rest = "".join(masked)

    for figure in _figures(rest, generous=False):
        if not index.has_figure(figure):
            miss(figure.text)

    for match in _NAME.finditer(rest):
        name = match.group(0).rstrip(".")
        if not (name[0].isupper() or any(c.isdigit() for c in name)):
            continue  # a lower-case word is not a name
        if len(name) == 1:
            continue  # X線, Aランク
        glued = match.start() > 0 and rest[match.start() - 1].isdigit()
        spaced = rest[: match.start()].rstrip()[-1:].isdigit()
        if (glued and len(name) <= 4) or (spaced and name.casefold() in _UNITS):
            continue  # a unit: 940GWh, 60V, 15 km
        if name in _GENERIC:
            continue
        if not index.has_name(name):
            miss(name)
    return missing
