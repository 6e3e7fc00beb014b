"""Discovery: links to releases from feeds, sitemaps and listing pages (pure functions)."""

from __future__ import annotations

import email.utils
import gzip
import re
import zlib
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from typing import Any

import feedparser
from lxml import etree, html

from horizonscan.crawl.urls import HostPolicy, canonical, is_asset, path_matches
from horizonscan.records import Discovery, Link, Page
from horizonscan.sources.schema import SourceSpec

NEXT_WORDS = re.compile(
    r"^\s*(next|next page|more|load more|older|older posts|suivant|siguiente|weiter|次へ|次のページ|"
    r"下一页|下页|다음|›|»|>|>>)\s*[›»>]*\s*$",
    re.IGNORECASE,
)
ATTACHMENT_EXT = {"pdf": (".pdf",), "hwpx": (".hwpx",), "hwp": (".hwp",), "docx": (".docx",)}
MAX_XML = 20 * 1024 * 1024
_XML_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, huge_tree=False, recover=True, remove_comments=True
)


def _html_tree(body: bytes, url: str) -> html.HtmlElement | None:
    try:
        tree = html.fromstring(body, base_url=url)
    except (etree.ParserError, ValueError):
        return None
    return tree if isinstance(tree, html.HtmlElement) else None


def _entry_date(entry: Any) -> date | None:
    """The entry's date as written in its own time zone (feedparser's parsed value is UTC,
    which moves an evening release in Lima or Washington to the next day)."""
    for key in ("published", "created", "updated"):
        raw = entry.get(key)
        if not raw:
            continue
        try:
            return email.utils.parsedate_to_datetime(raw).date()
        except (TypeError, ValueError):
            pass
        try:
            return datetime.fromisoformat(raw.strip().replace("Z", "+00:00")).date()
        except ValueError:
            pass
        if key != "updated":
            return _struct_date(entry.get(f"{key}_parsed"))
    return None


def _struct_date(value: object) -> date | None:
    if not value:
        return None
    try:
        return date(value[0], value[1], value[2])  # type: ignore[index]
    except (TypeError, ValueError, IndexError):
        return None


class LinkFilter:
    """Decides which URLs of a source are articles."""

    def __init__(self, spec: SourceSpec, policy: HostPolicy) -> None:
        self.spec = spec
        self.policy = policy
        self.structural = {canonical(u) for u in (*spec.feeds, *spec.sitemaps, *spec.listings)}
        self.structural.add(canonical(spec.home))

    def is_article(self, url: str) -> bool:
        if url in self.structural or is_asset(url):
            return False
        if not self.policy.allowed(self.spec.id, url):
            return False
        if self.spec.exclude and path_matches(url, self.spec.exclude):
            return False
        return not self.spec.articles or path_matches(url, self.spec.articles)


def from_feed(page: Page, spec: SourceSpec, keep: LinkFilter) -> Discovery:
    parsed = feedparser.parse(page.body, sanitize_html=False, resolve_relative_uris=False)
    links: list[Link] = []
    problems: list[str] = []
    if parsed.get("bozo") and not parsed.entries:
        problems.append(f"feed could not be read: {parsed.get('bozo_exception')}")
    for entry in parsed.entries:
        href = entry.get("link") or ""
        if not href:
            continue
        url = canonical(href, base=page.final_url or page.url)
        if not keep.is_article(url):
            continue
        published = _entry_date(entry)
        links.append(
            Link(
                url=url,
                source_id=spec.id,
                kind="article",
                referrer=page.url,
                title=(entry.get("title") or "").strip() or None,
                published=published,
                evidence="feed",
            )
        )
    return Discovery(spec.id, page.url, links=tuple(links), problems=tuple(problems))


def _xml_root(body: bytes) -> etree._Element | None:
    if body[:2] == b"\x1f\x8b":
        try:
            body = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(body, MAX_XML)
        except (zlib.error, gzip.BadGzipFile):
            return None
    try:
        return etree.fromstring(body, parser=_XML_PARSER)
    except etree.XMLSyntaxError:
        return None


