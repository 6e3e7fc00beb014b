"""The final decision: the rules' score blended with the learned model's probability."""

from __future__ import annotations

import math
from dataclasses import dataclass

from horizonscan.classify.rules import RuleScore

MODEL_SHARE_CAP = 0.6
MODEL_SHARE_HALF = 30  # labels at which the model gets half of its maximum share


@dataclass(frozen=True)
class Decision:
    topic: str
    relevant: bool
    probability: float
    rule_probability: float
    model_probability: float | None
    model_share: float
    rules: RuleScore

    def explanation(self) -> dict[str, object]:
        return {
            "rule_score": self.rules.score,
            "threshold": self.rules.threshold,
            "rule_probability": round(self.rule_probability, 3),
            "model_probability": None
            if self.model_probability is None
            else round(self.model_probability, 3),
            "model_share": round(self.model_share, 3),
            "probability": round(self.probability, 3),
            "core": self.rules.core,
            "veto": self.rules.veto,
            "hits": [
                {
                    "kind": h.kind,
                    "name": h.name,
                    "lang": h.lang,
                    "field": h.field,
                    "matched": list(h.matched),
                    "count": h.count,
                    "weight": h.weight,
                    "contribution": round(h.contribution, 2),
                }
                for h in self.rules.hits
            ],
            "best_sentence": self.rules.best_sentence,
            "concepts": sorted(self.rules.concepts),
        }


def rule_probability(rules: RuleScore) -> float:
    """The rule score mapped to (0, 1): 0.5 exactly at the threshold."""
    scale = max(rules.threshold / 2, 1e-6)
    p = 1 / (1 + math.exp(-(rules.score - rules.threshold) / scale))
    return p if rules.core else min(p, 0.25)


def model_share(labels: int) -> float:
    return MODEL_SHARE_CAP * labels / (labels + MODEL_SHARE_HALF)


def decide(rules: RuleScore, model_probability: float | None = None, labels: int = 0) -> Decision:
    p_rule = rule_probability(rules)
    if model_probability is None:
        return Decision(rules.topic, rules.relevant, p_rule, p_rule, None, 0.0, rules)
    share = model_share(labels)
    p = (1 - share) * p_rule + share * model_probability
    relevant = p >= 0.5 and rules.veto is None
    return Decision(rules.topic, relevant, p, p_rule, model_probability, share, rules)
