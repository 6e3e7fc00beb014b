"""The offline summariser: an honest extract in the source language, marked untranslated;
the cache; chrF."""

from __future__ import annotations

from datetime import date

import pytest

from horizonscan.classify.profile import load_profile
from horizonscan.summarize.base import SummaryRequest
from horizonscan.summarize.chrf import chrf
from horizonscan.summarizing import cache_key, offline
from tests.conftest import ROOT

PROFILE = load_profile(ROOT / "topics" / "rare-earths.toml")


def request(title: str, text: str, language: str) -> SummaryRequest:
    return SummaryRequest(
        doc_sha256="0" * 64,
        task="item",
        title=title,
        text=text,
        language=language,
        organisation="Org",
        region="中国",
        published=date(2024, 6, 29),
    )


EN = request(
    "China issues new regulations on rare earth management",
    "China's State Council has promulgated Regulations on Rare Earth Management. Premier Li Qiang signed the "
    "decree on 29 June. The regulations take effect on 1 October 2024 and comprise 32 articles. Weather was "
    "fine in Beijing that day. A traceability system for rare earth products will be set up.",
    "en",
)
ZH = request(
    "李强签署国务院令 公布《稀土管理条例》",
    "国务院总理李强日前签署国务院令，公布《稀土管理条例》，自2024年10月1日起施行。稀土是不可再生的重要战略资源。"
    "《条例》共32条。健全稀土全产业链监管体系，建立稀土产品追溯制度。",
    "zh",
)
ES = request(
    "Perú y Japón fortalecen relaciones bilaterales",
    "El Ministerio de Energía y Minas y JOGMEC firmaron un memorando de cooperación en minerales críticos. "
    "El acuerdo impulsa la exploración de litio y cobre en el sur del país. La reunión se realizó en Lima.",
    "es",
)


@pytest.mark.parametrize("req", [EN, ZH, ES], ids=["en", "zh", "es"])
def test_offline_summary_is_an_untranslated_extract(req: SummaryRequest) -> None:
    summary = offline(PROFILE).summarize_item(req)
    assert not summary.translated and summary.backend == "offline" and summary.title == req.title
    assert 1 <= len(summary.bullets) <= 3
    for bullet in summary.bullets:
        assert bullet.text.startswith("• ")
        assert (
            bullet.sources and bullet.sources[0] in req.text
        )  # every bullet rests on a source sentence
        assert len(bullet.text) <= 245


def test_topic_sentences_beat_filler() -> None:
    summary = offline(PROFILE).summarize_item(EN)
    assert not any("Weather" in b.text for b in summary.bullets)


def test_empty_text_is_flagged() -> None:
    summary = offline(PROFILE).summarize_item(request("Title", "", "en"))
    assert summary.bullets == () and summary.flags


def test_cache_key_changes_with_prompt_and_model() -> None:
    a = cache_key("a" * 64, "item", "item-v1", "m1")
    assert a == cache_key("a" * 64, "item", "item-v1", "m1")
    assert (
        len(
            {
                a,
                cache_key("a" * 64, "item", "item-v2", "m1"),
                cache_key("a" * 64, "item", "item-v1", "m2"),
                cache_key("b" * 64, "item", "item-v1", "m1"),
            }
        )
        == 4
    )


def test_chrf() -> None:
    assert chrf("レアアースの管理規則", "レアアースの管理規則") == pytest.approx(1.0)
    assert chrf("全く違う文章", "レアアースの管理規則") < 0.1
    assert (
        0.3
        < chrf("中国がレアアース管理条例を公布", "中国国務院がレアアース管理条例を公布した")
        < 1.0
    )
