"""Rule scores: each case is a small text beside the decision and evidence it must give."""

from __future__ import annotations

import pytest

from horizonscan.classify.decide import decide, rule_probability
from horizonscan.classify.profile import load_profile
from horizonscan.classify.rules import RuleScorer
from horizonscan.errors import ConfigError
from tests.conftest import FIXTURES

PROFILE = load_profile(FIXTURES / "topics" / "mini.toml")
SCORER = RuleScorer(PROFILE)


@pytest.mark.parametrize(
    ("title", "text", "relevant"),
    [
        ("Rare earths processing plant opens", "The plant separates rare earth oxides.", True),
        ("稀土管理条例公布", "国务院公布稀土管理条例。", True),
        ("Lithium-ion battery safety standard adopted", "A new battery safety standard.", True),
        ("Mining week", "Mining and mine safety, mining jobs, mine tours.", False),  # no core term
        (
            "Free trade talks",
            "The agreement is free of tariffs.",
            False,
        ),  # REE inside 'free' is no hit
        (
            "Research on rare diseases",
            "Funding for rare disease research and rare earth magnets.",
            False,
        ),
        (
            "Lithium in the treatment of bipolar disorder",
            "Lithium remains a mainstay.",
            False,
        ),  # veto
    ],
)
def test_decisions(title: str, text: str, relevant: bool) -> None:
    assert SCORER.score(title, text).relevant is relevant


def test_title_weighs_more_than_body() -> None:
    in_title = SCORER.score("Rare earth deal", "An agreement was signed.")
    in_body = SCORER.score(
        "Agreement signed",
        "An agreement on rare earth supply was signed today by both parties and more words follow here to push the term past the lead of the article "
        + "x " * 300
        + "rare earth",
    )
    assert in_title.score > in_body.score


def test_every_point_is_explained() -> None:
    result = SCORER.score(
        "Rare earths and lithium", "Rare earths, rare earths, rare earths, rare earths. Mining."
    )
    assert result.score == pytest.approx(sum(h.contribution for h in result.hits))
    body = [h for h in result.hits if h.name == "rare-earths" and h.field == "lead"]
    assert (
        body and body[0].count == 4 and body[0].contribution == 6.0 * 1.5 * 3
    )  # saturates at max_hits
    assert result.best_sentence and "Rare earths" in result.best_sentence
    assert {"rare-earths", "lithium", "mining"} <= result.concepts


def test_combination_needs_proximity() -> None:
    near = SCORER.score("", "The battery safety rules were announced.")
    far = SCORER.score(
        "", "The battery was charged. " + "word " * 20 + "A standard procedure followed."
    )
    assert any(h.kind == "combination" for h in near.hits)
    assert not any(h.kind == "combination" for h in far.hits)


def test_rule_probability_is_half_at_threshold_and_blend_follows_the_model() -> None:
    result = SCORER.score("Rare earth", "")
    assert result.score == 18.0
    assert rule_probability(result) > 0.5
    blended = decide(result, model_probability=0.0, labels=1000)
    assert blended.model_share == pytest.approx(0.6 * 1000 / 1030)
    assert blended.relevant is False  # a well-trained model that disagrees strongly wins


def test_malformed_profile_names_file_and_key() -> None:
    with pytest.raises(ConfigError) as caught:
        load_profile(FIXTURES / "topics" / "bad_key.toml")
    message = str(caught.value)
    assert "bad_key.toml" in message and "term[1].colour" in message and "term[1].weight" in message
