"""``summarize`` and ``eval-summaries``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from horizonscan.cli.app import ConfigOpt, DbOpt, TopicOpt, app, err, fail, settings_from
from horizonscan.cli.report import parse_period
from horizonscan.console import out
from horizonscan.errors import HorizonscanError
from horizonscan.report.textnorm import clean
from horizonscan.store import editions, open_store
from horizonscan.summarize.base import Usage
from horizonscan.summarize.chrf import chrf
from horizonscan.summarizing import make_summarizer, summaries_for
from horizonscan.understand import profiles


@app.command()
def summarize(
    topic: TopicOpt,
    period: Annotated[str, typer.Option(help="START..END")],
    summarizer: Annotated[
        str | None, typer.Option(help="offline or llm (default from settings)")
    ] = None,
    max_requests: Annotated[
        int | None, typer.Option(help="stop calling the model after this many")
    ] = None,
    db: DbOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Japanese titles and bullets for the period's stories (cached; only what is missing)."""
    settings = settings_from(config, db=db)
    usage = Usage()
    try:
        start, end = parse_period(period)
        profile = profiles(settings, topic)[0]
        backend = make_summarizer(
            settings, summarizer or settings.summarizer, usage, profile, max_requests
        )
        with open_store(settings.db_url)() as session:
            stories = editions.stories_in_period(session, profile.id, start, end)
            found = summaries_for(session, stories, backend, usage, profile.topic.name)
    except HorizonscanError as exc:
        raise fail(exc) from exc
    flagged = sum(1 for s in found.values() if s.flags)
    out.print(
        f"{len(found)} stories summarised ({backend.name}): {usage.requests} requests, {usage.cached} from "
        f"the cache, {usage.prompt_tokens}+{usage.completion_tokens} tokens, cost ≈ {usage.cost:.4f}, "
        f"{usage.fallbacks} fallbacks, {flagged} flagged for review",
        highlight=False,
    )


@app.command("eval-summaries")
def eval_summaries(
    reference: Annotated[Path, typer.Option(help="reference-items.jsonl")],
    topic: Annotated[str, typer.Option(help="topic id")] = "rare-earths",
    summarizer: Annotated[str | None, typer.Option(help="offline or llm")] = None,
    db: DbOpt = None,
    config: ConfigOpt = None,
) -> None:
    """chrF of generated titles and bullets against the reference, for reference items whose
    source pages are in the store."""
    settings = settings_from(config, db=db)
    usage = Usage()
    try:
        items = [
            json.loads(line) for line in reference.read_text("utf-8").splitlines() if line.strip()
        ]
    except (OSError, ValueError) as exc:
        err.print(f"[red]error:[/red] {reference}: {exc}")
        raise typer.Exit(2) from exc
    try:
        profile = profiles(settings, topic)[0]
        backend = make_summarizer(settings, summarizer or settings.summarizer, usage, profile)
        with open_store(settings.db_url)() as session:
            stories = editions.stories_for_urls(
                session, profile.id, [u for i in items for u in i["urls"]]
            )
            found = summaries_for(
                session, list(stories.values()), backend, usage, profile.topic.name
            )
    except HorizonscanError as exc:
        raise fail(exc) from exc
    titles, bullets = [], []
    for item in items:
        story = next((stories[u] for u in item["urls"] if u in stories), None)
        if story is None or story.story not in found:
            continue
        summary = found[story.story]
        title = chrf(summary.title, clean(item["title_ja"]))
        body = chrf("".join(b.text for b in summary.bullets), clean("".join(item["summary_ja"])))
        titles.append(title)
        bullets.append(body)
        out.print(
            f"{item['edition']} #{item['no']}: title chrF {title:.3f}, bullets chrF {body:.3f}",
            highlight=False,
        )
    if not titles:
        out.print(f"none of the {len(items)} reference items has its source page in the store")
        return
    out.print(
        f"{len(titles)} items: mean title chrF {sum(titles) / len(titles):.3f}, "
        f"mean bullets chrF {sum(bullets) / len(bullets):.3f} ({backend.name})",
        highlight=False,
    )
