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


XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)


def _tree(text: str, url: str) -> html.HtmlElement:
    text = XML_DECLARATION.sub(
        "", text, count=1
    )  # lxml refuses decoded text that names an encoding
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


def _meta_content(tree: html.HtmlElement, names: tuple[str, ...]) -> str | None:
    for node in tree.iter("meta"):
        if (node.get("property") or node.get("name") or "").lower() in names:
            value = " ".join((node.get("content") or "").split())
            if value:
                return value
    return None


def _without_site_name(value: str, site: str | None) -> str:
    """'Headline | Ministry of Minerals' → 'Headline' (the site's name, or the last part)."""
    parts = TITLE_SEPARATORS.split(value)
    if len(parts) < 2:
        return value
    if site and site.casefold() in parts[-1].casefold():
        return value[: value.rfind(parts[-1])].rstrip(" |｜–—-:_").strip() or value
    return value


def _title(tree: html.HtmlElement, selectors: Selectors) -> tuple[str | None, str]:
    chosen = _select_text(tree, selectors.title)
    if chosen:
        return chosen, "selector"
    site = _meta_content(tree, ("og:site_name", "application-name"))
    page_title = tree.find(".//title")
    head = " ".join(page_title.text.split()) if page_title is not None and page_title.text else ""
    if head and not site:  # the part every title of a site ends with
        parts = TITLE_SEPARATORS.split(head)
        site = parts[-1] if len(parts) > 1 else None
    headings = [" ".join(n.text_content().split()) for n in tree.iter("h1")]
    headings = [h for h in headings if h]
    meta = _meta_content(tree, ("og:title", "dc.title", "dcterms.title", "twitter:title"))
    if meta:
        meta = _without_site_name(meta, site)
        # a headline printed on the page that the metadata title only decorates wins
        for heading in headings:
            if heading != meta and heading.casefold() in meta.casefold():
                return heading, "h1"
        return meta, "meta"
    if headings:
        return headings[0], "h1"
    if head:
        return _without_site_name(head, site) if site else TITLE_SEPARATORS.split(head)[
            0
        ].strip() or head, "title"
    return None, "none"


SHORT_TEXT = 600  # characters: a precise extraction this short is checked against a fuller one


def _main_text(text: str, url: str) -> str:
    """trafilatura tuned for precision (menus and related-links boxes stay out); when that
    keeps only a sliver of the page, the default extraction is taken if it is 3× longer."""
    precise = (
        trafilatura.extract(
            text,
            url=url,
            include_comments=False,
            include_tables=True,
            deduplicate=False,
            favor_precision=True,
        )
        or ""
    )
    if len(precise) >= SHORT_TEXT:
        return precise
    fuller = (
        trafilatura.extract(
            text, url=url, include_comments=False, include_tables=True, deduplicate=False
        )
        or ""
    )
    return fuller if len(fuller) > 3 * len(precise) else precise


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
    earliest: date | None = None,
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
        main = _main_text(text, url)
    visible = visible_text(tree)
    finding = find_dates(
        tree,
        visible,
        url,
        today=today,
        order=date_order,
        hint=hint_published,
        hint_evidence=hint_evidence,
        source=text,
        earliest=earliest,
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
