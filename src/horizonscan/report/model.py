"""The edition: everything a renderer needs, and nothing it must compute itself.

Text here is already normalised (NFKC plus the CJK-radical fixes of ``textnorm``); dates
are ``date`` values; every renderer (PPTX, PDF, HTML, XLSX, JSON) formats this one model.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

ParaKind = Literal["bullet", "sub", "numbered", "plain", "heading", "list", "note"]


@dataclass(frozen=True)
class Cover:
    title: str  # 海外標準化動向調査（1月）
    project: str  # 令和６年度…事業費（…）
    date_text: str  # 2025年1月1日
    issuer: str  # 一般財団法人日本規格協会
    addressee: str  # 経済産業省 基準認証政策課 御中
    copyright: str  # © 2024 Japanese Standards Association. All Rights Reserved.


@dataclass(frozen=True)
class Para:
    """One paragraph of a 要旨 cell; ``text`` keeps its printed marker (``• ``, ``・``, ``1. ``,
    ``（※）`` …); ``kind`` decides the hanging indent."""

    kind: ParaKind
    text: str


@dataclass(frozen=True)
class SourceRef:
    organisation: str
    urls: tuple[str, ...]


@dataclass(frozen=True)
class Item:
    no: int
    region: str
    title: str
    published: date
    summary: tuple[Para, ...]
    sources: tuple[SourceRef, ...]
    untranslated: bool = False  # the title and summary are in the source language (未翻訳)
    story: str | None = None
    flags: tuple[str, ...] = ()  # for reviewers: faithfulness, missing glyphs …


@dataclass(frozen=True)
class Pickup:
    related_no: int
    topic: str  # トピック
    organisation: str  # 推進組織
    points: tuple[str, ...]  # ポイント
    overview: tuple[str, ...]  # 概要
    background: tuple[str, ...]  # 背景
    sources_line: str  # 出所:… などの公開情報等に基づき…作成
    source_urls: tuple[str, ...] = ()


@dataclass(frozen=True)
class Edition:
    edition_id: str  # 2025-01
    topic_id: str  # rare-earths
    topic_label: str  # レアアース
    period_start: date | None
    period_end: date | None
    cover: Cover | None
    pickups: tuple[Pickup, ...]
    items: tuple[Item, ...]
    warnings: tuple[str, ...] = field(default=())

    @property
    def detail_header(self) -> str:
        return f"【{self.topic_label}】関連記事詳細"

    def pickup_header(self, pickup: Pickup) -> str:
        return f"ピックアップ：{self.topic_label} (関連ニュース番号{pickup.related_no})"
