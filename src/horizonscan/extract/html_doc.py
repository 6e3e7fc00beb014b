"""Articles from HTML: per-source selectors first, trafilatura as the general fallback."""

from __future__ import annotations

import re
from datetime import date

import trafilatura
from lxml import etree, html

from horizonscan.errors import ExtractError
from horizonscan.extract.charset import decode_html
from horizonscan.extract.dates import find_dates, parse_date
from horizonscan.records import Article
from horizonscan.sniff import looks_binary
from horizonscan.sources.schema import Selectors

MAX_DEPTH = 400
MAX_HTML = 10_000_000
TITLE_SEPARATORS = re.compile(r"\s+[|｜–—-]\s+|\s+::\s+|\s*_\s*(?=[^_]*$)")
INVISIBLE = ("script", "style", "noscript", "template", "svg")


def _tree(text: str, url: str) -> html.HtmlElement:
    parser = html.HTMLParser(remove_comments=True, huge_tree=False, recover=True)
    try:
        tree = html.document_fromstring(text, parser=parser, base_url=url)
    except (etree.ParserError, ValueError) as exc:
        raise ExtractError(f"HTML could not be parsed: {exc}") from exc
    return tree


def _too_deep(tree: html.HtmlElement) -> bool:
    depth = 0
    for event, _node in etree.iterwalk(tree, events=("start", "end")):
        depth += 1 if event == "start" else -1
        if depth > MAX_DEPTH:
            return True
    return False


def visible_text(tree: html.HtmlElement) -> str:
    """Every text line outside scripts and styles, in document order."""
    lines: list[str] = []
    hidden = 0
    for event, node in etree.iterwalk(tree, events=("start", "end")):
        invisible = isinstance(node.tag, str) and node.tag in INVISIBLE
        if event == "start":
            hidden += invisible
            if not hidden and node.text and node.text.strip():
                lines.append(node.text.strip())
        else:
            hidden -= invisible
            if not hidden and node.tail and node.tail.strip():
                lines.append(node.tail.strip())
    return "\n".join(lines)


def _select_text(tree: html.HtmlElement, selector: str | None) -> str | None:
    if not selector:
        return None
    nodes = tree.cssselect(selector)
    if not nodes:
        return None
    text = "\n".join(" ".join(n.text_content().split()) for n in nodes)
    return text.strip() or None


def _title(tree: html.HtmlElement, selectors: Selectors) -> tuple[str | None, str]:
    chosen = _select_text(tree, selectors.title)
    if chosen:
        return chosen, "selector"
    for node in tree.iter("meta"):
        if (node.get("property") or node.get("name") or "").lower() in (
            "og:title",
            "dc.title",
            "dcterms.title",
        ):
            value = " ".join((node.get("content") or "").split())
            if value:
                return value, "meta"
    for node in tree.iter("h1"):
        value = " ".join(node.text_content().split())
        if value:
            return value, "h1"
    title = tree.find(".//title")
    if title is not None and title.text:
        value = " ".join(title.text.split())
        return TITLE_SEPARATORS.split(value)[0].strip() or value, "title"
    return None, "none"


def extract_html(
    body: bytes,
    url: str,
    *,
    source_id: str,
    selectors: Selectors,
    language: str | None,
    today: date,
    date_order: str | None = None,
    header_charset: str | None = None,
    hint_published: date | None = None,
    hint_evidence: str | None = None,
) -> Article:
    if not body.strip():
        raise ExtractError("empty body")
    if len(body) > MAX_HTML:
        raise ExtractError(f"HTML larger than {MAX_HTML // 1_000_000} MB")
    if looks_binary(body[:8192]):
        raise ExtractError("binary content, not HTML")
    text, encoding, note = decode_html(body, header_charset)
    tree = _tree(text, url)
    if _too_deep(tree):
        raise ExtractError(f"markup nested deeper than {MAX_DEPTH} levels")
    title, title_from = _title(tree, selectors)
    main = _select_text(tree, selectors.body)
    extractor = "selector" if main else "trafilatura"
    if main is None:
        main = (
            trafilatura.extract(
                text,
                url=url,
                include_comments=False,
                include_tables=True,
                favor_precision=True,
                deduplicate=False,
                with_metadata=False,
            )
            or ""
        )
    visible = visible_text(tree)
    finding = find_dates(
        tree,
        visible,
        url,
        today=today,
        order=date_order,
        hint=hint_published,
        hint_evidence=hint_evidence,
    )
    published, updated, evidence = finding.published, finding.updated, finding.evidence
    dated = _select_text(tree, selectors.date)
    if dated and (found := parse_date(dated, today, date_order)):
        published, evidence = found, "selector"
    notes = tuple(n for n in (note, f"title from {title_from}") if n)
    return Article(
        url=url,
        source_id=source_id,
        title=title,
        text=main.strip(),
        language=language,
        published=published,
        updated=updated,
        date_evidence=evidence,
        extractor=extractor,
        charset=encoding,
        notes=notes,
    )
