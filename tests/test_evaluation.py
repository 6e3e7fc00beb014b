from __future__ import annotations

import pytest

from horizonscan.evaluation import evaluate

GOLD = {
    "period": {"start": "2024-06-20", "end": "2024-11-30"},
    "topic": "rare-earths",
    "articles": [
        {
            "source": "a",
            "path": "/1",
            "relevant": True,
            "published": "2024-07-01",
            "organisation": "A",
            "region": "韓国/モンゴル",
            "story": "s1",
        },
        {
            "source": "b",
            "path": "/2",
            "relevant": True,
            "published": "2024-07-02",
            "organisation": "B",
            "region": "中国",
            "story": "s1",
        },
        {
            "source": "a",
            "path": "/3",
            "relevant": True,
            "published": "2024-01-01",
            "organisation": "A",
            "region": "韓国",
            "story": "s3",
        },
        {
            "source": "a",
            "path": "/4",
            "relevant": False,
            "published": "2024-08-01",
            "organisation": "A",
            "region": "韓国",
            "story": "s4",
        },
        {
            "source": "a",
            "path": "/private",
            "relevant": True,
            "published": "2024-08-01",
            "organisation": "A",
            "region": "韓国",
            "story": "s5",
            "robots_disallowed": True,
        },
    ],
}


def row(source: str, path: str, **kw: object) -> dict[str, object]:
    base = {
        "source": source,
        "url": f"http://127.0.0.1:9/{path.lstrip('/')}",
        "topic": "rare-earths",
        "organisation": source.upper(),
        "region": "韓国",
        "relevant": False,
        "published": None,
        "story": path,
    }
    return {**base, **kw}


def test_metrics() -> None:
    rows = [
        row("a", "/1", relevant=True, published="2024-07-01", region="モンゴル/韓国", story="x"),
        row("b", "/2", relevant=False, published="2024-07-03", region="中国", story="x"),
        row("a", "/3", relevant=True, published="2024-01-01"),  # out of period: not counted
        row("a", "/4", relevant=True, published="2024-08-01"),  # a false positive
    ]
    report = evaluate(GOLD, rows)
    assert (report.relevance.tp, report.relevance.fp, report.relevance.fn) == (1, 1, 1)
    assert report.dates.right == 3 and report.dates.total == 4  # the disallowed page is left out
    assert report.organisations.value == 1.0
    assert report.regions.right == 4  # region compared as a set of countries
    assert report.stories.f1 == pytest.approx(1.0)
    assert report.metrics()["recall"] == 0.5


def test_missing_articles_are_reported() -> None:
    report = evaluate(GOLD, [])
    assert len(report.missing) == 4 and report.relevance.recall == 0.0
