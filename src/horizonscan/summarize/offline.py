"""The offline summariser: an extract, never a translation.

Method (position + topic weight): the source text is split into sentences; each sentence is
scored by its position (earlier sentences of a release carry its news), the weight of the
topic profile's terms it contains, and the figures it states (amounts, dates, counts), with
very short and very long sentences penalised. The best sentences up to the bullet budget are
kept in their original order, each cut at the character budget on a word boundary. The title
stays in the source language and the summary is marked 未翻訳 (``translated=False``)
everywhere it is shown.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from horizonscan.summarize.base import Bullet, ItemSummary, PickupSummary, SummaryRequest

SENTENCE = re.compile(r"[^.!?。！？\n]+(?:[.!?。！？]+|$)")
FIGURE = re.compile(r"\d[\d,.]*\s*(?:%|％|million|billion|万|億|亿|억|tonnes?|t\b|MW|GW)?", re.I)
PROMPT_VERSION = "offline-v1"
MAX_BULLETS = 3
BULLET_CHARS = 240


def sentences(text: str) -> list[str]:
    out = []
    for match in SENTENCE.finditer(text):
        sentence = " ".join(match.group(0).split()).lstrip("-–—•・* ")
        if len(sentence) >= 20:
            out.append(sentence)
    return out


def _cut(sentence: str, limit: int = BULLET_CHARS) -> str:
    if len(sentence) <= limit:
        return sentence
    cut = sentence[:limit]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit * 0.6 else cut).rstrip(",;:、 ") + "…"


class OfflineSummarizer:
    name = "offline"
    model: str | None = None
    prompt_version = PROMPT_VERSION

    def __init__(
        self, weight: Callable[[str], float] | None = None, bullets: int = MAX_BULLETS
    ) -> None:
        """``weight`` scores a sentence by the topic profile's terms (0 when none apply)."""
        self.weight = weight or (lambda _s: 0.0)
        self.bullets = bullets

    def rank(self, request: SummaryRequest) -> list[str]:
        found = [s for s in sentences(request.text) if s.casefold() not in request.title.casefold()]
        scored = []
        for position, sentence in enumerate(found):
            score = 2.0 / (1 + position) + min(self.weight(sentence), 20.0) / 10
            score += 0.3 * min(len(FIGURE.findall(sentence)), 3)
            if len(sentence) < 40 or len(sentence) > 600:
                score -= 0.5
            scored.append((score, position, sentence))
        return [s for _, _, s in sorted(scored, key=lambda t: (-t[0], t[1]))]

    def summarize_item(self, request: SummaryRequest) -> ItemSummary:
        ranked = self.rank(request)
        chosen = sorted(ranked[: self.bullets], key=ranked.index)
        order = sentences(request.text)
        chosen.sort(key=lambda s: order.index(s) if s in order else 0)
        flags = () if chosen else ("空のテキスト：要約なし",)
        return ItemSummary(
            title=request.title,
            bullets=tuple(Bullet(f"• {_cut(s)}", (s,)) for s in chosen),
            translated=False,
            backend=self.name,
            model=None,
            prompt_version=self.prompt_version,
            flags=flags,
        )

    def summarize_pickup(self, request: SummaryRequest) -> PickupSummary:
        ranked = self.rank(request)
        order = sentences(request.text)
        best = sorted(ranked[:5], key=lambda s: order.index(s) if s in order else 0)
        bullets = [Bullet(f"• {_cut(s)}", (s,)) for s in best]
        return PickupSummary(
            topic=request.title,
            organisation=request.organisation,
            points=tuple(bullets[:1]),
            overview=tuple(bullets[1:4]),
            background=tuple(bullets[4:5]),
            translated=False,
            backend=self.name,
            model=None,
            prompt_version=self.prompt_version,
        )
