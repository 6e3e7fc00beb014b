"""Line breaking by measured width, with the Japanese rules (kinsoku shori): no line starts
with closing brackets or small punctuation, none ends with an opening bracket; Latin words
stay whole; URLs break after '/', '?', '&', '=', '-', '.', '_' and only then anywhere."""

from __future__ import annotations

import re
from collections.abc import Callable

# Characters that must not start a line.
NO_START = set(
    "、。，．,.：；:;!?！？）)］]｝}〉》」』】〕〗〙〛’”»‥…ー々ゝゞヽヾぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ・゠〜～%％"
)
# Characters that must not end a line.
NO_END = set("（(［[｛{〈《「『【〔〖〘〚‘“«")
URL_BREAK_AFTER = set("/?&=-._#:")
TOKEN = re.compile(r"https?://\S+|[A-Za-z0-9\u00C0-\u024F'’\-@.%$€£¥#&+/=:_~]+|\s+|.", re.DOTALL)

Measure = Callable[[str], float]


def _is_url(token: str) -> bool:
    return token.startswith(("http://", "https://"))


def _split_long(token: str, width: float, measure: Measure, first_room: float) -> list[str]:
    """Pieces of a token too long for a line, preferring URL-friendly break points."""
    pieces: list[str] = []
    room = first_room
    rest = token
    while rest:
        if measure(rest) <= room:
            pieces.append(rest)
            break
        cut = 0
        for i in range(1, len(rest) + 1):
            if measure(rest[:i]) > room:
                break
            cut = i
        if cut == 0:
            cut = 1 if room >= width else 0
            if cut == 0:
                pieces.append("")
                room = width
                continue
        soft = max((i + 1 for i in range(cut) if rest[i] in URL_BREAK_AFTER), default=0)
        if soft >= max(4, cut // 3):
            cut = soft
        pieces.append(rest[:cut])
        rest = rest[cut:]
        room = width
    return pieces


def wrap(text: str, width: float, measure: Measure, *, hang: float = 0.0) -> list[str]:
    """Lines of ``text`` no wider than ``width``; lines after the first of each paragraph
    are ``hang`` narrower (a hanging indent); explicit newlines are kept."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        lines.extend(_wrap_paragraph(paragraph, width, measure, hang))
    return lines


def _wrap_paragraph(
    text: str, first_width: float, measure: Measure, hang: float = 0.0
) -> list[str]:
    if not text:
        return [""]
    lines: list[str] = []
    current = ""
    width = first_width
    for token in TOKEN.findall(text):
        width = first_width if not lines else first_width - hang
        if token.isspace():
            if current:
                current += " "
            continue
        candidate = current + token
        if measure(candidate.rstrip()) <= width:
            current = candidate
            continue
        if len(token) == 1:  # one CJK character or mark: kinsoku decides where the break goes
            if token in NO_START and current:
                # pull the last character down with the mark (and any marks before it, which
                # must not open a line either)
                cut = len(current) - 1
                while cut > 0 and current[cut] in NO_START:
                    cut -= 1
                head, tail = current[:cut], current[cut:]
                if head.strip():
                    lines.append(head.rstrip())
                    current = tail + token
                    continue
            if current and current[-1] in NO_END:
                head, last = current[:-1], current[-1]
                if head.strip():
                    lines.append(head.rstrip())
                    current = last + token
                    continue
            if current.strip():
                lines.append(current.rstrip())
            current = token
            continue
        if current.strip() and measure(token) <= width:
            cut = len(current)
            while cut > 1 and current[cut - 1] in NO_END:  # an opening bracket goes down too
                cut -= 1
            lines.append(current[:cut].rstrip())
            current = current[cut:] + token
            continue
        room = width - measure(current)
        pieces = _split_long(token, width, measure, room if current else width)
        if pieces and pieces[0]:
            current += pieces[0]
        if len(pieces) > 1:
            lines.append(current.rstrip())
            lines.extend(pieces[1:-1])
            current = pieces[-1]
    if current.strip():
        lines.append(current.rstrip())
    return lines or [""]
