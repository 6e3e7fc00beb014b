"""Quality against a gold file: relevance, dates, organisations, regions, stories.

The gold file labels every article of a corpus by ``source`` and URL ``path`` (the host and
port may change from run to run): ``relevant``, ``published``, ``organisation``, ``region``,
``story``. Pages marked ``robots_disallowed`` are never fetched and are left out.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import urlsplit


@dataclass(frozen=True)
class Ratio:
    right: int
    total: int

    @property
    def value(self) -> float:
        return self.right / self.total if self.total else 1.0


@dataclass(frozen=True)
class PRF:
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class EvalReport:
    relevance: PRF
    dates: Ratio
    organisations: Ratio
    regions: Ratio
    stories: PRF
    missing: list[str] = field(default_factory=list)
    false_positives: list[str] = field(default_factory=list)
    false_negatives: list[str] = field(default_factory=list)
    wrong_dates: list[str] = field(default_factory=list)
    wrong_regions: list[str] = field(default_factory=list)
    story_errors: list[str] = field(default_factory=list)

    def metrics(self) -> dict[str, float]:
        return {
            "precision": self.relevance.precision,
            "recall": self.relevance.recall,
            "date_accuracy": self.dates.value,
            "organisation_accuracy": self.organisations.value,
            "region_accuracy": self.regions.value,
            "story_precision": self.stories.precision,
            "story_recall": self.stories.recall,
            "story_f1": self.stories.f1,
        }


def _key(source: str, url_or_path: str) -> tuple[str, str]:
    parts = urlsplit(url_or_path)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    return source, path


def _in(period: tuple[date, date], value: str | None) -> bool:
    return value is not None and period[0] <= date.fromisoformat(value) <= period[1]


def evaluate(gold: dict[str, Any], rows: list[dict[str, Any]]) -> EvalReport:
    topic = gold.get("topic")
    period = (
        date.fromisoformat(gold["period"]["start"]),
        date.fromisoformat(gold["period"]["end"]),
    )
    found = {
        _key(r["source"], r["url"]): r
        for r in rows
        if topic is None or r.get("topic") in (topic, None)
    }
    articles = [a for a in gold["articles"] if not a.get("robots_disallowed")]
    tp = fp = fn = 0
    report = EvalReport(PRF(0, 0, 0), Ratio(0, 0), Ratio(0, 0), Ratio(0, 0), PRF(0, 0, 0))
    dates = orgs = regions = 0
    for article in articles:
        key = (article["source"], article["path"])
        row = found.get(key)
        label = f"{article['source']}{article['path']}"
        if row is None:
            report.missing.append(label)
            row = {}
        want = bool(article["relevant"]) and _in(period, article["published"])
        got = bool(row.get("relevant")) and _in(period, row.get("published"))
        tp, fp, fn = tp + (want and got), fp + (got and not want), fn + (want and not got)
        if got and not want:
            report.false_positives.append(
                f"{label} (score {row.get('score')}, {row.get('published')})"
            )
        if want and not got:
            report.false_negatives.append(
                f"{label} (score {row.get('score')}, {row.get('published')})"
            )
        if row.get("published") == article["published"]:
            dates += 1
        else:
            report.wrong_dates.append(
                f"{label}: {row.get('published')} ≠ {article['published']} "
                f"({row.get('date_evidence')})"
            )
        orgs += row.get("organisation") == article["organisation"]
        if set(str(row.get("region", "")).split("/")) == set(article["region"].split("/")):
            regions += 1
        else:
            report.wrong_regions.append(f"{label}: {row.get('region')} ≠ {article['region']}")
    report.relevance = PRF(tp, fp, fn)
    n = len(articles)
    report.dates, report.organisations, report.regions = (
        Ratio(dates, n),
        Ratio(orgs, n),
        Ratio(regions, n),
    )
    report.stories = _stories(articles, found, report)
    return report


def _stories(
    articles: list[dict[str, Any]], found: dict[tuple[str, str], dict[str, Any]], report: EvalReport
) -> PRF:
    tp = fp = fn = 0
    for a, b in itertools.combinations(articles, 2):
        ra, rb = found.get((a["source"], a["path"])), found.get((b["source"], b["path"]))
        same_gold = a["story"] == b["story"]
        same_pred = bool(ra and rb and ra.get("story") and ra.get("story") == rb.get("story"))
        tp, fp, fn = (
            tp + (same_gold and same_pred),
            fp + (same_pred and not same_gold),
            fn + (same_gold and not same_pred),
        )
        if same_gold != same_pred:
            kind = "split" if same_gold else "merged"
            report.story_errors.append(
                f"{kind}: {a['source']}{a['path']} ~ {b['source']}{b['path']}"
            )
    return PRF(tp, fp, fn)
