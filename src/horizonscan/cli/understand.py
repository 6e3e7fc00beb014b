"""Commands of the understanding stage: classify, explain, label, train, extract, eval."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer

from horizonscan import understand as stage
from horizonscan.classify.decide import model_share
from horizonscan.cli.app import ConfigOpt, DbOpt, TopicOpt, app, err, fail, settings_from
from horizonscan.console import out, print_decision, print_eval, print_preview
from horizonscan.errors import HorizonscanError
from horizonscan.store import open_store
from horizonscan.store import understanding as q


@app.command()
def classify(
    db: DbOpt = None,
    config: ConfigOpt = None,
    preview: Annotated[
        Path | None, typer.Option("--preview", help="edited profile to compare")
    ] = None,
    apply: Annotated[
        bool, typer.Option("--apply", help="re-score the archive with the profile")
    ] = False,
    topic: Annotated[str | None, typer.Option("--topic", help="only this topic")] = None,
) -> None:
    """Show what an edited profile would add or drop (--preview), or re-score (--apply)."""
    settings = settings_from(config, db=db)
    try:
        profiles = stage.profiles(settings, str(preview) if preview else topic)
        sessions = open_store(settings.db_url)
        with sessions() as session:
            for profile in profiles:
                texts = q.all_texts(session)
                decisions = stage.decisions(profile, texts, stage.model_for(settings, profile.id))
                before = q.current_decisions(session, profile.id)
                print_preview(profile.id, texts, decisions, before)
                if apply:
                    stage.save_decisions(session, profile, texts, decisions)
                    session.commit()
                    out.print(f"applied: {len(texts)} articles re-scored for {profile.id}")
    except HorizonscanError as exc:
        raise fail(exc) from exc


@app.command()
def explain(
    url: Annotated[str, typer.Argument(help="article URL (or its unique ending)")],
    topic: TopicOpt,
    db: DbOpt = None,
    config: ConfigOpt = None,
) -> None:
    """The terms that fired, where, their weights, the best sentence and the model's share."""
    settings = settings_from(config, db=db)
    try:
        profile = stage.profiles(settings, topic)[0]
        with open_store(settings.db_url)() as session:
            article = q.article_by_url(session, url)
            text = next(t for t in q.all_texts(session) if t.article_id == article.id)
            decision = stage.decisions(profile, [text], stage.model_for(settings, profile.id))[0]
    except (HorizonscanError, StopIteration) as exc:
        err.print(f"[red]error:[/red] cannot explain {url}: {exc or 'no extracted text'}")
        raise typer.Exit(2) from exc
    print_decision(text.url, text.title, decision)


@app.command()
def label(
    url: Annotated[str, typer.Argument(help="article URL (or its unique ending)")],
    topic: TopicOpt,
    relevant: Annotated[
        bool, typer.Option("--relevant/--irrelevant", help="the editor's decision")
    ],
    reason: Annotated[str | None, typer.Option(help="why")] = None,
    author: Annotated[str | None, typer.Option(help="who decided")] = None,
    db: DbOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Record an editor's accept/reject decision (used by `train`)."""
    settings = settings_from(config, db=db)
    try:
        with open_store(settings.db_url)() as session:
            article = q.add_label(session, url, topic, relevant, reason, author)
            session.commit()
    except HorizonscanError as exc:
        raise fail(exc) from exc
    out.print(f"labelled {article.url} as {'relevant' if relevant else 'irrelevant'} for {topic}")


@app.command()
def train(topic: TopicOpt, db: DbOpt = None, config: ConfigOpt = None) -> None:
    """Learn the topic's model from the labels and re-score the archive with it."""
    settings = settings_from(config, db=db)
    try:
        sessions = open_store(settings.db_url)
        model = stage.train(sessions, settings, topic)
        summary = stage.UnderstandSummary()
        with sessions() as session:
            stage.score_topics(session, settings, summary, everything=True, only=topic)
            session.commit()
    except HorizonscanError as exc:
        raise fail(exc) from exc
    share = model_share(model.labels)
    out.print(
        f"trained {topic} on {model.labels} labels (model share {share:.0%}); "
        f"re-scored {summary.scored.get(topic, 0)} articles, {summary.relevant.get(topic, 0)} relevant"
    )


@app.command("extract")
def extract_one(
    target: Annotated[str, typer.Argument(help="an HTML or PDF file, or an http(s) URL")],
    fmt: Annotated[str, typer.Option("--format", help="json or text")] = "text",
    config: ConfigOpt = None,
) -> None:
    """What the pipeline would extract from one document."""
    from horizonscan.crawl.single import fetch_one
    from horizonscan.extract.single import extract_bytes

    settings = settings_from(config)
    try:
        if target.startswith(("http://", "https://")):
            page = fetch_one(settings, target)
            result = extract_bytes(
                page.body, page.final_url or target, page.content_type, datetime.now(UTC).date()
            )
        else:
            path = Path(target)
            result = extract_bytes(
                path.read_bytes(), path.resolve().as_uri(), None, datetime.now(UTC).date()
            )
    except (HorizonscanError, OSError) as exc:
        err.print(f"[red]error:[/red] {target}: {exc}", highlight=False)
        raise typer.Exit(2) from exc
    if fmt == "json":
        typer.echo(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        for key, value in result.items():
            if key != "text":
                typer.echo(f"{key}: {value}")
        typer.echo("")
        typer.echo(result["text"])


@app.command("eval")
def evaluate(
    gold: Annotated[Path, typer.Option(help="gold labels (JSON)")],
    db: DbOpt = None,
    config: ConfigOpt = None,
    min_recall: Annotated[float, typer.Option(help="fail below this recall")] = 0.0,
    min_precision: Annotated[float, typer.Option(help="fail below this precision")] = 0.0,
    min_date_accuracy: Annotated[float, typer.Option(help="fail below this date accuracy")] = 0.0,
    min_story_f1: Annotated[float, typer.Option(help="fail below this story F1")] = 0.0,
    min_region_accuracy: Annotated[
        float, typer.Option(help="fail below this region accuracy")
    ] = 0.0,
    details: Annotated[bool, typer.Option(help="list every error")] = False,
) -> None:
    """Precision/recall of relevant in-period articles, date, organisation and region accuracy,
    story pairwise precision/recall/F1 against a gold file."""
    from horizonscan import pipeline
    from horizonscan.evaluation import evaluate as run_eval

    settings = settings_from(config, db=db)
    try:
        labels = json.loads(gold.read_text("utf-8"))
        rows = pipeline.export_articles(settings, topic=labels.get("topic"))
    except (OSError, ValueError) as exc:
        err.print(f"[red]error:[/red] {gold}: {exc}")
        raise typer.Exit(2) from exc
    except HorizonscanError as exc:
        raise fail(exc) from exc
    report = run_eval(labels, rows)
    print_eval(report, details=details)
    floors = {
        "recall": min_recall,
        "precision": min_precision,
        "date_accuracy": min_date_accuracy,
        "story_f1": min_story_f1,
        "region_accuracy": min_region_accuracy,
    }
    below = [
        f"{k} {report.metrics()[k]:.3f} < {v}" for k, v in floors.items() if report.metrics()[k] < v
    ]
    if below:
        err.print("[red]below threshold:[/red] " + "; ".join(below))
        raise typer.Exit(1)