def _local(tag: object) -> str:
    return str(tag).rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def _iso_date(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return datetime.fromisoformat(text.strip().replace("Z", "+00:00")).date()
    except ValueError:
        match = re.match(r"(\d{4})-(\d{2})-(\d{2})", text.strip())
        if match:
            try:
                return date(int(match[1]), int(match[2]), int(match[3]))
            except ValueError:
                return None
    return None


def from_sitemap(page: Page, spec: SourceSpec, keep: LinkFilter, policy: HostPolicy) -> Discovery:
    root = _xml_root(page.body)
    if root is None:
        return Discovery(spec.id, page.url, problems=("sitemap is not well-formed XML",))
    links: list[Link] = []
    children: list[Link] = []
    for node in root:
        name = _local(node.tag)
        if name not in ("url", "sitemap"):
            continue
        loc = lastmod = None
        for child in node:
            if _local(child.tag) == "loc":
                loc = (child.text or "").strip()
            elif _local(child.tag) == "lastmod":
                lastmod = child.text
        if not loc:
            continue
        url = canonical(loc, base=page.final_url or page.url)
        if name == "sitemap":
            if policy.allowed(spec.id, url):
                children.append(Link(url=url, source_id=spec.id, kind="sitemap", referrer=page.url))
        elif keep.is_article(url):
            links.append(
                Link(
                    url=url,
                    source_id=spec.id,
                    kind="article",
                    referrer=page.url,
                    published=_iso_date(lastmod),
                    evidence="sitemap",
                )
            )
    return Discovery(spec.id, page.url, links=tuple(links), next_pages=tuple(children))


def _outside_chrome(anchor: html.HtmlElement) -> bool:
    for parent in anchor.iterancestors():
        tag = parent.tag if isinstance(parent.tag, str) else ""
        if tag in ("nav", "header", "footer", "aside"):
            return False
        role = (parent.get("role") or "").lower()
        if role in ("navigation", "banner", "contentinfo"):
            return False
    return True


def _anchors(tree: html.HtmlElement, selector: str | None) -> Iterable[html.HtmlElement]:
    if selector:
        for node in tree.cssselect(selector):
            if node.tag == "a":
                yield node
            else:
                yield from node.iter("a")
    else:
        yield from (a for a in tree.iter("a") if _outside_chrome(a))


def _next_page(tree: html.HtmlElement, spec: SourceSpec, base: str) -> str | None:
    candidates: list[str] = []
    if spec.selectors.next:
        candidates += [n.get("href", "") for n in tree.cssselect(spec.selectors.next)]
    candidates += [
        n.get("href", "")
        for n in tree.iter("link", "a")
        if "next" in (n.get("rel") or "").lower().split()
    ]
    if not candidates:
        for anchor in tree.iter("a"):
            text = anchor.text_content() or anchor.get("aria-label") or ""
            if NEXT_WORDS.match(text):
                candidates.append(anchor.get("href", ""))
    for href in candidates:
        if href and not href.startswith(("javascript:", "#")):
            return canonical(href, base=base)
    return None


def from_listing(
    page: Page, spec: SourceSpec, keep: LinkFilter, body: bytes | None = None
) -> Discovery:
    base = page.final_url or page.url
    tree = _html_tree(body if body is not None else page.body, base)
    if tree is None:
        return Discovery(spec.id, page.url, problems=("listing page could not be parsed",))
    links: dict[str, Link] = {}
    for anchor in _anchors(tree, spec.selectors.links):
        href = anchor.get("href") or ""
        if not href or href.startswith(("javascript:", "mailto:", "tel:", "#")):
            continue
        url = canonical(href, base=base)
        if url in links or not keep.is_article(url):
            continue
        title = " ".join((anchor.text_content() or "").split()) or None
        links[url] = Link(
            url=url,
            source_id=spec.id,
            kind="article",
            referrer=page.url,
            title=title,
            evidence="listing",
        )
    nxt = _next_page(tree, spec, base)
    nexts: tuple[Link, ...] = ()
    if nxt and nxt != canonical(base) and keep.policy.allowed(spec.id, nxt):
        links.pop(nxt, None)
        nexts = (Link(url=nxt, source_id=spec.id, kind="listing", referrer=page.url),)
    return Discovery(spec.id, page.url, links=tuple(links.values()), next_pages=nexts)


def attachments(page: Page, spec: SourceSpec, policy: HostPolicy) -> Iterator[Link]:
    """Attachment links of the kinds the source declares, found on an article page."""
    if not spec.attachments or page.media != "html":
        return
    base = page.final_url or page.url
    tree = _html_tree(page.body, base)
    if tree is None:
        return
    suffixes = tuple(s for kind in spec.attachments for s in ATTACHMENT_EXT[kind])
    seen: set[str] = set()
    nodes = (
        _anchors(tree, spec.selectors.attachments) if spec.selectors.attachments else tree.iter("a")
    )
    for anchor in nodes:
        href = anchor.get("href") or ""
        if not href:
            continue
        url = canonical(href, base=base)
        name = (anchor.get("download") or anchor.text_content() or "").strip().lower()
        path = url.lower().split("?")[0]
        wanted = (
            path.endswith(suffixes) or name.endswith(suffixes) or bool(spec.selectors.attachments)
        )
        if wanted and url not in seen and policy.allowed(spec.id, url):
            seen.add(url)
            yield Link(
                url=url, source_id=spec.id, kind="attachment", referrer=page.url, title=name or None
            )
