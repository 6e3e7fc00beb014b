#!/usr/bin/env python3
"""Validate the demo corpus (demo/sites, demo/sources.toml, demo/gold.json).

Standard library only. Exit code 0 when every check passes, 1 otherwise.
Prints the counts of the gold set at the end. Usage:

    python3 demo/check.py
"""

from __future__ import annotations

import json
import re
import sys
import tomllib
import zipfile
from collections import Counter, defaultdict
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit
from xml.etree import ElementTree as ET

DEMO = Path(__file__).resolve().parent
SITES = DEMO / "sites"
BASE_RE = re.compile(r"\{\{BASE:([^}]*)\}\}")
TEXT_EXT = {".html", ".htm", ".xml", ".rss", ".atom", ".txt", ".json", ".js", ".css"}
GOLD_KEYS = {"source", "path", "relevant", "near_miss", "published", "updated", "organisation",
             "region", "story", "language", "title", "robots_disallowed", "attachment",
             "seed_item", "note"}
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
MONTHS_ES = ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
             "septiembre", "octubre", "noviembre", "diciembre"]

ERRORS: list[str] = []


def err(msg: str) -> None:
    ERRORS.append(msg)


# ---------------------------------------------------------------- helpers

def file_for(site: str, path: str) -> Path:
    rel = urlsplit(path).path.lstrip("/")
    if rel == "" or rel.endswith("/"):
        rel += "index.html"
    return SITES / site / rel


def url_path_of(site: str, f: Path) -> str:
    rel = f.relative_to(SITES / site).as_posix()
    if rel == "index.html":
        return "/"
    if rel.endswith("/index.html"):
        return "/" + rel[: -len("index.html")]
    return "/" + rel


def split_base(url: str) -> tuple[str, str] | None:
    m = re.match(r"^\{\{BASE:([^}]*)\}\}(/.*)$", url)
    return (m.group(1), m.group(2)) if m else None


def declared_charset(raw: bytes) -> str | None:
    head = raw[:2048].decode("ascii", "replace")
    m = re.search(r'<meta[^>]+charset=["\']?([A-Za-z0-9_-]+)', head, re.I)
    return m.group(1).lower() if m else None


def read_html(f: Path) -> str:
    raw = f.read_bytes()
    cs = declared_charset(raw)
    if not cs:
        err(f"{f}: no <meta charset>")
        cs = "utf-8"
    try:
        return raw.decode(cs)
    except (UnicodeDecodeError, LookupError) as e:
        err(f"{f}: does not decode as its declared charset {cs}: {e}")
        return raw.decode("utf-8", "replace")


class Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str, dict]] = []     # (tag, url, attrs)
        self.title = ""
        self.h1: list[str] = []
        self._in: str | None = None
        self._buf: list[str] = []
        self.text: list[str] = []
        self.scripts: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for key in ("href", "src"):
            if a.get(key):
                self.links.append((tag, a[key], a))
        if tag == "script" and a.get("src"):
            self.scripts.append(a["src"])
        if tag in ("title", "h1"):
            self._in, self._buf = tag, []

    def handle_endtag(self, tag):
        if tag == self._in:
            txt = " ".join("".join(self._buf).split())
            if tag == "title":
                self.title = txt
            else:
                self.h1.append(txt)
            self._in = None

    def handle_data(self, data):
        if self._in:
            self._buf.append(data)
        self.text.append(data)


def parse_page(f: Path) -> Page:
    p = Page()
    p.feed(read_html(f))
    return p


def robots_disallows(site: str) -> list[str]:
    f = SITES / site / "robots.txt"
    rules, applies = [], False
    if not f.exists():
        return rules
    for line in f.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line or ":" not in line:
            continue
        k, v = (x.strip() for x in line.split(":", 1))
        if k.lower() == "user-agent":
            applies = v == "*"
        elif k.lower() == "disallow" and applies and v:
            rules.append(v)
    return rules


def is_article(src: dict, path: str) -> bool:
    if any(path.startswith(e) for e in src.get("exclude", [])):
        return False
    return any(path.startswith(p) for p in src.get("articles", []))


def date_strings(iso: str) -> list[str]:
    y, m, d = (int(x) for x in iso.split("-"))
    return [iso, f"{y}.{m:02d}.{d:02d}", f"{d} {MONTHS[m-1]} {y}", f"{d:02d} {MONTHS[m-1]} {y}",
            f"{MONTHS[m-1]} {d}, {y}", f"{d} de {MONTHS_ES[m-1]} de {y}", f"{y}年{m}月{d}日",
            f"{y}年{m:02d}月{d:02d}日", f"{d:02d}/{m:02d}/{y}"]


