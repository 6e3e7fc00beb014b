"""The reference edition rebuilt from its transcription (``reference-items.jsonl`` with
``reference-pickups.json`` and ``reference-report.json`` beside it): the layout's
acceptance test, with real Japanese content and no crawl at all."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Any

from horizonscan.errors import ConfigError
from horizonscan.report.model import Cover, Edition, Item, Para, ParaKind, Pickup, SourceRef
from horizonscan.report.textnorm import clean

NUMBERED = re.compile(r"^(?:[①-⑩]|[１-９][．.]|\d{1,2}[.．]\s?)")
DEFAULT_COPYRIGHT = "© 2024 Japanese Standards Association. All Rights Reserved."


def para_kind(text: str) -> ParaKind:
    if text.startswith("• "):
        return "bullet"
    if text.startswith("・"):
        return "list"
    if text.startswith("＜"):
        return "heading"
    if text.startswith(("（※", "(※")):
        return "note"
    if NUMBERED.match(text):
        return "numbered"
    return "plain"


def _item(data: dict[str, Any]) -> Item:
    return Item(
        no=int(data["no"]),
        region=clean(data["region"]).replace("\n", "/"),
        title=clean(data["title_ja"]),
        published=date.fromisoformat(data["published"]),
        summary=tuple(Para(para_kind(t), clean(t)) for t in data["summary_ja"]),
        sources=(SourceRef(clean(data["source_org"]), tuple(data["urls"])),),
    )


def _pickup(data: dict[str, Any]) -> Pickup:
    return Pickup(
        related_no=int(data["related_no"]),
        topic=clean(data["topic"]),
        organisation=clean(data["organisation"]),
        points=tuple(clean(t) for t in data["points"]),
        overview=tuple(clean(t) for t in data["overview"]),
        background=tuple(clean(t) for t in data["background"]),
        sources_line=clean(data["sources"]),
        source_urls=tuple(data.get("source_urls", [])),
    )


def load_reference(
    items_path: Path, edition_id: str, *, topic_label: str = "レアアース"
) -> Edition:
    try:
        lines = items_path.read_text("utf-8").splitlines()
        rows = [json.loads(line) for line in lines if line.strip()]
    except (OSError, ValueError) as exc:
        raise ConfigError(f"cannot read the reference items: {exc}", where=str(items_path)) from exc
    items = tuple(_item(r) for r in rows if r.get("edition") == edition_id)
    if not items:
        editions = sorted({str(r.get("edition")) for r in rows})
        raise ConfigError(
            f"no items of edition {edition_id!r} (found: {', '.join(editions)})",
            where=str(items_path),
        )
    folder = items_path.parent
    pickups: tuple[Pickup, ...] = ()
    cover = None
    warnings: list[str] = []
    pickups_path, report_path = folder / "reference-pickups.json", folder / "reference-report.json"
    if pickups_path.is_file():
        pickups = tuple(
            _pickup(p)
            for p in json.loads(pickups_path.read_text("utf-8"))
            if p.get("edition") == edition_id
        )
    else:
        warnings.append(f"{pickups_path} not found: edition without pick-up page")
    if report_path.is_file():
        report = json.loads(report_path.read_text("utf-8"))
        raw = report.get("cover") or {}
        copyright_line = (
            report.get("detail_pages", {}).get("footer", {}).get("copyright", DEFAULT_COPYRIGHT)
        )
        if raw.get("edition") == edition_id:
            cover = Cover(
                title=clean(raw["title"]),
                project=clean(raw["project_name"]),
                date_text=clean(raw["date"]),
                issuer=clean(raw["issuer"]),
                addressee=clean(raw["addressee"]),
                copyright=clean(copyright_line),
            )
    dates = [i.published for i in items]
    return Edition(
        edition_id=edition_id,
        topic_id="rare-earths",
        topic_label=topic_label,
        period_start=min(dates),
        period_end=max(dates),
        cover=cover,
        pickups=pickups,
        items=items,
        warnings=tuple(warnings),
    )
