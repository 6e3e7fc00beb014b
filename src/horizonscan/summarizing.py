"""Summaries for an edition's stories: from the cache when the same document was summarised
with the same prompt and model before, otherwise from the configured backend."""

from __future__ import annotations

import hashlib
from dataclasses import asdict, replace
from typing import Any

from sqlalchemy.orm import Session

from horizonscan.classify.profile import Profile
from horizonscan.classify.rules import RuleScorer
from horizonscan.config import Settings, env_value
from horizonscan.errors import ConfigError
from horizonscan.store import summaries as cache
from horizonscan.store.editions import StoryRows
from horizonscan.summarize.base import (
    Bullet,
    ItemSummary,
    PickupSummary,
    Summarizer,
    SummaryRequest,
    Usage,
)
from horizonscan.summarize.offline import OfflineSummarizer


def cache_key(doc_sha256: str, task: str, prompt_version: str, model: str | None) -> str:
    return hashlib.sha256(
        f"{doc_sha256}|{task}|{prompt_version}|{model or ''}".encode()
    ).hexdigest()


def key_for(request: SummaryRequest, summarizer: Summarizer) -> str:
    """The cache key of this request's answer from this summariser."""
    return cache_key(request.doc_sha256, request.task, summarizer.prompt_version, summarizer.model)


def offline(profile: Profile | None) -> OfflineSummarizer:
    if profile is None:
        return OfflineSummarizer()
    scorer = RuleScorer(profile)
    return OfflineSummarizer(weight=lambda sentence: max(scorer.score(None, sentence).score, 0.0))


def make_summarizer(
    settings: Settings,
    kind: str,
    usage: Usage,
    profile: Profile | None,
    max_requests: int | None = None,
) -> Summarizer:
    fallback = offline(profile)
    if kind == "offline":
        return fallback
    if kind != "llm":
        raise ConfigError(f"unknown summarizer {kind!r}: 'offline' or 'llm'", where="--summarizer")
    from horizonscan.summarize.llm import LLMSummarizer

    return LLMSummarizer(
        base_url=settings.llm_base_url,
        model=settings.llm_model,
        api_key=env_value(settings.llm_api_key_env),
        timeout=settings.llm_timeout,
        concurrency=settings.llm_concurrency,
        usage=usage,
        max_requests=max_requests,
        fallback=fallback,
        price_per_1k_input=settings.llm_price_in,
        price_per_1k_output=settings.llm_price_out,
    )


def _bullets(items: list[dict[str, Any]]) -> tuple[Bullet, ...]:
    return tuple(Bullet(b["text"], tuple(b.get("sources", ()))) for b in items)


def _remember(
    session: Session,
    key: str,
    story: StoryRows,
    request: SummaryRequest,
    result: ItemSummary | PickupSummary,
) -> None:
    """Cache a backend's own answer (a fallback's extract is not cached as the model's)."""
    cache.remember(
        session,
        key,
        article_id=story.members[0].article_id,
        doc_sha256=request.doc_sha256,
        task=request.task,
        prompt_version=result.prompt_version,
        model=result.model,
        backend=result.backend,
        translated=result.translated,
        payload=asdict(result),
    )


def _summary(payload: dict[str, Any]) -> ItemSummary:
    return ItemSummary(
        title=payload["title"],
        bullets=_bullets(payload.get("bullets", [])),
        translated=bool(payload["translated"]),
        backend=payload["backend"],
        model=payload.get("model"),
        prompt_version=payload["prompt_version"],
        terms=tuple(payload.get("terms", ())),
        regions=tuple(payload.get("regions", ())),
        flags=tuple(payload.get("flags", ())),
    )


def request_for(story: StoryRows, topic_label: str) -> SummaryRequest:
    lead = story.members[0]
    return SummaryRequest(
        doc_sha256=lead.content_sha256 or hashlib.sha256(lead.text.encode()).hexdigest(),
        task="item",
        title=lead.title,
        text=lead.text,
        language=lead.language,
        organisation=lead.organisation,
        region=lead.region,
        published=lead.published,
        url=lead.url,
        topic_label=topic_label,
    )


def summaries_for(session: Session, stories: list[StoryRows], summarizer: Summarizer, usage: Usage,
                  topic_label: str) -> dict[str, ItemSummary]:  # fmt: skip
    """One summary per story (its lead report), cached by document, task, prompt and model."""
    found: dict[str, ItemSummary] = {}
    todo: list[tuple[StoryRows, SummaryRequest, str]] = []
    for story in stories:
        request = request_for(story, topic_label)
        key = key_for(request, summarizer)
        payload = cache.cached(session, key)
        if payload is not None:
            usage.cached += 1
            found[story.story] = _summary(payload)
        else:
            todo.append((story, request, key))
    many = getattr(summarizer, "summarize_items", None)
    results = (
        many([r for _, r, _ in todo])
        if many
        else [summarizer.summarize_item(r) for _, r, _ in todo]
    )
    for (story, request, key), summary in zip(todo, results, strict=True):
        found[story.story] = summary
        if summary.backend == summarizer.name:
            _remember(session, key, story, request, summary)
    session.commit()
    return found


def _pickup(payload: dict[str, Any]) -> PickupSummary:
    return PickupSummary(
        topic=payload["topic"],
        organisation=payload["organisation"],
        points=_bullets(payload.get("points", [])),
        overview=_bullets(payload.get("overview", [])),
        background=_bullets(payload.get("background", [])),
        translated=bool(payload["translated"]),
        backend=payload["backend"],
        model=payload.get("model"),
        prompt_version=payload["prompt_version"],
        flags=tuple(payload.get("flags", ())),
    )


def pickups_for(session: Session, stories: list[StoryRows], summarizer: Summarizer, usage: Usage,
                topic_label: str) -> dict[str, PickupSummary]:  # fmt: skip
    """Pick-up briefs of the chosen stories, cached like item summaries (task ``pickup``)."""
    found: dict[str, PickupSummary] = {}
    for story in stories:
        request = replace(request_for(story, topic_label), task="pickup")
        key = key_for(request, summarizer)
        payload = cache.cached(session, key)
        if payload is not None:
            usage.cached += 1
            found[story.story] = _pickup(payload)
            continue
        brief = summarizer.summarize_pickup(request)
        found[story.story] = brief
        if brief.backend == summarizer.name:
            _remember(session, key, story, request, brief)
    session.commit()
    return found


def summary_for_view(
    session: Session,
    story: StoryRows,
    summarizer: Summarizer,
    fallback: Summarizer,
    topic_label: str,
) -> ItemSummary:
    """The cached summary of the configured backend, else an offline extract made now:
    looking at an item never sends a request."""
    request = request_for(story, topic_label)
    key = key_for(request, summarizer)
    payload = cache.cached(session, key)
    if payload is not None:
        return _summary(payload)
    return fallback.summarize_item(request)


def regenerate(
    session: Session, story: StoryRows, summarizer: Summarizer, topic_label: str
) -> ItemSummary:
    """Ask the configured backend again for this story, replacing its cached answer."""
    request = request_for(story, topic_label)
    key = key_for(request, summarizer)
    cache.forget(session, key)
    session.flush()
    summary = summarizer.summarize_item(request)
    if summary.backend == summarizer.name:
        _remember(session, key, story, request, summary)
    return summary
