"""Stories: one event across sources and languages becomes one story; nothing else merges."""

from __future__ import annotations

import random
from datetime import date, timedelta

from horizonscan.stories.anchors import StoryDoc, figures
from horizonscan.stories.cluster import cluster

EN = (
    "China issues regulations on rare earth management",
    "The State Council published the Rare Earth Management Regulations, Decree No. 785, "
    "which take effect on 1 October 2024. The rules cover mining, smelting and separation and "
    "create a traceability system for rare earth products.",
)
ZH = (
    "国务院公布《稀土管理条例》",
    "国务院总理签署第785号国务院令，公布《稀土管理条例》，自2024年10月1日起施行。条例对稀土开采、"
    "冶炼分离和产品追溯作出规定。",
)


def doc(
    i: int,
    source: str,
    day: date,
    title: str,
    text: str,
    countries: tuple[str, ...] = (),
    concepts: frozenset[str] = frozenset(),
) -> StoryDoc:
    return StoryDoc(i, source, day, title, text, concepts, countries)


def test_same_event_across_languages_is_one_story() -> None:
    docs = [
        doc(
            1,
            "govcn",
            date(2024, 6, 29),
            *ZH,
            countries=("中国",),
            concepts=frozenset({"rare-earths"}),
        ),
        doc(
            2,
            "iea",
            date(2024, 7, 2),
            *EN,
            countries=("中国",),
            concepts=frozenset({"rare-earths"}),
        ),
        doc(
            3,
            "minres",
            date(2024, 7, 1),
            "Australia opens lithium refinery",
            "A 785 tonne lithium plant in Kwinana started production.",
            ("オーストラリア",),
            frozenset({"lithium"}),
        ),
    ]
    stories = cluster(docs)
    assert stories[1] == stories[2] != stories[3]


def test_near_duplicates_merge_but_not_far_apart_in_time() -> None:
    text = (
        "The minister announced 22 million dollars for critical minerals research partnerships " * 5
    )
    docs = [
        doc(1, "a", date(2024, 7, 18), "Grant for critical minerals research", text),
        doc(
            2, "b", date(2024, 7, 19), "New program for critical minerals research", text + " More."
        ),
        doc(3, "c", date(2024, 12, 1), "Grant for critical minerals research", text),
    ]
    stories = cluster(docs)
    assert stories[1] == stories[2]
    assert stories[3] != stories[1]


def test_shared_common_anchor_alone_does_not_merge() -> None:
    docs = [
        doc(
            1,
            "iso",
            date(2024, 7, 1),
            "ISO publishes vocabulary",
            "ISO 22444 was published.",
            ("スイス",),
        ),
        doc(
            2,
            "ec",
            date(2024, 7, 2),
            "ISO week in Brussels",
            "ISO experts met in Brussels.",
            ("欧州",),
        ),
    ]
    stories = cluster(docs)
    assert stories[1] != stories[2]


def test_figures_ignore_years_and_days() -> None:
    assert figures("On 5 March 2024 the 36 projects worth 1,200.50 million and 192.1") == {
        "36",
        "1.2e+09",
        "192.1",
    }


def test_clustering_compares_far_fewer_pairs_than_all() -> None:
    rng = random.Random(7)
    words = [f"w{i}" for i in range(5000)]
    docs = []
    for i in range(3000):
        day = date(2024, 1, 1) + timedelta(days=rng.randrange(300))
        text = (
            " ".join(rng.choice(words) for _ in range(80))
            + f" {rng.randrange(100, 100000)} ABC{rng.randrange(999)}"
        )
        docs.append(
            doc(i, f"s{i % 40}", day, f"Release {i}", text, (rng.choice(["日本", "韓国", "中国"]),))
        )
    stats: dict[str, int] = {}
    stories = cluster(docs, stats=stats)
    assert len(stories) == 3000
    assert stats["compared_pairs"] < 0.01 * 3000 * 2999 / 2
