"""An edition from the store's stories: one row per story, numbered by publication date,
every report's organisation and URL in the 情報源 cell, editors' overrides first."""

from __future__ import annotations

from datetime import date

from horizonscan.report.config import EditionSettings
from horizonscan.report.glossary import Glossary
from horizonscan.report.model import Cover, Edition, Item, Para, Pickup, SourceRef
from horizonscan.report.textnorm import clean
from horizonscan.store.editions import StoryRows
from horizonscan.summarize.base import ItemSummary, PickupSummary
from horizonscan.summarize.offline import sentences as split_sentences


def sentences(text: str, skip: str = "") -> list[str]:
    """The text's sentences (as the offline summariser splits them) other than the title."""
    return [s for s in split_sentences(text) if s.casefold() not in skip.casefold()]


def _summary(story: StoryRows, count: int, summary: ItemSummary | None) -> tuple[list[Para], bool]:
    """(paragraphs, untranslated): the editor's summary, else the generated one, else the
    story's leading sentences."""
    if story.override and story.override.summary:
        return [
            Para("bullet", t if t.startswith("• ") else f"• {t}") for t in story.override.summary
        ], False
    if summary is not None and summary.bullets:
        return [Para("bullet", clean(b.text)) for b in summary.bullets], not summary.translated
    lead = story.members[0]
    picked = sentences(lead.text, skip=lead.title)[:count]
    return [Para("bullet", f"• {clean(s)}") for s in picked], True


def _item(
    no: int,
    story: StoryRows,
    settings: EditionSettings,
    glossary: Glossary,
    generated: ItemSummary | None = None,
) -> Item:
    lead = story.members[0]
    summary, untranslated = _summary(story, settings.summary_sentences, generated)
    title = lead.title
    if generated is not None and generated.translated:
        title = generated.title
    if story.override and story.override.title:
        title = story.override.title
    override = story.override
    region = override.region if override and override.region else lead.region
    if override and override.footnotes is not None:
        notes = [Para("note", note) for note in override.footnotes if note.strip()]
    else:
        notes = glossary.notes([title, *(p.text for p in summary)])
    sources: dict[str, list[str]] = {}
    for member in story.members:
        organisation = member.organisation
        if override and override.organisation and member.source_id == lead.source_id:
            organisation = override.organisation
        sources.setdefault(organisation, []).append(member.url)
    return Item(
        no=no,
        region=clean(region),
        title=clean(title),
        published=story.published,
        summary=tuple(summary + notes),
        sources=tuple(SourceRef(clean(org), tuple(urls)) for org, urls in sources.items()),
        untranslated=untranslated and not (story.override and story.override.title),
        flags=generated.flags if generated is not None else (),
        story=story.story,
    )


def choose_pickups(stories: list[StoryRows], settings: EditionSettings) -> list[str]:
    """The stories of the pick-up pages: the editor's choice, else the highest scores."""
    kept = [s for s in stories if not (s.override and s.override.excluded)]
    chosen = [s.story for s in kept if s.override and s.override.pickup]
    if not chosen and settings.pickups:
        ranked = sorted(kept, key=lambda s: (-s.probability, s.published))
        chosen = [s.story for s in ranked[: settings.pickups]]
    return chosen


def _pickup(
    item: Item, story: StoryRows, settings: EditionSettings, brief: PickupSummary | None
) -> Pickup:
    lead = story.members[0]
    named = "、".join(f"{m.organisation} {m.url}" for m in story.members)
    edited = story.override.pickup_brief if story.override else None
    sources_line = f"出所:{named}などの公開情報等に基づき{settings.issuer}作成"
    if edited:
        return Pickup(
            related_no=item.no,
            topic=clean(str(edited.get("topic", item.title))),
            organisation=clean(str(edited.get("organisation", ""))),
            points=_lines(edited.get("points")),
            overview=_lines(edited.get("overview")),
            background=_lines(edited.get("background")),
            sources_line=clean(str(edited.get("sources_line") or sources_line)),
            source_urls=tuple(m.url for m in story.members),
        )
    if brief is not None and brief.translated:
        topic, organisation = clean(brief.topic), clean(brief.organisation)
        points = [clean(b.text) for b in brief.points]
        overview = [clean(b.text) for b in brief.overview]
        background = [clean(b.text) for b in brief.background]
    else:
        bullets = [f"• {clean(s)}" for s in sentences(lead.text, skip=lead.title)]
        topic, organisation = item.title, "、".join(s.organisation for s in item.sources)
        points, overview, background = bullets[:1], bullets[1:4], bullets[4:5]
    return Pickup(
        related_no=item.no,
        topic=topic,
        organisation=organisation,
        points=tuple(points),
        overview=tuple(overview),
        background=tuple(background),
        sources_line=sources_line,
        source_urls=tuple(m.url for m in story.members),
    )


def _lines(value: object) -> tuple[str, ...]:
    """An edited pick-up section: a list of lines, or one text with a line per paragraph."""
    if isinstance(value, str):
        value = value.splitlines()
    if not isinstance(value, list | tuple):
        return ()
    return tuple(clean(str(v)) for v in value if str(v).strip())


def build_edition(
    stories: list[StoryRows],
    settings: EditionSettings,
    glossary: Glossary,
    *,
    topic_label: str,
    start: date,
    end: date,
    issued: date,
    warnings: tuple[str, ...] = (),
    standards: Item | None = None,
    summaries: dict[str, ItemSummary] | None = None,
    pickup_summaries: dict[str, PickupSummary] | None = None,
) -> Edition:
    """Items in publication order; the standards item, when there is one, leads as item 1."""
    kept = [s for s in stories if not (s.override and s.override.excluded)]
    first = 2 if standards else 1
    generated = summaries or {}
    items = tuple(
        _item(n, s, settings, glossary, generated.get(s.story))
        for n, s in enumerate(kept, start=first)
    )
    chosen = set(choose_pickups(kept, settings))
    briefs = pickup_summaries or {}
    pickups = tuple(
        _pickup(items[i], s, settings, briefs.get(s.story))
        for i, s in enumerate(kept)
        if s.story in chosen
    )
    if standards is not None:
        items = (standards, *items)
    cover = Cover(
        title=settings.title.format(month=f"{issued.month}月"),
        project=settings.project,
        date_text=f"{issued.year}年{issued.month}月{issued.day}日",
        issuer=settings.issuer,
        addressee=settings.addressee,
        copyright=settings.copyright,
    )
    notes = list(warnings)
    if not items:
        notes.append(f"no items found for {start}..{end}")
    return Edition(
        edition_id=f"{issued.year}-{issued.month:02d}",
        topic_id=settings.topic,
        topic_label=topic_label,
        period_start=start,
        period_end=end,
        cover=cover,
        pickups=pickups,
        items=items,
        warnings=tuple(notes),
    )
