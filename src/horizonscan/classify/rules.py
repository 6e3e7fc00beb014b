"""Rule scoring: every point of a score can be traced to a term, a field and a weight."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from horizonscan.classify.matcher import Doc, Matcher, compile_patterns, normalise, token_positions
from horizonscan.classify.profile import Profile

Field = Literal["title", "lead", "body", "text"]
SENTENCE = re.compile(r"[^.!?。！？\n]+[.!?。！？]?")


@dataclass(frozen=True)
class Hit:
    kind: Literal["term", "combination", "exclude"]
    name: str
    lang: str | None
    field: Field
    matched: tuple[str, ...]
    count: int
    weight: float
    contribution: float


@dataclass(frozen=True)
class RuleScore:
    topic: str
    score: float
    threshold: float
    relevant: bool
    core: bool
    veto: str | None
    hits: tuple[Hit, ...]
    concepts: frozenset[str]
    best_sentence: str | None

    def summary(self) -> str:
        top = sorted(self.hits, key=lambda h: -abs(h.contribution))[:4]
        return ", ".join(f"{h.name}@{h.field} {h.contribution:+.1f}" for h in top)


class RuleScorer:
    def __init__(self, profile: Profile) -> None:
        self.profile = profile
        meta = profile.topic
        self.weights: dict[Field, float] = {
            "title": meta.title_weight,
            "lead": meta.lead_weight,
            "body": meta.body_weight,
        }
        self.terms = [(t, compile_patterns(t.patterns)) for t in profile.term]
        self.combos = [(c, [compile_patterns(g) for g in c.groups]) for c in profile.combination]
        self.excludes = [(e, compile_patterns(e.patterns)) for e in profile.exclude]

    def score(self, title: str | None, text: str) -> RuleScore:
        doc = Doc.of(title, text)
        fields: list[tuple[Field, str]] = [
            ("title", doc.title),
            ("lead", doc.lead),
            ("body", doc.body),
        ]
        cap = self.profile.topic.max_hits
        hits: list[Hit] = []
        concepts: set[str] = set()
        core = False
        full = doc.full
        for term, rx in self.terms:
            if not rx.possible(full):
                continue
            for field, value in fields:
                found = rx.regex.findall(value) if value else []
                if not found:
                    continue
                count = min(len(found), cap)
                contribution = term.weight * self.weights[field] * count
                hits.append(
                    Hit(
                        "term",
                        term.concept,
                        term.lang,
                        field,
                        tuple(sorted(set(found)))[:5],
                        len(found),
                        term.weight,
                        contribution,
                    )
                )
                concepts.add(term.concept)
                core = core or (term.core and term.weight > 0)
        for combo, groups in self.combos:
            where = self._combination(full, groups, combo.near)
            if where is None:
                continue
            in_title = all(g.search(doc.title) for g in groups)
            factor = self.weights["title"] if in_title else 1.0
            hits.append(
                Hit(
                    "combination",
                    combo.name,
                    None,
                    "title" if in_title else "text",
                    where,
                    1,
                    combo.weight,
                    combo.weight * factor,
                )
            )
            if combo.concept:
                concepts.add(combo.concept)
            core = core or combo.weight > 0
        veto = None
        for exclusion, rx in self.excludes:
            if not rx.possible(full):
                continue
            for field, value in fields:
                found = rx.regex.findall(value) if value else []
                if found:
                    hits.append(
                        Hit(
                            "exclude",
                            exclusion.name,
                            None,
                            field,
                            tuple(sorted(set(found)))[:5],
                            len(found),
                            exclusion.weight,
                            exclusion.weight * self.weights[field],
                        )
                    )
                    if exclusion.veto:
                        veto = exclusion.name
        score = round(sum(h.contribution for h in hits), 3)
        threshold = self.profile.topic.threshold
        relevant = (
            score >= threshold and veto is None and (core or not self.profile.topic.require_core)
        )
        return RuleScore(
            topic=self.profile.id,
            score=score,
            threshold=threshold,
            relevant=relevant,
            core=core,
            veto=veto,
            hits=tuple(hits),
            concepts=frozenset(concepts),
            best_sentence=self.best_sentence(title, text) if hits else None,
        )

    @staticmethod
    def _combination(text: str, groups: list[Matcher], near: int | None) -> tuple[str, ...] | None:
        spans = [[(m.start(), m.end()) for m in g.finditer(text)] for g in groups]
        if not all(spans):
            return None
        matched = tuple(text[s[0][0] : s[0][1]] for s in spans)
        if near is None:
            return matched
        positions = [token_positions(text, s) for s in spans]
        first, rest = positions[0], positions[1:]
        for anchor in first:
            if all(any(abs(anchor - p) <= near for p in group) for group in rest):
                return matched
        return None

    def best_sentence(self, title: str | None, text: str) -> str | None:
        """The sentence of the body where the profile's positive terms weigh most."""
        whole = normalise(text[:20000])
        fired = [(t, rx) for t, rx in self.terms if t.weight > 0 and rx.possible(whole)]
        best, best_score = None, 0.0
        for match in SENTENCE.finditer(text[:20000]):
            sentence = match.group(0).strip()
            if len(sentence) < 15:
                continue
            norm = normalise(sentence)
            value = sum(t.weight for t, rx in fired if rx.search(norm))
            if value > best_score:
                best, best_score = sentence, value
        return best[:400] if best else None
