"""chrF: the character n-gram F-score (n = 1…6, β = 2) used to compare generated Japanese
titles and bullets with the reference edition's (characters suit Japanese, which has no
spaces between words)."""

from __future__ import annotations

from collections import Counter

MAX_N = 6
BETA = 2.0


def _grams(text: str, n: int) -> Counter[str]:
    squeezed = "".join(text.split())
    return Counter(squeezed[i : i + n] for i in range(len(squeezed) - n + 1))


def chrf(hypothesis: str, reference: str, max_n: int = MAX_N, beta: float = BETA) -> float:
    precisions, recalls = [], []
    for n in range(1, max_n + 1):
        hyp, ref = _grams(hypothesis, n), _grams(reference, n)
        if not hyp or not ref:
            continue
        overlap = sum((hyp & ref).values())
        precisions.append(overlap / sum(hyp.values()))
        recalls.append(overlap / sum(ref.values()))
    if not precisions:
        return 0.0
    p, r = sum(precisions) / len(precisions), sum(recalls) / len(recalls)
    if p + r == 0:
        return 0.0
    return (1 + beta**2) * p * r / (beta**2 * p + r)
