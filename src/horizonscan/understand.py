"""The understanding stages over stored articles: topic scores, regions, stories.

Called by ``pipeline`` (which owns the order); kept apart so each stays small."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from horizonscan.classify.decide import Decision, decide
from horizonscan.classify.model import Example, TopicModel
from horizonscan.classify.profile import Profile, load_profile
from horizonscan.classify.regions import CountryFinder, region_for
from horizonscan.classify.rules import RuleScorer
from horizonscan.config import Settings
from horizonscan.errors import ConfigError
from horizonscan.store import understanding as q
from horizonscan.store.understanding import ArticleText
from horizonscan.stories.anchors import StoryDoc
from horizonscan.stories.cluster import cluster

COUNTRIES = "countries.toml"
NOT_PROFILES = {COUNTRIES, "glossary.toml"}


def profiles(settings: Settings, only: str | None = None) -> list[Profile]:
    folder = Path(settings.topics_dir)
    if only:
        path = Path(only) if only.endswith(".toml") else folder / f"{only}.toml"
        return [load_profile(path)]
    return [load_profile(p) for p in sorted(folder.glob("*.toml")) if p.name not in NOT_PROFILES]


def country_finder(settings: Settings) -> CountryFinder | None:
    path = Path(settings.topics_dir) / COUNTRIES
    return CountryFinder.load(path) if path.is_file() else None


def model_for(settings: Settings, topic: str) -> TopicModel | None:
    return TopicModel.load(settings.models_path / f"{topic}.pkl")


def decisions(
    profile: Profile, texts: list[ArticleText], model: TopicModel | None
) -> list[Decision]:
    scorer = RuleScorer(profile)
    probabilities = (
        model.probabilities([(t.title, t.text) for t in texts]) if model else [None] * len(texts)
    )
    labels = model.labels if model else 0
    return [
        decide(scorer.score(t.title, t.text), p, labels)
        for t, p in zip(texts, probabilities, strict=True)
    ]


def save_decisions(
    session: Session, profile: Profile, texts: list[ArticleText], found: list[Decision]
) -> None:
    for text, decision in zip(texts, found, strict=True):
        q.save_score(
            session,
            text.article_id,
            profile.id,
            profile.digest,
            rule_score=decision.rules.score,
            probability=decision.probability,
            model_probability=decision.model_probability,
            relevant=decision.relevant,
            explanation=decision.explanation(),
        )


@dataclass
class UnderstandSummary:
    scored: dict[str, int] = field(default_factory=dict)
    relevant: dict[str, int] = field(default_factory=dict)
    stories: int = 0
    multi_source_stories: int = 0
    regions_changed: int = 0


def score_topics(
    session: Session,
    settings: Settings,
    summary: UnderstandSummary,
    *,
    everything: bool = False,
    only: str | None = None,
) -> None:
    for profile in profiles(settings, only):
        texts = q.texts_to_score(session, profile.id, profile.digest, everything=everything)
        found = decisions(profile, texts, model_for(settings, profile.id))
        save_decisions(session, profile, texts, found)
        summary.scored[profile.id] = len(texts)
        summary.relevant[profile.id] = sum(d.relevant for d in found)


def assign_regions(
    session: Session, settings: Settings, summary: UnderstandSummary, texts: list[ArticleText]
) -> list[ArticleText]:
    """Store each article's region; returns the texts with their regions as stored."""
    finder = country_finder(settings)
    if finder is None:
        return texts
    home = q.source_regions(session)
    updated, changes = [], []
    for text in texts:
        region = region_for(home.get(text.source_id, ""), text.title, text.text[:400], finder)
        if region != text.region:
            changes.append((text.article_id, region))
            text = replace(text, region=region)
        updated.append(text)
    q.set_regions(session, changes)
    summary.regions_changed = len(changes)
    return updated


def build_stories(session: Session, summary: UnderstandSummary, texts: list[ArticleText]) -> None:
    concepts = q.concepts_by_article(session)
    docs = [
        StoryDoc(
            article_id=t.article_id,
            source_id=t.source_id,
            published=t.published,
            title=t.title or "",
            text=t.text,
            concepts=concepts.get(t.article_id, frozenset()),
            countries=tuple((t.region or "").split("/")),
        )
        for t in texts
    ]
    stories = cluster(docs)
    q.save_stories(session, stories)
    sizes: dict[str, set[str]] = {}
    for doc in docs:
        sizes.setdefault(stories[doc.article_id], set()).add(doc.source_id)
    summary.stories = len(sizes)
    summary.multi_source_stories = sum(1 for s in sizes.values() if len(s) > 1)


def understand(
    sessions: sessionmaker[Session], settings: Settings, *, everything: bool = False
) -> UnderstandSummary:
    summary = UnderstandSummary()
    with sessions() as session:
        texts = assign_regions(session, settings, summary, q.all_texts(session))
        session.commit()
        score_topics(session, settings, summary, everything=everything)
        session.commit()
        build_stories(session, summary, texts)
        session.commit()
    return summary


def train(sessions: sessionmaker[Session], settings: Settings, topic: str) -> TopicModel:
    with sessions() as session:
        examples = [
            Example(t.title, t.text, relevant) for t, relevant in q.labelled_texts(session, topic)
        ]
    if not examples:
        raise ConfigError(f"no labels for topic {topic!r}: label articles first", where="labels")
    model = TopicModel.train(topic, examples)
    model.save(settings.models_path / f"{topic}.pkl")
    return model