# ---------------------------------------------------------------- checks

def main() -> int:
    sites = sorted(p.name for p in SITES.iterdir() if p.is_dir())
    with open(DEMO / "sources.toml", "rb") as fh:
        sources = {s["id"]: s for s in tomllib.load(fh)["source"]}
    gold = json.loads((DEMO / "gold.json").read_text(encoding="utf-8"))
    period = gold["period"]
    articles = gold["articles"]

    # --- sources.toml
    site_of: dict[str, str] = {}
    for sid, s in sources.items():
        for key in ("id", "name", "label", "region", "language", "home", "cadence_days", "delay", "verified"):
            if key not in s:
                err(f"sources.toml: {sid}: missing {key}")
        hb = split_base(s.get("home", ""))
        if not hb:
            err(f"sources.toml: {sid}: home is not a {{{{BASE:site}}}} URL")
            continue
        site_of[sid] = hb[0]
        if hb[0] not in sites:
            err(f"sources.toml: {sid}: unknown site {hb[0]}")
        for key in ("feeds", "sitemaps", "listings"):
            for u in s.get(key, []):
                sb = split_base(u)
                if not sb:
                    err(f"sources.toml: {sid}: {key} entry {u} is not templated")
                elif not file_for(*sb).exists():
                    err(f"sources.toml: {sid}: {key} entry {u} has no file")
        if not (s.get("feeds") or s.get("sitemaps") or s.get("listings")):
            err(f"sources.toml: {sid}: no discovery (feeds, sitemaps or listings)")

    # --- templating and text files
    for f in sorted(SITES.rglob("*")):
        if not f.is_file() or f.suffix not in TEXT_EXT:
            continue
        raw = f.read_bytes()
        text = raw.decode(declared_charset(raw) or "utf-8", "replace") if f.suffix in (".html", ".htm") \
            else raw.decode("utf-8", "replace")
        for name in BASE_RE.findall(text):
            if name not in sites:
                err(f"{f}: {{{{BASE:{name}}}}} names no site")
        if "127.0.0.1" in text or "localhost" in text:
            err(f"{f}: hard-coded local address")
    registry = "\n".join(ln for ln in (DEMO / "sources.toml").read_text(encoding="utf-8").splitlines()
                         if not ln.lstrip().startswith("#"))
    for name in BASE_RE.findall(registry):
        if name not in sites:
            err(f"sources.toml: {{{{BASE:{name}}}}} names no site")

    # --- XML feeds and sitemaps
    xml_files = [f for f in SITES.rglob("*") if f.suffix in (".xml", ".rss", ".atom")]
    for f in xml_files:
        try:
            ET.parse(f)
        except ET.ParseError as e:
            err(f"{f}: XML does not parse: {e}")

    # --- PDF and HWPX
    for f in SITES.rglob("*.pdf"):
        b = f.read_bytes()
        if not b.startswith(b"%PDF-"):
            err(f"{f}: does not start with %PDF")
        if not b.rstrip().endswith(b"%%EOF"):
            err(f"{f}: does not end with %%EOF")
        m = re.search(rb"startxref\s+(\d+)", b)
        if not m or not b[int(m.group(1)):].startswith(b"xref"):
            err(f"{f}: startxref does not point at the xref table")
        if b"/Title (" not in b:
            err(f"{f}: no /Info /Title")
    for f in SITES.rglob("*.hwpx"):
        try:
            with zipfile.ZipFile(f) as z:
                infos = z.infolist()
                first = infos[0]
                if first.filename != "mimetype" or first.compress_type != zipfile.ZIP_STORED:
                    err(f"{f}: first entry must be an uncompressed 'mimetype'")
                if z.read("mimetype") != b"application/hwp+zip":
                    err(f"{f}: wrong mimetype content")
                for need in ("Contents/section0.xml", "META-INF/container.xml", "Contents/content.hpf"):
                    if need not in z.namelist():
                        err(f"{f}: missing {need}")
                sec = ET.fromstring(z.read("Contents/section0.xml"))
                if not sec.tag.endswith("}sec") or not list(sec.iter("{http://www.hancom.co.kr/hwpml/2011/paragraph}t")):
                    err(f"{f}: section0.xml has no hs:sec / hp:t text")
        except (zipfile.BadZipFile, ET.ParseError, IndexError) as e:
            err(f"{f}: not a valid HWPX: {e}")

    # --- HTML pages: charset, links, titles
    pages: dict[tuple[str, str], Page] = {}
    for site in sites:
        for f in sorted((SITES / site).rglob("*")):
            if f.suffix not in (".html", ".htm"):
                continue
            path = url_path_of(site, f)
            p = parse_page(f)
            pages[(site, path)] = p
            for tag, url, _ in p.links:
                if url.startswith(("http://", "https://", "//")):
                    err(f"{site}{path}: absolute external or untemplated link {url}")
                    continue
                if url.startswith(("#", "mailto:", "javascript:")):
                    continue
                sb = split_base(url)
                tsite, target = sb if sb else (site, urljoin("http://h" + path, url)[len("http://h"):])
                if not file_for(tsite, target).exists():
                    err(f"{site}{path}: broken link {url}")

    # --- gold entries
    seen = set()
    by_source = defaultdict(list)
    for g in articles:
        key = (g.get("source"), g.get("path"))
        if set(g) != GOLD_KEYS:
            err(f"gold {key}: keys differ: {sorted(set(g) ^ GOLD_KEYS)}")
        if key in seen:
            err(f"gold {key}: duplicate entry")
        seen.add(key)
        src = sources.get(g["source"])
        if not src:
            err(f"gold {key}: unknown source")
            continue
        by_source[g["source"]].append(g)
        site = site_of[g["source"]]
        f = file_for(site, g["path"])
        if not f.exists():
            err(f"gold {key}: file {f} does not exist")
            continue
        if g["organisation"] != src["label"]:
            err(f"gold {key}: organisation is not the source label")
        if not g["region"] or not g["story"] or not re.match(r"^\d{4}-\d{2}-\d{2}$", g["published"]):
            err(f"gold {key}: region/story/published missing or malformed")
        if g["attachment"] and not file_for(site, g["attachment"]).exists():
            err(f"gold {key}: attachment {g['attachment']} does not exist")
        disallowed = any(g["path"].startswith(r) for r in robots_disallows(site))
        if disallowed != g["robots_disallowed"]:
            err(f"gold {key}: robots_disallowed={g['robots_disallowed']} but robots.txt says {disallowed}")
        if f.suffix in (".html", ".htm"):
            p = pages[(site, url_path_of(site, f))]
            if not p.h1 or unescape(p.h1[0]) != g["title"]:
                err(f"gold {key}: h1 {p.h1[:1]} differs from gold title")
            if not p.title.startswith(g["title"]) or len(p.title) <= len(g["title"]):
                err(f"gold {key}: <title> lacks the headline plus a site suffix: {p.title!r}")
            text = " ".join(" ".join(p.text).split())
            dated = any(s in text for s in date_strings(g["published"]))
            if not dated and "only in" not in g["note"]:
                err(f"gold {key}: publication date not visible and not noted as feed/sitemap-only")
        elif f.suffix == ".pdf":
            if ("/Title (%s)" % g["title"]).encode() not in f.read_bytes():
                err(f"gold {key}: PDF /Title differs from gold title")

    # every article page per sources.toml has a gold entry
    for sid, src in sources.items():
        site = site_of.get(sid)
        if not site:
            continue
        for f in (SITES / site).rglob("*"):
            if not f.is_file():
                continue
            path = url_path_of(site, f)
            if f.suffix in (".html", ".htm") or (f.suffix.lstrip(".") in src.get("attachments", [])
                                                  and is_article(src, path)):
                if is_article(src, path) and (sid, path) not in seen:
                    err(f"{sid}: article page {path} has no gold entry")

    # --- discovery reaches every article of each source
    for sid, src in sources.items():
        site = site_of.get(sid)
        found: set[str] = set()
        for u in src.get("feeds", []) + src.get("sitemaps", []):
            sb = split_base(u)
            if not sb:
                continue
            root = ET.parse(file_for(*sb)).getroot()
            for el in root.iter():
                tag = el.tag.rsplit("}", 1)[-1]
                val = el.get("href") if tag == "link" and el.get("href") else (el.text or "").strip()
                if tag in ("link", "loc") and val:
                    lb = split_base(val)
                    if lb and lb[0] == site:
                        found.add(lb[1])
        for u in src.get("listings", []):
            sb = split_base(u)
            if not sb:
                continue
            todo, done = [sb[1]], []
            while todo and len(done) < src.get("max_listing_pages", 5):
                path = todo.pop(0)
                if path in done:
                    continue
                done.append(path)
                if not file_for(site, path).exists():
                    err(f"{sid}: listing page {path} does not exist")
                    continue
                p = pages.get((site, urlsplit(path).path)) or parse_page(file_for(site, path))
                links = [(t, urljoin("http://h" + path, x)[len("http://h"):], a) for t, x, a in p.links]
                if src.get("render") == "browser":
                    for js in p.scripts:
                        code = file_for(site, urljoin("http://h" + path, js)[len("http://h"):]).read_text(encoding="utf-8")
                        for api in re.findall(r"fetch\('([^']+)'", code):
                            data = json.loads(file_for(site, api).read_text(encoding="utf-8"))
                            links += [("a", it["url"], {}) for it in data["items"]]
                for tag, target, attrs in links:
                    found.add(target)
                    nxt = "next" in (attrs.get("rel") or "").split() or \
                        any(c in ("next", "load-more", "pagination__next") for c in (attrs.get("class") or "").split())
                    if nxt and target not in done:
                        todo.append(target)
        want = {g["path"] for g in by_source[sid] if not g["robots_disallowed"]}
        missing = want - found
        if missing:
            err(f"{sid}: discovery does not reach {sorted(missing)}")
        stray = {p for p in found if is_article(src, p)} - {g["path"] for g in by_source[sid]}
        if stray:
            err(f"{sid}: discovery reaches article paths without gold: {sorted(stray)}")

    # --- stories
    stories = defaultdict(list)
    for g in articles:
        stories[g["story"]].append(g)
    multi = {k: v for k, v in stories.items() if len(v) > 1}
    for k, v in multi.items():
        if len({g["source"] for g in v}) < 2:
            err(f"story {k}: several articles but a single source")
        if len({g["relevant"] for g in v}) > 1:
            err(f"story {k}: mixes relevant and irrelevant articles")
    for g in articles:
        if g["relevant"] and g["near_miss"]:
            err(f"gold {g['source']}{g['path']}: relevant and near_miss at once")

    # ---------------------------------------------------------- report
    crawlable = [g for g in articles if not g["robots_disallowed"]]
    inp = lambda g: period["start"] <= g["published"] <= period["end"]
    rel_in = [g for g in crawlable if g["relevant"] and inp(g)]
    rel_out = [g for g in crawlable if g["relevant"] and not inp(g)]
    irrel = [g for g in crawlable if not g["relevant"]]
    near = [g for g in irrel if g["near_miss"]]
    print(f"period {period['start']} .. {period['end']}  topic {gold['topic']}")
    print(f"article entries: {len(articles)} ({len(crawlable)} crawlable, "
          f"{len(articles) - len(crawlable)} robots-disallowed)")
    print(f"relevant in period: {len(rel_in)}")
    print(f"relevant out of period: {len(rel_out)}  "
          + ", ".join(f"{g['source']}:{g['published']}" for g in sorted(rel_out, key=lambda g: g["published"])))
    print(f"irrelevant: {len(irrel)} (near-misses: {len(near)})")
    print(f"expected report items (relevant, in period, crawlable): {len(rel_in)} articles in "
          f"{len({g['story'] for g in rel_in})} stories")
    print(f"multi-source stories: {len(multi)}")
    for k, v in sorted(multi.items()):
        print(f"  {k}: " + ", ".join(f"{g['source']} {g['published']}" for g in sorted(v, key=lambda g: g["published"])))
    print("per source (relevant in period / relevant out / irrelevant):")
    for sid in sources:
        gs = [g for g in crawlable if g["source"] == sid]
        print(f"  {sid:8} {sum(1 for g in gs if g['relevant'] and inp(g)):3} "
              f"{sum(1 for g in gs if g['relevant'] and not inp(g)):3} "
              f"{sum(1 for g in gs if not g['relevant']):3}")
    print("languages:", dict(Counter(g["language"] for g in crawlable)))
    if ERRORS:
        print(f"\nFAILED: {len(ERRORS)} problem(s)")
        for e in ERRORS:
            print("  -", e)
        return 1
    print("\nall checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
