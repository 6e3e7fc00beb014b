"""The report's standards item: per committee, 発行済み / 開発中 lists with counts as of the
snapshot date and what changed since the previous edition, in the reference's form."""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from horizonscan.report.model import Item, Para, SourceRef
from horizonscan.report.textnorm import clean
from horizonscan.standards.diff import CommitteeDiff
from horizonscan.standards.records import Deliverable, stage_code, stage_name

TITLES = Path(__file__).resolve().parent.parent / "standards" / "titles_ja.toml"
ISO_ORGANISATION = "ISO（International Organization for Standardization、国際標準化機構）"
ATTRIBUTION = "（出典：ISO Open Data、ODC-By 1.0 ライセンス）"
CHANGE_JA = {
    "NEWLY_PUBLISHED": "発行",
    "NEW_PROJECT": "新規提案",
    "FIRST_SEEN": "新たに掲載",
    "STAGE_ADVANCED": "段階進行",
    "STAGE_REGRESSED": "段階後退",
    "SUBSTAGE_CHANGED": "段階内の進捗",
    "CANCELLED": "中止",
    "WITHDRAWN": "廃止",
    "REPLACED": "改訂版により置換",
    "REMOVED": "掲載終了",
    "COMMITTEE_CHANGED": "担当委員会変更",
    "TITLE_CHANGED": "表題変更",
    "UNDER_REVIEW": "定期見直し中",
    "CONFIRMED": "確認",
    "TO_BE_REVISED": "改訂決定",
}


@dataclass(frozen=True)
class CommitteeInfo:
    committee: str  # ISO/TC 298
    label: str  # ISO/TC298（希土類）
    short: str  # TC298
    scope: str
    url: str


@lru_cache(maxsize=2)
def japanese_titles(path: Path = TITLES) -> dict[str, str]:
    if not path.is_file():
        return {}
    data = tomllib.loads(path.read_text("utf-8"))
    return {t["doc_key"]: clean(t["ja"]) for t in data.get("title", []) if t.get("ja")}


def _line(item: Deliverable, titles: dict[str, str]) -> str:
    ja = titles.get(item.doc_key)
    title = ja if ja else f"{item.title_en or '（表題不明）'}（英語表題）"
    return f"・{item.reference}/{title}"


def _day(value: date) -> str:
    return f"{value.year}/{value.month}/{value.day}"


def standards_item(
    no: int,
    infos: Sequence[CommitteeInfo],
    states: Sequence[tuple[list[Deliverable], CommitteeDiff | None, date]],
) -> Item:
    """One item for all configured committees, as the reference prints it."""
    titles = japanese_titles()
    paras: list[Para] = [Para("plain", clean(i.scope)) for i in infos if i.scope]
    newest = max(day for _, _, day in states)
    for info, (rows, change, day) in zip(infos, states, strict=True):
        published = sorted((d for d in rows if d.status == "published"), key=lambda d: d.doc_key)
        developing = sorted(
            (d for d in rows if d.status == "under_development"), key=lambda d: d.doc_key
        )
        reported = change.reported_to if change else {}
        shown_pub = reported.get("published", len(published))
        shown_dev = reported.get("under_development", len(developing))
        paras.append(
            Para(
                "plain",
                f"{_day(day)}現在、{info.short}の発行済みの有効な規格は{shown_pub}件、"
                f"開発中は{shown_dev}件で主なものは以下のとおり。",
            )
        )
        if published:
            paras.append(Para("heading", "＜発行済み＞"))
            paras += [Para("list", _line(d, titles)) for d in published]
        if developing:
            paras.append(Para("heading", "＜開発中＞"))
            paras += [
                Para(
                    "list",
                    f"{_line(d, titles)}（{stage_code(d.stage)} {stage_name(d.stage, 'ja')}）",
                )
                for d in developing
            ]
        if change is not None and change.from_date is not None and change.from_date != day:
            paras += _changes(info, change, titles)
    paras.append(Para("note", ATTRIBUTION))
    return Item(
        no=no,
        region="国際",
        title="、".join(i.label for i in infos) + "で開発される規格リスト",
        published=newest,
        summary=tuple(paras),
        sources=(SourceRef(ISO_ORGANISATION, tuple(i.url for i in infos)),),
    )


def _changes(info: CommitteeInfo, change: CommitteeDiff, titles: dict[str, str]) -> list[Para]:
    assert change.from_date is not None

    def shown(reported: dict[str, int], counted: int, status: str) -> int:
        return reported.get(status, counted)

    c0, c1 = change.counts_from, change.counts_to
    pub = (
        shown(change.reported_from, c0.published, "published"),
        shown(change.reported_to, c1.published, "published"),
    )
    dev = (
        shown(change.reported_from, c0.under_development, "under_development"),
        shown(change.reported_to, c1.under_development, "under_development"),
    )
    lines = [
        Para(
            "plain",
            f"前回（{_day(change.from_date)}）からの変化（{info.short}）：発行済み {pub[0]}件→"
            f"{pub[1]}件、開発中 {dev[0]}件→{dev[1]}件。",
        )
    ]
    for item in change.changes:
        if item.kind == "SUBSTAGE_CHANGED":
            continue
        label = CHANGE_JA.get(item.kind, item.kind)
        before, after = item.before, item.after
        if item.kind == "NEWLY_PUBLISHED" and before and after:
            when = f"（{after.publication_date.isoformat()}発行）" if after.publication_date else ""
            text = f"{before.reference} が {after.reference} として発行{when}"
        elif item.kind in ("STAGE_ADVANCED", "STAGE_REGRESSED") and before and after:
            text = (
                f"{before.reference} → {after.reference}（{stage_name(before.stage, 'ja')} → "
                f"{stage_name(after.stage, 'ja')}）"
            )
        else:
            text = (after or before).reference if (after or before) else item.doc_key  # type: ignore[union-attr]
        lines.append(Para("list", f"・{label}：{text}"))
    for when, gaps in change.unexplained().items():
        day = change.from_date if when == "from" else change.to_date
        for status, gap in gaps.items():
            name = "発行済み" if status == "published" else "開発中"
            if gap > 0 and day is not None:
                lines.append(
                    Para(
                        "note",
                        f"（注）{_day(day)}時点で報告された{name}の件数のうち{gap}件は、"
                        "個別の規格を特定できていない。",
                    )
                )
    return lines
