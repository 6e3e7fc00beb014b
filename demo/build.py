#!/usr/bin/env python3
"""Build the demo corpus.

Reads demo/sources.toml and demo/content/*.toml and writes:

* demo/sites/<site>/...  static files of the ten demo websites
* demo/gold.json         one label per article page

Standard library only. The output is deterministic (no clock, no randomness),
so running the script twice gives byte-identical files. Usage:

    python3 demo/build.py            # rebuild sites/ and gold.json
"""

from __future__ import annotations

import html
import json
import re
import shutil
import sys
import textwrap
import tomllib
import unicodedata
import zipfile
from datetime import date
from pathlib import Path

DEMO = Path(__file__).resolve().parent
SITES = DEMO / "sites"
CONTENT = DEMO / "content"
PERIOD = {"start": "2024-06-20", "end": "2024-11-30"}
TOPIC = "rare-earths"

MONTHS = ["January", "February", "March", "April", "May", "June", "July",
          "August", "September", "October", "November", "December"]
MONTHS_ES = ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio",
             "agosto", "septiembre", "octubre", "noviembre", "diciembre"]
DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]

esc = html.escape


def B(site: str) -> str:
    """Placeholder for the absolute base URL of a demo site."""
    return "{{BASE:%s}}" % site


# ---------------------------------------------------------------- dates

def d(iso: str) -> date:
    return date.fromisoformat(iso)


def dmy(iso: str) -> str:                       # 5 March 2024
    x = d(iso)
    return f"{x.day} {MONTHS[x.month - 1]} {x.year}"


def dmy0(iso: str) -> str:                      # 05 March 2024
    x = d(iso)
    return f"{x.day:02d} {MONTHS[x.month - 1]} {x.year}"


def dmy_num(iso: str) -> str:                   # 05/03/2024 (day first)
    x = d(iso)
    return f"{x.day:02d}/{x.month:02d}/{x.year}"


def mdy(iso: str) -> str:                       # March 5, 2024
    x = d(iso)
    return f"{MONTHS[x.month - 1]} {x.day}, {x.year}"


def es_date(iso: str) -> str:                   # 5 de marzo de 2024
    x = d(iso)
    return f"{x.day} de {MONTHS_ES[x.month - 1]} de {x.year}"


def cn_date(iso: str) -> str:                   # 2024年3月5日
    x = d(iso)
    return f"{x.year}年{x.month}月{x.day}日"


def cn_date0(iso: str) -> str:                  # 2024年03月05日
    x = d(iso)
    return f"{x.year}年{x.month:02d}月{x.day:02d}日"


def rfc822(iso: str, hhmm: str = "10:00", tz: str = "+0000") -> str:
    x = d(iso)
    return f"{DAYS[x.weekday()]}, {x.day:02d} {MONTHS[x.month - 1][:3]} {x.year} {hhmm}:00 {tz}"


def es_time(hhmm: str) -> str:                  # 10:30 a. m.
    h, m = (int(v) for v in hhmm.split(":"))
    suffix = "a. m." if h < 12 else "p. m."
    h12 = h if 1 <= h <= 12 else (h - 12 if h > 12 else 12)
    return f"{h12}:{m:02d} {suffix}"


# ---------------------------------------------------------------- text

def blocks(body: str) -> list[tuple[str, object]]:
    """Split a body into ('p', text) and ('ul', [items]) blocks."""
    out: list[tuple[str, object]] = []
    for chunk in body.strip().split("\n\n"):
        lines = [ln.strip() for ln in chunk.strip().splitlines() if ln.strip()]
        if not lines:
            continue
        if all(ln.startswith("- ") for ln in lines):
            out.append(("ul", [ln[2:] for ln in lines]))
        else:
            out.append(("p", " ".join(lines)))
    return out


def body_html(body: str, p_attr: str = "", ul_attr: str = "") -> str:
    parts = []
    for kind, val in blocks(body):
        if kind == "p":
            parts.append(f"<p{p_attr}>{esc(val)}</p>")
        else:
            items = "".join(f"<li>{esc(i)}</li>" for i in val)
            parts.append(f"<ul{ul_attr}>{items}</ul>")
    return "\n".join(parts)


def plain_paragraphs(body: str) -> list[str]:
    out = []
    for kind, val in blocks(body):
        if kind == "p":
            out.append(val)
        else:
            out.extend(f"- {i}" for i in val)
    return out


def teaser(body: str, limit: int = 200) -> str:
    first = blocks(body)[0]
    text = first[1] if first[0] == "p" else first[1][0]
    for stop in (". ", "。"):
        if stop in text:
            text = text.split(stop)[0] + stop.strip()
            break
    if len(text) > limit:
        text = text[: limit - 1].rsplit(" ", 1)[0] + "…"
    return text


def word_count(text: str) -> int:
    return len(text.split())


def to_ascii(s: str) -> str:
    table = {"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-",
             "…": "...", "€": "EUR ", "\u00a0": " "}
    for k, v in table.items():
        s = s.replace(k, v)
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    bad = [c for c in s if ord(c) > 126]
    if bad:
        raise ValueError(f"non-ASCII characters for PDF: {bad!r}")
    return s


# ---------------------------------------------------------------- PDF / HWPX

def make_pdf(title: str, author: str, created: str, paragraphs: list[str]) -> bytes:
    """A small PDF 1.4 with Helvetica text, a correct xref table and /Info."""
    def pesc(s: str) -> str:
        return s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    title = to_ascii(title)
    lines: list[tuple[str, str]] = [("F2", title), ("F1", "")]
    for para in paragraphs:
        for ln in textwrap.wrap(to_ascii(para), width=92) or [""]:
            lines.append(("F1", ln))
        lines.append(("F1", ""))
    per_page = 50
    pages = [lines[i:i + per_page] for i in range(0, len(lines), per_page)]

    streams = []
    for pno, page in enumerate(pages, 1):
        ops = ["BT", "15 TL", "56 786 Td"]
        cur = None
        for font, text in page:
            if font != cur:
                ops.append(f"/{font} {'13' if font == 'F2' else '10'} Tf")
                cur = font
            ops.append(f"({pesc(text)}) Tj T*" if text else "T*")
        ops.append("ET")
        ops.append(f"BT /F1 8 Tf 280 40 Td (Page {pno} of {len(pages)}) Tj ET")
        streams.append("\n".join(ops).encode("latin-1"))

    n_pages = len(pages)
    # object numbers: 1 catalog, 2 pages, 3 F1, 4 F2, 5 info, then page/content pairs
    page_ids = [6 + 2 * i for i in range(n_pages)]
    objs: dict[int, bytes] = {}
    objs[1] = b"<< /Type /Catalog /Pages 2 0 R >>"
    kids = " ".join(f"{p} 0 R" for p in page_ids)
    objs[2] = f"<< /Type /Pages /Kids [{kids}] /Count {n_pages} >>".encode()
    objs[3] = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
    objs[4] = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>"
    x = d(created)
    objs[5] = (f"<< /Title ({pesc(title)}) /Author ({pesc(to_ascii(author))}) "
               f"/CreationDate (D:{x.year}{x.month:02d}{x.day:02d}090000) "
               f"/ModDate (D:{x.year}{x.month:02d}{x.day:02d}090000) >>").encode()
    for i, pid in enumerate(page_ids):
        objs[pid] = (f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                     f"/Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> "
                     f"/Contents {pid + 1} 0 R >>").encode()
        s = streams[i]
        objs[pid + 1] = b"<< /Length %d >>\nstream\n" % len(s) + s + b"\nendstream"

    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for num in sorted(objs):
        offsets[num] = len(out)
        out += b"%d 0 obj\n" % num + objs[num] + b"\nendobj\n"
    size = max(objs) + 1
    xref = len(out)
    out += b"xref\n0 %d\n" % size
    out += b"0000000000 65535 f \n"
    for num in range(1, size):
        out += b"%010d 00000 n \n" % offsets[num]
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info 5 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, xref)
    return bytes(out)


def make_hwpx(title: str, paragraphs: list[str], lang: str, created: str) -> bytes:
    """A minimal HWPX (OWPML) package: mimetype first and stored."""
    x = d(created)
    stamp = (x.year, x.month, x.day, 9, 0, 0)
    paras = [title] + paragraphs
    sec = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
           '<hs:sec xmlns:hs="http://www.hancom.co.kr/hwpml/2011/section" '
           'xmlns:hp="http://www.hancom.co.kr/hwpml/2011/paragraph">']
    for p in paras:
        sec.append(f"<hp:p><hp:run><hp:t>{esc(p, quote=False)}</hp:t></hp:run></hp:p>")
    sec.append("</hs:sec>")
    container = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                 '<ocf:container xmlns:ocf="urn:oasis:names:tc:opendocument:xmlns:container" '
                 'xmlns:hpf="http://www.hancom.co.kr/schema/2011/hpf">'
                 '<ocf:rootfiles><ocf:rootfile full-path="Contents/content.hpf" '
                 'media-type="application/hwpml-package+xml"/></ocf:rootfiles></ocf:container>\n')
    hpf = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           '<opf:package xmlns:opf="http://www.idpf.org/2007/opf/" '
           'xmlns:dc="http://purl.org/dc/elements/1.1/" version="" unique-identifier="" id="">'
           f'<opf:metadata><opf:title>{esc(title, quote=False)}</opf:title>'
           f'<opf:language>{lang}</opf:language>'
           '<opf:meta name="creator" content="text">MOTIE</opf:meta>'
           f'<opf:meta name="CreatedDate" content="text">{created}T09:00:00Z</opf:meta>'
           '</opf:metadata><opf:manifest>'
           '<opf:item id="section0" href="Contents/section0.xml" media-type="application/xml"/>'
           '</opf:manifest><opf:spine><opf:itemref idref="section0" linear="yes"/></opf:spine>'
           '</opf:package>\n')
    import io
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        def put(name: str, data: str, compress: int) -> None:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = compress
            info.external_attr = 0o644 << 16
            z.writestr(info, data.encode("utf-8"))
        put("mimetype", "application/hwp+zip", zipfile.ZIP_STORED)
        put("META-INF/container.xml", container, zipfile.ZIP_DEFLATED)
        put("Contents/content.hpf", hpf, zipfile.ZIP_DEFLATED)
        put("Contents/section0.xml", "\n".join(sec) + "\n", zipfile.ZIP_DEFLATED)
    return buf.getvalue()


# ---------------------------------------------------------------- output

class Site:
    def __init__(self, name: str):
        self.name = name
        self.root = SITES / name

    def write(self, url_path: str, data, encoding: str = "utf-8") -> None:
        assert url_path.startswith("/"), url_path
        rel = url_path.lstrip("/")
        if rel == "" or rel.endswith("/"):
            rel += "index.html"
        target = self.root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, str):
            data = data.encode(encoding)
        target.write_bytes(data)


GOLD: list[dict] = []
WARNINGS: list[str] = []
SOURCES: dict[str, dict] = {}


def load(name: str) -> dict:
    with open(CONTENT / f"{name}.toml", "rb") as fh:
        return tomllib.load(fh)


def gold(source: str, a: dict, *, language: str | None = None, updated: str | None = None,
         attachment: str | None = None, robots_disallowed: bool = False,
         path: str | None = None) -> None:
    src = SOURCES[source]
    p = path or a["path"]
    slug = re.sub(r"[^a-z0-9]+", "-", re.sub(r"(index)?\.(html?|pdf)$", "", p.lower())).strip("-")
    story = a.get("story") or "x-%s-%s" % (source, slug[-70:].lstrip("-"))
    upd = updated if updated is not None else a.get("updated")
    if upd == a["date"]:
        upd = None
    GOLD.append({
        "source": source,
        "path": p,
        "relevant": bool(a["relevant"]),
        "near_miss": bool(a.get("near_miss", False)),
        "published": a["date"],
        "updated": upd or None,
        "organisation": src["label"],
        "region": a.get("region", src["region"]),
        "story": story,
        "language": language or src["language"],
        "title": a.get("gold_title", a["title"]),
        "robots_disallowed": robots_disallowed,
        "attachment": attachment,
        "seed_item": a.get("seed_item"),
        "note": a.get("note", ""),
    })
    lang = language or src["language"]
    n = word_count(a["body"]) if lang not in ("zh", "ko") else int(len(a["body"]) / 1.6)
    if not 150 <= n <= 420:
        WARNINGS.append(f"{source}{p}: body size {n}")


def related(arts: list[dict], i: int, n: int = 3) -> list[dict]:
    """Nearest other articles by date (deterministic)."""
    others = [(abs((d(a["date"]) - d(arts[i]["date"])).days), j) for j, a in enumerate(arts) if j != i]
    others.sort()
    return [arts[j] for _, j in others[:n]]


def paginate(items: list, per: int) -> list[list]:
    return [items[i:i + per] for i in range(0, len(items), per)] or [[]]


# ================================================================ minres

def build_minres() -> None:
    s = Site("minres")
    data = load("minres")
    arts = sorted(data["article"], key=lambda a: (a["date"], a["path"]), reverse=True)

    def page(title: str, crumbs: list[tuple[str, str | None]], main: str, head: str = "") -> str:
        bc = " <span class=\"sep\">&rsaquo;</span> ".join(
            f'<a href="{u}">{esc(t)}</a>' if u else f'<span aria-current="page">{esc(t)}</span>'
            for t, u in crumbs)
        return f"""<!DOCTYPE html>
<html lang="en-AU">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)} | Minister for Resources</title>
<link rel="stylesheet" href="/assets/site.css">
<link rel="alternate" type="application/rss+xml" title="Media releases" href="{B('minres')}/media-releases/feed.xml">
{head}</head>
<body class="minister-site">
<div id="cookie-banner" class="cookie-banner" role="region" aria-label="Cookie notice">
<p>This website uses cookies to understand how it is used and to remember your settings. <a href="/privacy/">Read our privacy statement</a>.</p>
<button type="button" class="cookie-accept">Accept cookies</button>
</div>
<header class="site-header">
<a class="site-brand" href="/"><span class="minister-name">The Hon Madeleine King MP</span>
<span class="portfolio">Minister for Resources and Northern Australia</span></a>
<nav class="main-menu" aria-label="Main menu"><ul>
<li><a href="/">Home</a></li>
<li><a href="/media-releases/">Media releases</a></li>
<li><a href="/about/">About the Minister</a></li>
<li><a href="/contact/">Contact</a></li>
</ul></nav>
</header>
<nav class="breadcrumb" aria-label="Breadcrumb">{bc}</nav>
<main id="main-content">
{main}
</main>
<footer class="site-footer">
<ul class="footer-links">
<li><a href="/contact/">Contact the Minister</a></li>
<li><a href="/privacy/">Privacy</a></li>
<li><a href="/about/">About this site</a></li>
<li><a href="/private/staff-portal.html">Staff portal</a></li>
</ul>
<p class="acknowledgement">We acknowledge the Traditional Owners of country throughout Australia.</p>
<p class="copyright">&copy; Commonwealth of Australia 2025</p>
</footer>
</body>
</html>
"""

    def article_main(a: dict, rel: list[dict]) -> str:
        kind = a.get("kind", "Media release")
        rel_items = "".join(
            f'<li><a href="{r["path"]}">{esc(r["title"])}</a> <span class="date">{dmy(r["date"])}</span></li>'
            for r in rel)
        for extra in a.get("related_extra", []):
            rel_items += f'<li><a href="{extra}">Embargoed: Critical Minerals Strategy update</a></li>'
        return f"""<article class="media-release">
<p class="release-type">{esc(kind)}</p>
<h1>{esc(a["title"])}</h1>
<div class="release-meta">
<p class="release-date">{dmy(a["date"])}</p>
<p class="release-minister">The Hon Madeleine King MP, Minister for Resources and Northern Australia</p>
</div>
<div class="release-body">
{body_html(a["body"])}
</div>
<p class="media-contact">Media contact: the Minister's office. <a href="/contact/">Contact details</a></p>
</article>
<aside class="related-news">
<h2>Related media releases</h2>
<ul>{rel_items}</ul>
</aside>"""

    for i, a in enumerate(arts):
        s.write(a["path"], page(a["title"], [("Home", "/"), ("Media releases", "/media-releases/"),
                                             (a["title"], None)], article_main(a, related(arts, i))))
        gold("minres", a)

    for p in data["private"]:
        main = f"""<article class="internal-document">
<p class="classification">INTERNAL</p>
<h1>{esc(p["title"])}</h1>
<p class="release-date">{dmy(p["date"])}</p>
<div class="release-body">
{body_html(p["body"])}
</div>
<p><a href="/private/draft-critical-minerals-strategy-update.html">Draft documents awaiting approval</a></p>
</article>"""
        s.write(p["path"], page(p["title"], [("Home", "/"), ("Staff", None)], main,
                                head='<meta name="robots" content="noindex, nofollow">\n'))
        gold("minres", p, robots_disallowed=True)

    pages = paginate(arts, 10)
    for n, chunk in enumerate(pages, 1):
        url = "/media-releases/" if n == 1 else f"/media-releases/page/{n}/"
        items = "\n".join(
            f'<li class="release-item"><span class="release-date">{dmy_num(a["date"])}</span> '
            f'<a class="release-link" href="{a["path"]}">{esc(a["title"])}</a>'
            f'<p class="teaser">{esc(teaser(a["body"]))}</p></li>' for a in chunk)
        nav = []
        if n > 1:
            prev = "/media-releases/" if n == 2 else f"/media-releases/page/{n - 1}/"
            nav.append(f'<a class="prev" href="{prev}">&lsaquo; Previous</a>')
        nav.append(f'<span class="page-count">Page {n} of {len(pages)}</span>')
        if n < len(pages):
            nav.append(f'<a class="next" href="/media-releases/page/{n + 1}/">Next &rsaquo;</a>')
        main = f"""<h1>Media releases</h1>
<p class="intro">Media releases from the Minister for Resources and Northern Australia. Subscribe to the <a href="/media-releases/feed.xml">RSS feed</a>.</p>
<ul class="release-list">
{items}
</ul>
<nav class="pager" aria-label="Pagination">{' '.join(nav)}</nav>"""
        s.write(url, page("Media releases" + ("" if n == 1 else f" - page {n}"),
                          [("Home", "/"), ("Media releases", None)], main))

    latest = "".join(f'<li><a href="{a["path"]}">{esc(a["title"])}</a> <span class="date">{dmy(a["date"])}</span></li>'
                     for a in arts[:4])
    s.write("/", page("Home", [("Home", None)], f"""<h1>The Hon Madeleine King MP</h1>
<p>Minister for Resources and Northern Australia. Federal Member for Brand.</p>
<section class="latest"><h2>Latest media releases</h2><ul>{latest}</ul>
<p><a href="/media-releases/">All media releases</a></p></section>"""))
    s.write("/about/", page("About the Minister", [("Home", "/"), ("About the Minister", None)],
                            """<h1>About the Minister</h1>
<p>Madeleine King is the Minister for Resources and Northern Australia. Her portfolio covers the resources sector, including minerals, petroleum and gas, and the development of northern Australia.</p>
<p>The Minister is supported by the Department of Industry, Science and Resources and the Department of Infrastructure, Transport, Regional Development, Communications and the Arts.</p>"""))
    s.write("/contact/", page("Contact", [("Home", "/"), ("Contact", None)], """<h1>Contact the Minister</h1>
<p>Parliament House, Canberra ACT 2600.</p>
<p>For media enquiries, contact the Minister's media adviser through the Parliament House switchboard.</p>
<p>Correspondence about departmental matters should be sent to the Department of Industry, Science and Resources.</p>"""))
    s.write("/privacy/", page("Privacy", [("Home", "/"), ("Privacy", None)], """<h1>Privacy</h1>
<p>This website collects anonymous usage statistics through cookies. No personal information is collected unless you choose to contact the Minister's office.</p>"""))
    s.write("/assets/site.css", "body{font-family:Arial,sans-serif;margin:0}.cookie-banner{background:#222;color:#fff;padding:8px}"
            ".site-header{background:#00395d;color:#fff;padding:12px}.site-header a{color:#fff}.release-list{list-style:none}"
            ".release-date{font-weight:bold}.related-news{border-top:1px solid #ccc}\n")
    s.write("/robots.txt", "User-agent: *\nCrawl-delay: 1\nDisallow: /private/\n")

    items = "\n".join(f"""<item>
<title>{esc(a["title"])}</title>
<link>{B('minres')}{a["path"]}</link>
<guid isPermaLink="true">{B('minres')}{a["path"]}</guid>
<pubDate>{rfc822(a["date"], "11:00", "+1000")}</pubDate>
<description>{esc(teaser(a["body"]))}</description>
</item>""" for a in arts)
    s.write("/media-releases/feed.xml", f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">
<channel>
<title>Media releases - Minister for Resources and Northern Australia</title>
<link>{B('minres')}/media-releases/</link>
<atom:link href="{B('minres')}/media-releases/feed.xml" rel="self" type="application/rss+xml"/>
<description>Media releases of the Minister for Resources and Northern Australia</description>
<language>en-au</language>
<lastBuildDate>{rfc822(arts[0]["date"], "11:00", "+1000")}</lastBuildDate>
{items}
</channel>
</rss>
""")


# ================================================================ canada

DEPTS = {
    "nrcan": ("Natural Resources Canada", "/en/natural-resources-canada", "NRCan"),
    "finance": ("Department of Finance Canada", "/en/department-finance", "Finance Canada"),
}


def build_canada() -> None:
    s = Site("canada")
    data = load("canada")
    by_src: dict[str, list[dict]] = {"nrcan": [], "finance": []}
    for a in data["article"]:
        by_src[a["source"]].append(a)
    for k in by_src:
        by_src[k].sort(key=lambda a: (a["date"], a["path"]), reverse=True)

    def page(title: str, crumbs: list[tuple[str, str]], main: str, head: str = "",
             modified: str = "2024-11-29") -> str:
        bc = "".join(f'<li><a href="{u}">{esc(t)}</a></li>' for t, u in crumbs)
        return f"""<!DOCTYPE html>
<html class="no-js" lang="en" dir="ltr">
<head>
<meta charset="utf-8">
<title>{esc(title)} - Canada.ca</title>
<meta content="width=device-width,initial-scale=1" name="viewport">
{head}<link rel="stylesheet" href="/css/theme.css">
</head>
<body vocab="http://schema.org/" typeof="WebPage">
<div id="gc-cookie-notice" class="gc-cookie-notice"><p>Canada.ca uses cookies to improve your experience. <a href="/en/privacy.html">Privacy notice</a></p><button type="button">OK</button></div>
<nav><ul id="wb-tphp"><li><a class="wb-sl" href="#wb-cont">Skip to main content</a></li></ul></nav>
<header>
<div id="wb-bnr" class="container"><a href="/" class="gc-brand">Government of Canada / Gouvernement du Canada</a></div>
<nav class="gcweb-menu" aria-label="Menu"><h2>Menu</h2><ul role="menu">
<li><a href="/en/natural-resources-canada.html">Natural Resources Canada</a></li>
<li><a href="/en/department-finance.html">Department of Finance Canada</a></li>
<li><a href="/en/natural-resources-canada/news/">NRCan news</a></li>
<li><a href="/en/department-finance/news/">Finance news</a></li>
<li><a href="/en/contact.html">Contact us</a></li>
</ul></nav>
<nav id="wb-bc" property="breadcrumb"><h2>You are here:</h2><ol class="breadcrumb"><li><a href="/">Canada.ca</a></li>{bc}</ol></nav>
</header>
<main property="mainContentOfPage" resource="#wb-main" class="container" typeof="WebPageElement">
{main}
<section class="pagedetails">
<div class="row"><a class="btn" href="/en/contact.html">Report a problem or mistake on this page</a></div>
<dl id="wb-dtmd"><dt>Date modified:</dt><dd><time property="dateModified">{modified}</time></dd></dl>
</section>
</main>
<footer id="wb-info">
<nav aria-label="Government of Canada"><ul>
<li><a href="/en/contact.html">Contact us</a></li>
<li><a href="/en/about.html">About Canada.ca</a></li>
<li><a href="/en/privacy.html">Privacy</a></li>
<li><a href="/en/terms.html">Terms and conditions</a></li>
</ul></nav>
<p>&copy; His Majesty the King in Right of Canada, 2024</p>
</footer>
</body>
</html>
"""

    for src, arts in by_src.items():
        dept, base, short = DEPTS[src]
        for i, a in enumerate(arts):
            rel = "".join(f'<li><a href="{r["path"]}">{esc(r["title"])}</a></li>'
                          for r in related(arts, i))
            head = (f'<meta name="description" content="{esc(teaser(a["body"]))}">\n'
                    f'<meta name="dcterms.title" content="{esc(a["title"])}">\n'
                    f'<meta name="dcterms.creator" content="{dept}">\n'
                    f'<meta name="dcterms.language" title="ISO639-2/T" content="eng">\n'
                    f'<meta name="dcterms.issued" title="W3CDTF" content="{a["date"]}">\n'
                    f'<meta name="dcterms.modified" title="W3CDTF" content="{a["modified"]}">\n'
                    f'<meta name="dcterms.type" content="news release">\n')
            main = f"""<h1 property="name" id="wb-cont">{esc(a["title"])}</h1>
<p class="gc-byline"><strong>From: <a href="{base}.html">{dept}</a></strong></p>
<h2 class="gc-doc-type">News release</h2>
<p>{mdy(a["date"])} &ndash; {esc(a["place"])} &ndash; {dept}</p>
{body_html(a["body"])}
<h2>Associated links</h2>
<ul class="associated-links">{rel}</ul>
<h2>Contacts</h2>
<p>Media Relations<br>{dept}<br><a href="/en/contact.html">Contact form</a></p>"""
            s.write(a["path"], page(a["title"], [(dept, f"{base}.html"), ("News", f"{base}/news/")],
                                    main, head, a["modified"]))
            gold(src, a, updated=a["modified"])

        rows = "".join(f'<li><a href="{a["path"]}">{esc(a["title"])}</a> <span class="date">{mdy(a["date"])}</span></li>'
                       for a in arts)
        s.write(f"{base}/news/", page(f"{dept} news", [(dept, f"{base}.html")],
                                      f"""<h1 property="name" id="wb-cont">News: {dept}</h1>
<p>Subscribe to the <a href="{base}/news/feed.atom">news feed</a>.</p>
<ul class="news-list">{rows}</ul>"""))
        s.write(f"{base}.html", page(dept, [], f"""<h1 property="name" id="wb-cont">{dept}</h1>
<p>Information about the programs and services of {dept}.</p>
<ul><li><a href="{base}/news/">News</a></li><li><a href="/en/contact.html">Contact</a></li></ul>"""))

        latest_upd = max(a["modified"] for a in arts)
        entries = "\n".join(f"""<entry>
<title>{esc(a["title"])}</title>
<link rel="alternate" type="text/html" href="{B('canada')}{a["path"]}"/>
<id>{B('canada')}{a["path"]}</id>
<published>{a["date"]}T10:00:00-04:00</published>
<updated>{a["modified"]}T15:30:00-04:00</updated>
<summary>{esc(teaser(a["body"]))}</summary>
</entry>""" for a in arts)
        s.write(f"{base}/news/feed.atom", f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">
<title>{dept} - News</title>
<id>{B('canada')}{base}/news/feed.atom</id>
<link rel="self" href="{B('canada')}{base}/news/feed.atom"/>
<link rel="alternate" href="{B('canada')}{base}/news/"/>
<updated>{latest_upd}T15:30:00-04:00</updated>
<author><name>{dept}</name></author>
{entries}
</feed>
""")

    s.write("/", page("Home", [], """<h1 property="name" id="wb-cont">Canada.ca</h1>
<ul><li><a href="/en/natural-resources-canada.html">Natural Resources Canada</a></li>
<li><a href="/en/department-finance.html">Department of Finance Canada</a></li></ul>"""))
    for slug, title, text in [
        ("contact", "Contact us", "Use the departmental contact pages to reach media relations and program staff."),
        ("about", "About Canada.ca", "Canada.ca is the website of the Government of Canada."),
        ("privacy", "Privacy", "We collect anonymous usage statistics. Read how your information is protected."),
        ("terms", "Terms and conditions", "Content on this site is subject to the terms and conditions of use."),
    ]:
        s.write(f"/en/{slug}.html", page(title, [], f'<h1 property="name" id="wb-cont">{title}</h1>\n<p>{text}</p>'))
    s.write("/css/theme.css", "body{font-family:'Noto Sans',sans-serif}#wb-bnr{border-bottom:4px solid #26374a}"
            ".gc-cookie-notice{background:#eee;padding:6px}#wb-dtmd{font-size:smaller}\n")
    s.write("/robots.txt", "User-agent: *\nAllow: /\n")


# ================================================================ motie

def build_motie() -> None:
    s = Site("motie")
    data = load("motie")
    arts = sorted(data["article"], key=lambda a: (a["date"], a["article_id"]), reverse=True)
    for a in arts:
        a["path"] = f"/eng/article/EATCLdfa319ada/{a['article_id']}/view.html"

    def page(title: str, crumbs: str, main: str) -> str:
        return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=UTF-8">
<meta http-equiv="X-UA-Compatible" content="IE=edge">
<title>{esc(title)} | Ministry of Trade, Industry and Energy</title>
<link rel="stylesheet" type="text/css" href="/eng/css/common.css">
</head>
<body>
<div id="skipNav"><a href="#contents">Go to content</a></div>
<div class="cookie-layer" id="cookieLayer"><p>This site uses cookies to keep your session. By continuing you agree to our <a href="/eng/privacy.html">privacy policy</a>.</p><a href="#" class="btn-close">Close</a></div>
<div id="header">
<div class="logo"><a href="/"><span>MOTIE</span> Ministry of Trade, Industry and Energy</a></div>
<ul id="gnb">
<li><a href="/eng/about.html">About MOTIE</a></li>
<li><a href="/eng/article/list/1.html">News</a></li>
<li><a href="/eng/policies.html">Policies</a></li>
<li><a href="/eng/contact.html">Contact</a></li>
</ul>
<div class="lang"><a href="/">ENGLISH</a></div>
</div>
<div id="container">
<div class="location"><a href="/">Home</a> &gt; <a href="/eng/article/list/1.html">News</a> &gt; {crumbs}</div>
<div id="contents">
{main}
</div>
</div>
<div id="footer">
<ul class="footer-menu"><li><a href="/eng/privacy.html">Privacy Policy</a></li><li><a href="/eng/contact.html">Contact Us</a></li><li><a href="/eng/about.html">Location</a></li></ul>
<address>402, Hannuri-daero, Sejong-si, Republic of Korea</address>
<p class="copyright">COPYRIGHT &copy; 2024 MINISTRY OF TRADE, INDUSTRY AND ENERGY. ALL RIGHTS RESERVED.</p>
</div>
</body>
</html>
"""

    for i, a in enumerate(arts):
        ext = a["attach"]
        fname = a["attach_path"].rsplit("/", 1)[-1]
        lang = a.get("attach_language", "en")
        body_paras = plain_paragraphs(a["body"])
        if ext == "pdf":
            title = a.get("attach_title", a["title"])
            paras = body_paras[1:] if body_paras and body_paras[0] == title else body_paras
            blob = make_pdf(title, "Ministry of Trade, Industry and Energy", a["date"],
                            [f"PRESS RELEASE  |  {a['date']}"] + paras)
        else:
            blob = make_hwpx(a.get("attach_title", a["title"]), body_paras, lang, a["date"])
        s.write(a["attach_path"], blob)
        size_kb = max(1, round(len(blob) / 1024))
        hits = 300 + (a["article_id"] * 37) % 1900
        prev_a = arts[i + 1] if i + 1 < len(arts) else None
        next_a = arts[i - 1] if i > 0 else None
        pn = ""
        if next_a:
            pn += f'<li class="next"><span>Next</span> <a href="{next_a["path"]}">{esc(next_a["title"])}</a></li>'
        if prev_a:
            pn += f'<li class="prev"><span>Prev</span> <a href="{prev_a["path"]}">{esc(prev_a["title"])}</a></li>'
        rel = "".join(f'<li><a href="{r["path"]}">{esc(r["title"])}</a> <span>{r["date"]}</span></li>'
                      for r in related(arts, i))
        main = f"""<div class="board-view">
<div class="view-title">
<h1 class="tit">{esc(a["title"])}</h1>
<ul class="info">
<li><span class="lbl">Date</span> {a["date"].replace("-", ".")}</li>
<li><span class="lbl">Hits</span> {hits:,}</li>
<li><span class="lbl">Department</span> Press Office</li>
</ul>
</div>
<div class="view-cont">
<p>{esc(a["summary"])}</p>
</div>
<div class="file-list">
<strong class="tit">Attachments</strong>
<ul><li><a class="btn-down" href="{a["attach_path"]}">{esc(fname)}</a> <span class="size">({size_kb}KB)</span></li></ul>
</div>
<ul class="prev-next">{pn}</ul>
<div class="btn-area"><a href="/eng/article/list/1.html" class="btn-list">List</a></div>
</div>
<div class="other-news"><h3>Other news</h3><ul>{rel}</ul></div>"""
        s.write(a["path"], page(a["title"], "Press Releases", main))
        # The HTML page carries the neutral title; the PDF/HWPX carries the text.
        gold("motie", a, language=lang, attachment=a["attach_path"])

    pages = paginate(arts, 10)
    total = len(arts)
    for n, chunk in enumerate(pages, 1):
        rows = []
        for k, a in enumerate(chunk):
            num = total - ((n - 1) * 10 + k)
            rows.append(f'<tr><td class="num">{num}</td><td class="subject"><a href="{a["path"]}">{esc(a["title"])}</a></td>'
                        f'<td class="file"><img src="/eng/img/ico_file.gif" alt="attachment"></td>'
                        f'<td class="date">{a["date"]}</td><td class="hits">{300 + (a["article_id"] * 37) % 1900}</td></tr>')
        links = []
        if n > 1:
            links.append(f'<a class="prev" href="/eng/article/list/{n - 1}.html" title="pageIndex={n - 1}">Prev</a>')
        for m in range(1, len(pages) + 1):
            cls = ' class="on"' if m == n else ""
            links.append(f'<a{cls} href="/eng/article/list/{m}.html" title="pageIndex={m}">{m}</a>')
        if n < len(pages):
            links.append(f'<a class="next" href="/eng/article/list/{n + 1}.html" title="pageIndex={n + 1}">Next</a>')
        main = f"""<h1 class="page-title">Press Releases</h1>
<p class="total">Total <strong>{total}</strong> / Page {n} of {len(pages)}</p>
<table class="board-list" summary="Press release list">
<thead><tr><th>No.</th><th>Title</th><th>File</th><th>Date</th><th>Hits</th></tr></thead>
<tbody>
{chr(10).join(rows)}
</tbody>
</table>
<div class="paging">{' '.join(links)}</div>"""
        s.write(f"/eng/article/list/{n}.html", page(f"Press Releases - page {n}", "Press Releases", main))

    latest = "".join(f'<li><a href="{a["path"]}">{esc(a["title"])}</a> <span>{a["date"]}</span></li>' for a in arts[:5])
    s.write("/", page("Home", "Home", f"""<div class="main-news"><h1>Latest news</h1><ul>{latest}</ul>
<a class="more" href="/eng/article/list/1.html">More</a></div>"""))
    for slug, title, text in [
        ("about", "About MOTIE", "The Ministry of Trade, Industry and Energy is responsible for industrial, trade, energy and resources policy of the Republic of Korea."),
        ("policies", "Policies", "Industrial policy, trade policy, energy policy and resources policy."),
        ("contact", "Contact", "Call centre: +82-1577-0900."),
        ("privacy", "Privacy Policy", "Personal information collected through this website is handled according to the Personal Information Protection Act."),
    ]:
        s.write(f"/eng/{slug}.html", page(title, title, f'<h1 class="page-title">{title}</h1>\n<p>{esc(text)}</p>'))
    s.write("/eng/css/common.css", "body{font-family:'Malgun Gothic',sans-serif}.board-list{width:100%}.paging a.on{font-weight:bold}\n")
    # 1x1 transparent GIF for the attachment icon
    s.write("/eng/img/ico_file.gif", bytes.fromhex("47494638396101000100800000000000ffffff21f90401000000002c00000000010001000002024401003b"))
    s.write("/robots.txt", "User-agent: *\nDisallow: /eng/search/\n")


# ================================================================ iea

def build_iea() -> None:
    s = Site("iea")
    data = load("iea")
    arts = sorted(data["article"], key=lambda a: (a["date"], a["path"]), reverse=True)

    def page(title: str, main: str, head: str = "", crumbs: str = "") -> str:
        return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)} &ndash; News - IEA</title>
{head}<link rel="stylesheet" href="/assets/css/app.css">
</head>
<body class="page-news">
<div class="m-cookies" id="cookies"><p>We use cookies to improve our services and for statistical purposes. <a href="/about/">Learn more</a></p><button class="m-cookies__accept">Accept all</button><button class="m-cookies__decline">Decline</button></div>
<header class="f-header">
<a class="f-header__logo" href="/">iea</a>
<nav class="f-header__menu"><ul>
<li><a href="/">Home</a></li>
<li><a href="/about/">About</a></li>
<li><a href="/contact/">Contact</a></li>
</ul></nav>
</header>
<div class="o-breadcrumb"><a href="/">Home</a> / <span>News</span>{crumbs}</div>
<main class="o-page">
{main}
</main>
<footer class="f-footer">
<ul><li><a href="/about/">About the IEA</a></li><li><a href="/contact/">Contact</a></li><li><a href="/about/">Terms</a></li></ul>
<p>&copy; IEA 2024</p>
</footer>
</body>
</html>
"""

    for i, a in enumerate(arts):
        head = ""
        if a.get("jsonld", True):
            ld = {
                "@context": "https://schema.org",
                "@type": "NewsArticle",
                "headline": a["title"],
                "datePublished": f"{a['date']}T10:00:00+02:00",
                "dateModified": f"{a.get('modified', a['date'])}T16:00:00+02:00",
                "publisher": {"@type": "Organization", "name": "International Energy Agency"},
                "mainEntityOfPage": B("iea") + a["path"],
            }
            head = ('<script type="application/ld+json">' + json.dumps(ld, ensure_ascii=False)
                    + "</script>\n")
        meta = ""
        if a.get("show_date", True):
            meta = f'<div class="o-hero__meta"><span class="a-tag">News</span> <span class="o-hero__date">{dmy0(a["date"])}</span></div>'
        else:
            meta = '<div class="o-hero__meta"><span class="a-tag">Commentary</span></div>'
        rel = "".join(f'<li class="m-news-listing__item"><a href="{r["path"]}">{esc(r["title"])}</a></li>'
                      for r in related(arts, i))
        main = f"""<section class="o-hero">
{meta}
<h1 class="o-hero__title">{esc(a["title"])}</h1>
</section>
<article class="m-block m-block--text">
{body_html(a["body"], ' class="a-text"')}
</article>
<aside class="m-news-listing"><h2>Recent news</h2><ul>{rel}</ul></aside>"""
        s.write(a["path"], page(a["title"], main, head))
        gold("iea", a, updated=a.get("modified"))

    s.write("/", page("Home", """<h1>International Energy Agency</h1>
<p>The IEA works with governments and industry to shape a secure and sustainable energy future for all.</p>
<p>Browse our analysis, data and news through the menu.</p>"""))
    s.write("/about/", page("About", "<h1>About the IEA</h1>\n<p>The IEA is at the heart of global dialogue on energy.</p>"))
    s.write("/contact/", page("Contact", "<h1>Contact</h1>\n<p>Use the contact form to reach the IEA press office.</p>"))
    s.write("/assets/css/app.css", "body{font-family:Helvetica,Arial,sans-serif}.o-hero__date{color:#666}.m-cookies{position:fixed;bottom:0}\n")
    urls = [("/", "2024-11-06"), ("/about/", "2024-01-15"), ("/contact/", "2024-01-15")]
    urls += [(a["path"], a["lastmod"]) for a in sorted(arts, key=lambda a: a["path"])]
    body = "\n".join(f"<url><loc>{B('iea')}{u}</loc><lastmod>{lm}</lastmod></url>" for u, lm in urls)
    s.write("/sitemap.xml", f"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
{body}
</urlset>
""")
    s.write("/robots.txt", f"User-agent: *\nDisallow: /search\nSitemap: {B('iea')}/sitemap.xml\n")


# ================================================================ eiti

def build_eiti() -> None:
    s = Site("eiti")
    data = load("eiti")
    arts = sorted(data["article"], key=lambda a: (a["date"], a["path"]), reverse=True)

    def page(title: str, main: str, head: str = "", crumbs: list[tuple[str, str | None]] = ()) -> str:
        bc = "".join(f'<li><a href="{u}">{esc(t)}</a></li>' if u else f"<li>{esc(t)}</li>" for t, u in crumbs)
        return f"""<!DOCTYPE html>
<html lang="en" dir="ltr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>{esc(title)} | Extractive Industries Transparency Initiative</title>
{head}<link rel="stylesheet" media="all" href="/themes/eiti/css/style.css">
</head>
<body class="path-node page-node-type-article">
<div id="sliding-popup" class="eu-cookie-compliance-banner"><div class="popup-content"><p>We use cookies on this site to enhance your user experience. <a href="/privacy/">More info</a></p><button class="agree-button">OK, I agree</button><button class="decline-button">No, thanks</button></div></div>
<header role="banner" class="site-header">
<a href="/" rel="home" class="site-logo">EITI</a>
<nav role="navigation" aria-label="Main navigation"><ul class="menu">
<li class="menu-item"><a href="/about/">About</a></li>
<li class="menu-item"><a href="/news/">News</a></li>
<li class="menu-item"><a href="/contact/">Contact</a></li>
</ul></nav>
</header>
<nav class="breadcrumb" aria-label="Breadcrumb"><ol><li><a href="/">Home</a></li>{bc}</ol></nav>
<main role="main">
{main}
</main>
<footer role="contentinfo" class="site-footer">
<p>EITI International Secretariat, Oslo, Norway</p>
<ul><li><a href="/contact/">Contact us</a></li><li><a href="/privacy/">Privacy policy</a></li></ul>
<p>&copy; 2024 EITI</p>
</footer>
</body>
</html>
"""

    for i, a in enumerate(arts):
        rel = "".join(f'<div class="related-item"><a href="{r["path"]}">{esc(r["title"])}</a> <span class="date">{dmy(r["date"])}</span></div>'
                      for r in related(arts, i))
        main = f"""<article role="article" class="node node--type-article">
<div class="field field--name-field-content-type">News</div>
<h1 class="page-title"><span>{esc(a["title"])}</span></h1>
<div class="field field--name-field-date">{dmy(a["date"])}</div>
<div class="field field--name-body">
{body_html(a["body"])}
</div>
</article>
<section class="related-content"><h2>Related content</h2>{rel}</section>"""
        s.write(a["path"], page(a["title"], main, crumbs=[("News", "/news/"), (a["title"], None)]))
        gold("eiti", a)

    pages = paginate(arts, 4)
    for n, chunk in enumerate(pages):
        url = "/news/" if n == 0 else f"/news/page/{n}/"
        head = ""
        if n > 0:
            prev = "/news/" if n == 1 else f"/news/page/{n - 1}/"
            head += f'<link rel="prev" href="{prev}">\n'
        if n + 1 < len(pages):
            head += f'<link rel="next" href="/news/page/{n + 1}/">\n'
        rows = "\n".join(f"""<div class="views-row">
<div class="views-field views-field-field-date">{dmy(a["date"])}</div>
<h3 class="node-title"><a href="{a["path"]}">{esc(a["title"])}</a></h3>
<p class="summary">{esc(teaser(a["body"]))}</p>
</div>""" for a in chunk)
        more = ""
        if n + 1 < len(pages):
            more = (f'<ul class="js-pager__items pager" data-drupal-views-infinite-scroll-pager="">'
                    f'<li class="pager__item"><a class="button load-more" href="/news/page/{n + 1}/" rel="next">Load more</a></li></ul>')
        main = f"""<h1 class="page-title">News</h1>
<div class="view view-news view-display-id-page">
<div class="view-content">
{rows}
</div>
{more}
</div>"""
        s.write(url, page("News", main, head, crumbs=[("News", None)]))

    s.write("/", page("Home", """<h1>Extractive Industries Transparency Initiative</h1>
<p>The EITI is the global standard for the good governance of oil, gas and mineral resources.</p>
<p><a href="/news/">Latest news</a></p>"""))
    s.write("/about/", page("About", "<h1>About</h1>\n<p>The EITI Standard requires the disclosure of information along the extractive industry value chain.</p>"))
    s.write("/contact/", page("Contact", "<h1>Contact</h1>\n<p>EITI International Secretariat, Oslo.</p>"))
    s.write("/privacy/", page("Privacy policy", "<h1>Privacy policy</h1>\n<p>We use cookies to analyse traffic.</p>"))
    s.write("/themes/eiti/css/style.css", "body{font-family:Roboto,sans-serif}.views-row{margin-bottom:1em}.load-more{display:inline-block}\n")
    s.write("/robots.txt", "User-agent: *\nDisallow: /admin/\nDisallow: /user/\n")


# ================================================================ govcn (GBK)

def build_govcn() -> None:
    s = Site("govcn")
    data = load("govcn")
    arts = sorted(data["article"], key=lambda a: (a["date"], a["time"]), reverse=True)

    def page(title: str, main: str, head: str = "") -> str:
        return f"""<!DOCTYPE html>
<html>
<head>
<meta charset="gbk">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)}_中国政府网</title>
{head}<link rel="stylesheet" href="/css/common.css">
</head>
<body>
<div class="cookie-tip" id="cookieTip">本网站使用Cookie以改善浏览体验。继续浏览即表示您同意使用Cookie。<a href="/about.htm">了解详情</a> <a href="#" class="close">关闭</a></div>
<div class="header">
<div class="header_top"><a href="/" class="logo">中国政府网</a> <span class="links"><a href="/">首页</a> | <a href="/about.htm">简</a> | <a href="/contact.htm">联系我们</a></span></div>
<ul class="nav">
<li><a href="/">首页</a></li>
<li><a href="/zhengce/list.htm">政策</a></li>
<li><a href="/zhengce/list.htm">新闻</a></li>
<li><a href="/about.htm">关于本网</a></li>
</ul>
</div>
<div class="BreadcrumbNav"><a href="/">首页</a> &gt; <a href="/zhengce/list.htm">政策</a> &gt; 正文</div>
<div class="main">
{main}
</div>
<div class="footer">
<p><a href="/about.htm">关于本网</a> | <a href="/contact.htm">网站声明</a> | <a href="/contact.htm">联系我们</a> | <a href="/about.htm">网站纠错</a></p>
<p>主办单位：国务院办公厅　运行维护单位：中国政府网运行中心</p>
<p>版权所有：中国政府网　中文域名：中国政府网.政务</p>
</div>
</body>
</html>
"""

    for i, a in enumerate(arts):
        head = f'<meta name="description" content="{esc(teaser(a["body"], 120))}">\n'
        if a.get("firstpublished"):
            head += f'<meta name="firstpublishedtime" content="{a["date"]}-{a["time"]}:00">\n'
            head += f'<meta name="lastmodifiedtime" content="{a["date"]}-{a["time"]}:00">\n'
        head += f'<meta name="source" content="{esc(a["origin"])}">\n'
        if a["date_style"] == "iso":
            dline = f'发布时间：{a["date"]} {a["time"]}'
        else:
            dline = f'发布时间：{cn_date(a["date"])}'
        table = ""
        if a.get("doc_date"):
            table = f"""<table class="bd1" border="0" cellspacing="1" cellpadding="0">
<tr><td><b>发文机关：</b></td><td>{esc(a["origin"].replace("网站", ""))}</td><td><b>成文日期：</b></td><td>{cn_date0(a["doc_date"])}</td></tr>
<tr><td><b>标　　题：</b></td><td colspan="3">{esc(a["title"])}</td></tr>
<tr><td><b>发布日期：</b></td><td>{cn_date0(a["date"])}</td><td><b>主题分类：</b></td><td>市场监管、安全生产监管</td></tr>
</table>"""
        rel = "".join(f'<li><a href="{r["path"]}">{esc(r["title"])}</a></li>' for r in related(arts, i))
        main = f"""{table}
<div class="article oneColumn pub_border">
<h1>{esc(a["title"])}</h1>
<div class="pages-date">{dline}<span class="font">来源：{esc(a["origin"])}</span></div>
<div class="pages_content" id="UCAP-CONTENT">
{body_html(a["body"], ' style="text-indent: 2em;"')}
</div>
<div class="editor">【我要纠错】 责任编辑：王蕾</div>
</div>
<div class="related"><h3>相关稿件</h3><ul>{rel}</ul></div>"""
        s.write(a["path"], page(a["title"], main, head), encoding="gbk")
        gold("govcn", a)

    pages = paginate(arts, 6)
    for n, chunk in enumerate(pages):
        fname = "list.htm" if n == 0 else f"list_{n}.htm"
        rows = "\n".join(f'<li><h4><a href="{a["path"]}" target="_blank">{esc(a["title"])}</a>'
                         f'<span class="date">{a["date"]}</span></h4></li>' for a in chunk)
        nav = [f"共{len(pages)}页"]
        nav.append('<a href="list.htm">首页</a>')
        if n > 0:
            prev = "list.htm" if n == 1 else f"list_{n - 1}.htm"
            nav.append(f'<a class="prev" href="{prev}">上一页</a>')
        if n + 1 < len(pages):
            nav.append(f'<a class="next" href="list_{n + 1}.htm">下一页</a>')
        last = "list.htm" if len(pages) == 1 else f"list_{len(pages) - 1}.htm"
        nav.append(f'<a href="{last}">尾页</a>')
        main = f"""<div class="list_left">
<div class="channel_tab"><h2>最新政策</h2></div>
<ul class="list">
{rows}
</ul>
<div class="pagination">{' '.join(nav)}</div>
</div>"""
        s.write(f"/zhengce/{fname}", page("最新政策", main), encoding="gbk")

    latest = "".join(f'<li><a href="{a["path"]}">{esc(a["title"])}</a></li>' for a in arts[:5])
    s.write("/", page("首页", f'<div class="index_news"><h2>要闻</h2><ul>{latest}</ul><a href="/zhengce/list.htm">更多</a></div>'),
            encoding="gbk")
    s.write("/about.htm", page("关于本网", "<h1>关于本网</h1>\n<p>中国政府网是国务院和国务院各部门以及各省、自治区、直辖市人民政府在国际互联网上发布政务信息和提供在线服务的综合平台。</p>"),
            encoding="gbk")
    s.write("/contact.htm", page("联系我们", "<h1>联系我们</h1>\n<p>如对本网站有意见和建议，请通过网站纠错栏目反馈。</p>"), encoding="gbk")
    s.write("/css/common.css", "body{font-family:SimSun,serif}.pages-date{color:#666}.list li{line-height:2}\n")
    s.write("/robots.txt", "User-agent: *\nAllow: /\n")


# ================================================================ minem

def build_minem() -> None:
    s = Site("minem")
    data = load("minem")
    arts = sorted(data["article"], key=lambda a: (a["date"], a["time"]), reverse=True)

    def page(title: str, main: str, head: str = "", crumbs: str = "") -> str:
        return f"""<!DOCTYPE html>
<html lang="es">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)} - Ministerio de Energía y Minas - Plataforma del Estado Peruano</title>
{head}<link rel="alternate" type="application/rss+xml" title="Noticias" href="{B('minem')}/institucion/minem/noticias.rss">
<link rel="stylesheet" href="/assets/gobpe.css">
</head>
<body>
<div class="cookies-alert" id="cookies-alert"><p>Este sitio utiliza cookies para mejorar tu experiencia. <a href="/institucion/minem/privacidad.html">Política de privacidad</a></p><button type="button">Aceptar</button></div>
<header class="gob-header">
<a class="gob-logo" href="/">gob.pe</a> <span class="tagline">Plataforma digital única del Estado Peruano</span>
<nav class="gob-menu"><ul>
<li><a href="/institucion/minem/">Ministerio de Energía y Minas</a></li>
<li><a href="/institucion/minem/noticias/">Noticias</a></li>
<li><a href="/institucion/minem/acerca.html">Acerca de</a></li>
<li><a href="/institucion/minem/contacto.html">Contacto</a></li>
</ul></nav>
</header>
<nav class="breadcrumbs"><a href="/">Inicio</a> &rsaquo; <a href="/institucion/minem/">Ministerio de Energía y Minas</a> &rsaquo; <a href="/institucion/minem/noticias/">Noticias</a>{crumbs}</nav>
<main>
{main}
</main>
<footer class="gob-footer">
<ul><li><a href="/institucion/minem/contacto.html">Contacto</a></li><li><a href="/institucion/minem/privacidad.html">Política de privacidad</a></li><li><a href="/institucion/minem/acerca.html">Acerca de</a></li></ul>
<p>Av. Las Artes Sur 260, San Borja, Lima. &copy; 2024 Ministerio de Energía y Minas</p>
</footer>
</body>
</html>
"""

    for i, a in enumerate(arts):
        date_html = ""
        if a.get("show_date", True):
            date_html = f'<p class="article-date"><time>{es_date(a["date"])} - {es_time(a["time"])}</time></p>'
        rel = "".join(f'<li><a href="{r["path"]}">{esc(r["title"])}</a></li>' for r in related(arts, i))
        main = f"""<article class="news-detail">
<p class="news-type">Nota de prensa</p>
<h1>{esc(a["title"])}</h1>
{date_html}
<figure class="news-image"><img src="/assets/img/foto-noticia.png" alt="Fotografía de la noticia"><figcaption>Foto: Minem</figcaption></figure>
<div class="news-body">
{body_html(a["body"])}
</div>
</article>
<aside class="related-news"><h2>Noticias relacionadas</h2><ul>{rel}</ul></aside>"""
        s.write(a["path"], page(a["title"], main, crumbs=" &rsaquo; <span>Nota de prensa</span>"))
        gold("minem", a)

    pages = paginate(arts, 5)
    for n, chunk in enumerate(pages, 1):
        url = "/institucion/minem/noticias/" if n == 1 else f"/institucion/minem/noticias/pagina/{n}/"
        rows = []
        for a in chunk:
            dt = f'<p class="date">{es_date(a["date"])}</p>' if a.get("show_date", True) else ""
            rows.append(f'<li class="news-item"><h3><a href="{a["path"]}">{esc(a["title"])}</a></h3>{dt}'
                        f'<p class="summary">{esc(teaser(a["body"]))}</p></li>')
        nav = []
        if n > 1:
            prev = "/institucion/minem/noticias/" if n == 2 else f"/institucion/minem/noticias/pagina/{n - 1}/"
            nav.append(f'<a class="prev" rel="prev" href="{prev}">&lsaquo; Anterior</a>')
        nav.append(f"<span>Página {n} de {len(pages)}</span>")
        if n < len(pages):
            nav.append(f'<a class="next" rel="next" href="/institucion/minem/noticias/pagina/{n + 1}/">Siguiente &rsaquo;</a>')
        main = f"""<h1>Noticias</h1>
<ul class="news-list">
{chr(10).join(rows)}
</ul>
<nav class="pagination">{' '.join(nav)}</nav>"""
        s.write(url, page("Noticias", main))

    s.write("/", page("Inicio", '<h1>gob.pe</h1>\n<p><a href="/institucion/minem/">Ministerio de Energía y Minas</a></p>'))
    s.write("/institucion/minem/", page("Ministerio de Energía y Minas", """<h1>Ministerio de Energía y Minas</h1>
<p>Entidad rectora de los sectores energía y minería del Perú.</p>
<p><a href="/institucion/minem/noticias/">Ver todas las noticias</a></p>"""))
    s.write("/institucion/minem/acerca.html", page("Acerca de", "<h1>Acerca del Minem</h1>\n<p>El Minem formula y evalúa las políticas nacionales en materia de energía y minería.</p>"))
    s.write("/institucion/minem/contacto.html", page("Contacto", "<h1>Contacto</h1>\n<p>Mesa de partes virtual y central telefónica.</p>"))
    s.write("/institucion/minem/privacidad.html", page("Política de privacidad", "<h1>Política de privacidad</h1>\n<p>Uso de cookies analíticas.</p>"))
    s.write("/assets/gobpe.css", "body{font-family:Inter,sans-serif}.news-item{border-bottom:1px solid #ddd}\n")
    # 1x1 grey PNG
    s.write("/assets/img/foto-noticia.png", bytes.fromhex(
        "89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de0000000c4944415408d763b8b8b80000"
        "03e401f1ed2bcc6b0000000049454e44ae426082"))
    items = "\n".join(f"""<item>
<title>{esc(a["title"])}</title>
<link>{B('minem')}{a["path"]}</link>
<guid>{B('minem')}{a["path"]}</guid>
<pubDate>{rfc822(a["date"], a["time"], "-0500")}</pubDate>
<description>{esc(teaser(a["body"]))}</description>
</item>""" for a in arts)
    s.write("/institucion/minem/noticias.rss", f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0">
<channel>
<title>Noticias - Ministerio de Energía y Minas</title>
<link>{B('minem')}/institucion/minem/noticias/</link>
<description>Noticias del Ministerio de Energía y Minas</description>
<language>es-pe</language>
{items}
</channel>
</rss>
""")
    s.write("/robots.txt", "User-agent: *\nDisallow: /busquedas\n")


# ================================================================ mining (+ mnma PDF)

def build_mining() -> None:
    s = Site("mining")
    data = load("mining")
    arts = sorted(data["article"], key=lambda a: (a["date"], a["path"]), reverse=True)

    def page(title: str, main: str, head: str = "", body_class: str = "") -> str:
        return f"""<!DOCTYPE html>
<html lang="en-US">
<head>
<meta charset="UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)} - The Mining Association of Canada</title>
{head}<link rel="stylesheet" id="theme-css" href="/static/theme.css" media="all">
</head>
<body class="{body_class}">
<div id="cookie-law-info-bar" class="cli-bar"><span>This website uses cookies to improve your experience. <a href="/privacy-policy/">Privacy policy</a> <a role="button" class="cli_action_button">Accept</a></span></div>
<header id="masthead" class="site-header">
<a class="custom-logo-link" href="/">The Mining Association of Canada</a>
<nav id="site-navigation" class="main-navigation"><ul id="primary-menu" class="menu">
<li class="menu-item"><a href="/">Home</a></li>
<li class="menu-item"><a href="/resources/press-releases/">Press Releases</a></li>
<li class="menu-item"><a href="/towards-sustainable-mining/">Towards Sustainable Mining</a></li>
<li class="menu-item"><a href="/about/">About</a></li>
<li class="menu-item"><a href="/contact/">Contact</a></li>
</ul></nav>
</header>
<div id="content" class="site-content">
{main}
</div>
<footer id="colophon" class="site-footer">
<div class="footer-widgets"><p>350 Sparks Street, Suite 1105, Ottawa, Ontario</p>
<ul><li><a href="/contact/">Contact us</a></li><li><a href="/privacy-policy/">Privacy policy</a></li></ul></div>
<div class="site-info">&copy; 2024 The Mining Association of Canada</div>
</footer>
</body>
</html>
"""

    mnma = data["pdf"][0]
    for i, a in enumerate(arts):
        rel = "".join(f'<li><a href="{r["path"]}">{esc(r["title"])}</a> <span class="date">{mdy(r["date"])}</span></li>'
                      for r in related(arts, i))
        extra = ""
        if "mongolian-national-mining-association" in a["path"]:
            extra = (f'<p class="attachment"><a href="{mnma["path"]}">Read the MNMA announcement (PDF)</a></p>')
        main = f"""<nav class="breadcrumbs"><a href="/">Home</a> / <a href="/resources/press-releases/">Press Releases</a> / <span>{esc(a["title"])}</span></nav>
<article class="post type-press-release">
<header class="entry-header">
<h1 class="entry-title">{esc(a["title"])}</h1>
<div class="entry-meta"><span class="posted-on"><time class="entry-date published">{mdy(a["date"])}</time></span></div>
</header>
<div class="entry-content">
{body_html(a["body"])}
{extra}
<p class="about-mac"><strong>About MAC</strong><br>The Mining Association of Canada is the national organization representing the Canadian mining industry.</p>
<p class="media-contact">For more information: <a href="/contact/">MAC communications</a></p>
</div>
</article>
<aside class="widget related-releases"><h2 class="widget-title">More press releases</h2><ul>{rel}</ul></aside>"""
        s.write(a["path"], page(a["title"], main, body_class="press-release-template-default single"))
        gold("mining", a)

    # MNMA standalone PDF, its own source
    s.write(mnma["path"], make_pdf(mnma["title"], "Mongolian National Mining Association", mnma["date"],
                                   plain_paragraphs(mnma["body"])))
    gold("mnma", mnma, attachment=mnma["path"])

    press = {"total": len(arts), "items": [
        {"title": a["title"], "date": a["date"], "url": a["path"], "type": "press-release"} for a in arts]}
    s.write("/api/press.json", json.dumps(press, ensure_ascii=False, indent=1) + "\n")
    s.write("/static/list.js", """/* Builds the press release listing from /api/press.json */
(function () {
  'use strict';
  var box = document.getElementById('list');
  if (!box) { return; }
  var months = ['January', 'February', 'March', 'April', 'May', 'June', 'July',
                'August', 'September', 'October', 'November', 'December'];
  function fmt(iso) {
    var p = iso.split('-');
    return months[parseInt(p[1], 10) - 1] + ' ' + parseInt(p[2], 10) + ', ' + p[0];
  }
  fetch('/api/press.json', {headers: {'Accept': 'application/json'}})
    .then(function (r) { return r.json(); })
    .then(function (data) {
      box.textContent = '';
      data.items.forEach(function (it) {
        var item = document.createElement('article');
        item.className = 'press-item';
        var t = document.createElement('time');
        t.textContent = fmt(it.date);
        var h = document.createElement('h3');
        var a = document.createElement('a');
        a.href = it.url;
        a.textContent = it.title;
        h.appendChild(a);
        item.appendChild(t);
        item.appendChild(h);
        box.appendChild(item);
      });
    })
    .catch(function () { box.textContent = 'Press releases could not be loaded.'; });
}());
""")
    s.write("/resources/press-releases/", page("Press Releases", """<nav class="breadcrumbs"><a href="/">Home</a> / <span>Press Releases</span></nav>
<h1 class="page-title">Press Releases</h1>
<div id="list" class="press-list" aria-live="polite"></div>
<noscript><p>Please enable JavaScript to see the list of press releases.</p></noscript>
<script src="/static/list.js"></script>""", body_class="page-template-press"))
    s.write("/towards-sustainable-mining/", page("Towards Sustainable Mining", """<h1 class="page-title">Towards Sustainable Mining</h1>
<p>Towards Sustainable Mining (TSM) is a program that supports mining companies in managing key environmental and social risks.</p>
<p><a href="/towards-sustainable-mining/international/">TSM around the world</a></p>"""))
    s.write("/towards-sustainable-mining/international/", page("TSM around the world", f"""<h1 class="page-title">TSM around the world</h1>
<p>National mining associations in several countries have adopted TSM. Announcements from adopting associations are listed below.</p>
<ul class="tsm-adopters">
<li>Mongolia &ndash; Mongolian National Mining Association (2024): <a class="announcement" href="{mnma["path"]}">MNMA announces adoption of Towards Sustainable Mining (PDF)</a></li>
<li>Finland &ndash; Finnish Mining Association (2015)</li>
<li>Argentina &ndash; Argentine Chamber of Mining Companies (2016)</li>
<li>Botswana &ndash; Botswana Chamber of Mines (2016)</li>
</ul>"""))
    s.write("/", page("Home", """<h1>The Mining Association of Canada</h1>
<p>MAC is the national organization representing the Canadian mining industry.</p>
<p><a href="/resources/press-releases/">Latest press releases</a></p>"""))
    s.write("/about/", page("About", "<h1 class=\"page-title\">About MAC</h1>\n<p>MAC members account for most of Canada's output of base and precious metals, uranium, diamonds, metallurgical coal and mined oil sands.</p>"))
    s.write("/contact/", page("Contact", "<h1 class=\"page-title\">Contact</h1>\n<p>350 Sparks Street, Ottawa.</p>"))
    s.write("/privacy-policy/", page("Privacy policy", "<h1 class=\"page-title\">Privacy policy</h1>\n<p>We use cookies for analytics.</p>"))
    s.write("/static/theme.css", "body{font-family:Lato,sans-serif}.press-item time{color:#777}.cli-bar{background:#333;color:#fff}\n")
    s.write("/robots.txt", "User-agent: *\nDisallow: /wp-admin/\nAllow: /wp-admin/admin-ajax.php\n")


# ================================================================ csiro

def build_csiro() -> None:
    s = Site("csiro")
    data = load("csiro")
    arts = sorted(data["article"], key=lambda a: (a["date"], a["path"]), reverse=True)

    def page(title: str, main: str, crumbs: list[tuple[str, str | None]]) -> str:
        bc = "".join(f'<li><a href="{u}">{esc(t)}</a></li>' if u else f'<li aria-current="page">{esc(t)}</li>'
                     for t, u in crumbs)
        return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)} - CSIRO</title>
<link rel="stylesheet" href="/static/csiro.css">
</head>
<body>
<div class="cookie-consent" id="cookieConsent"><p>We use cookies to give you the best experience on our website. <a href="/en/about/privacy/">Privacy</a></p><button>Accept</button><button>Manage settings</button></div>
<header class="site-header">
<a class="logo" href="/">CSIRO</a>
<nav class="primary-nav"><ul>
<li><a href="/en/research/">Research</a></li>
<li><a href="/en/news/All/News/">News</a></li>
<li><a href="/en/about/">About</a></li>
<li><a href="/en/contact/">Contact us</a></li>
</ul></nav>
</header>
<nav class="breadcrumbs" aria-label="breadcrumb"><ol><li><a href="/">Home</a></li>{bc}</ol></nav>
<main>
{main}
</main>
<footer class="site-footer">
<ul><li><a href="/en/contact/">Contact us</a></li><li><a href="/en/about/privacy/">Privacy</a></li><li><a href="/en/about/">About</a></li></ul>
<p>CSIRO acknowledges the Traditional Owners of the land, sea and waters of the area that we live and work on across Australia.</p>
<p>&copy; Copyright CSIRO Australia 2025</p>
</footer>
</body>
</html>
"""

    for i, a in enumerate(arts):
        month = MONTHS[d(a["date"]).month - 1]
        upd = f'<p class="article-updated">Updated {dmy(a["updated"])}</p>\n' if a.get("updated") else ""
        minutes = max(2, word_count(a["body"]) // 60)
        rel = "".join(f'<li><a href="{r["path"]}">{esc(r["title"])}</a></li>' for r in related(arts, i))
        main = f"""<article class="news-article">
{upd}<h1>{esc(a["title"])}</h1>
<div class="byline"><span class="type">News</span> <span class="date">{dmy(a["date"])}</span> <span class="read-time">{minutes} min read</span></div>
<div class="article-body">
{body_html(a["body"])}
</div>
</article>
<aside class="read-next"><h2>Read next</h2><ul>{rel}</ul></aside>"""
        s.write(a["path"], page(a["title"], main, [("News", "/en/news/All/News/"), ("Articles", None),
                                                   (str(d(a["date"]).year), None), (month, None)]))
        gold("csiro", a)

    pages = paginate(arts, 5)
    for n, chunk in enumerate(pages, 1):
        url = "/en/news/All/News/" if n == 1 else f"/en/news/All/News/{n}/"
        cards = "\n".join(f"""<div class="news-card">
<a class="news-card__link" href="{a["path"]}"><h3 class="news-card__title">{esc(a["title"])}</h3></a>
<span class="news-card__date">{dmy(a["date"])}</span>
<p class="news-card__summary">{esc(teaser(a["body"]))}</p>
</div>""" for a in chunk)
        nav = []
        if n > 1:
            prev = "/en/news/All/News/" if n == 2 else f"/en/news/All/News/{n - 1}/"
            nav.append(f'<a class="pagination__prev" href="{prev}">Previous</a>')
        nav.append(f'<span class="pagination__current">{n}</span>')
        if n < len(pages):
            nav.append(f'<a class="pagination__next" href="/en/news/All/News/{n + 1}/">Next</a>')
        main = f"""<h1>News</h1>
<div class="news-listing">
{cards}
</div>
<nav class="pagination">{' '.join(nav)}</nav>"""
        s.write(url, page("News", main, [("News", None)]))

    s.write("/", page("Home", """<h1>CSIRO</h1>
<p>Australia's national science agency.</p>
<p><a href="/en/news/All/News/">Latest news</a></p>""", []))
    s.write("/en/research/", page("Research", "<h1>Research</h1>\n<p>Our research spans agriculture, energy, health, manufacturing, minerals and the environment.</p>", [("Research", None)]))
    s.write("/en/about/", page("About", "<h1>About</h1>\n<p>CSIRO is Australia's national science agency.</p>", [("About", None)]))
    s.write("/en/about/privacy/", page("Privacy", "<h1>Privacy</h1>\n<p>How we handle personal information.</p>", [("About", "/en/about/"), ("Privacy", None)]))
    s.write("/en/contact/", page("Contact us", "<h1>Contact us</h1>\n<p>Call 1300 363 400 or use our enquiry form.</p>", [("Contact us", None)]))
    s.write("/static/csiro.css", "body{font-family:'Public Sans',sans-serif}.article-updated{font-style:italic}.news-card{padding:8px}\n")
    s.write("/robots.txt", "User-agent: *\nDisallow: /en/search\n")


# ================================================================ ec

def build_ec() -> None:
    s = Site("ec")
    data = load("ec")
    arts = sorted(data["article"], key=lambda a: (a["date"], a["path"]), reverse=True)

    def page(title: str, main: str, head: str = "") -> str:
        return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)}</title>
{head}<link rel="stylesheet" href="/commission/presscorner/assets/ecl-ec.css">
<link rel="alternate" type="application/rss+xml" title="Press corner" href="{B('ec')}/commission/presscorner/api/rss/index.xml">
</head>
<body class="ecl-typography">
<div class="cck-container" id="cookie-consent-banner"><p>This site uses cookies to offer you a better browsing experience. Find out more on <a href="/commission/presscorner/cookies.html">how we use cookies</a>.</p><a href="#accept" class="ecl-button">Accept all cookies</a> <a href="#refuse" class="ecl-button">Accept only essential cookies</a></div>
<header class="ecl-site-header">
<a class="ecl-site-header__logo-link" href="/">European Commission</a>
<div class="ecl-site-header__language"><a href="/commission/presscorner/home/en.html">English</a></div>
<nav class="ecl-menu"><ul>
<li><a href="/commission/presscorner/home/en.html">Press corner</a></li>
<li><a href="/commission/presscorner/contact.html">Contacts</a></li>
<li><a href="/commission/presscorner/cookies.html">Cookies</a></li>
</ul></nav>
</header>
<main>
{main}
</main>
<footer class="ecl-site-footer">
<ul><li><a href="/commission/presscorner/contact.html">Contact the Commission</a></li><li><a href="/commission/presscorner/cookies.html">Cookies</a></li><li><a href="/commission/presscorner/legal-notice.html">Legal notice</a></li></ul>
<p>&copy; European Union, 2024</p>
</footer>
</body>
</html>
"""

    for i, a in enumerate(arts):
        rel = "".join(f'<li><a href="{r["path"]}">{esc(r["title"])}</a></li>' for r in related(arts, i))
        upd = ""
        if a.get("updated"):
            upd = f'<p class="ecl-u-type-s">Page last updated: {dmy(a["updated"])}</p>'
        main = f"""<nav class="ecl-breadcrumb"><a href="/">European Commission</a> &gt; <a href="/commission/presscorner/home/en.html">Press corner</a> &gt; <span>{esc(a["doc_id"])}</span></nav>
<div class="ecl-page-header">
<ul class="ecl-page-header__meta"><li>{esc(a["doc_type"])}</li><li>{dmy(a["date"])}</li><li>{esc(a["place"])}</li></ul>
<h1 class="ecl-page-header__title">{esc(a["title"])}</h1>
</div>
<div class="ecl-container ecl-paragraph">
{body_html(a["body"])}
<p class="ecl-doc-id">{esc(a["doc_id"])}</p>
{upd}
</div>
<aside class="ecl-related"><h2>Related documents</h2><ul>{rel}</ul></aside>"""
        s.write(a["path"], page(f"{a['title']} - European Commission", main))
        gold("ec", a)

    s.write("/commission/presscorner/home/en.html", page("Press corner - European Commission", """<h1 class="ecl-page-header__title">Press corner</h1>
<div id="presscorner-app" data-source="/commission/presscorner/api/documents?language=en&amp;pagesize=20"></div>
<noscript><p>This page requires JavaScript to display the latest press material.</p></noscript>"""))
    s.write("/", page("European Commission", '<h1>European Commission</h1>\n<p><a href="/commission/presscorner/home/en.html">Press corner</a></p>'))
    for slug, title, text in [("contact", "Contacts", "Spokespersons and press officers."),
                              ("cookies", "Cookies", "How the Commission uses cookies."),
                              ("legal-notice", "Legal notice", "Copyright and reuse policy.")]:
        s.write(f"/commission/presscorner/{slug}.html", page(f"{title} - European Commission", f"<h1>{title}</h1>\n<p>{text}</p>"))
    s.write("/commission/presscorner/assets/ecl-ec.css", "body{font-family:Arial,sans-serif}.ecl-page-header__meta li{display:inline}\n")
    items = "\n".join(f"""<item>
<title>{esc(a["title"])}</title>
<link>{B('ec')}{a["path"]}</link>
<guid isPermaLink="false">{esc(a["doc_id"])}</guid>
<category>{esc(a["doc_type"])}</category>
<pubDate>{rfc822(a["date"], "12:00", "GMT").replace(" GMT", "").rstrip()} GMT</pubDate>
<description>{esc(teaser(a["body"]))}</description>
</item>""" for a in arts)
    s.write("/commission/presscorner/api/rss/index.xml", f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0">
<channel>
<title>Press corner - European Commission</title>
<link>{B('ec')}/commission/presscorner/home/en.html</link>
<description>Latest press releases, statements and news from the European Commission</description>
<language>en</language>
{items}
</channel>
</rss>
""")
    s.write("/robots.txt", "User-agent: *\nDisallow: /commission/presscorner/api/documents\n")


# ================================================================ main

def main() -> int:
    global SOURCES
    with open(DEMO / "sources.toml", "rb") as fh:
        SOURCES = {src["id"]: src for src in tomllib.load(fh)["source"]}
    if SITES.exists():
        shutil.rmtree(SITES)
    SITES.mkdir()
    for builder in (build_minres, build_canada, build_motie, build_iea, build_eiti,
                    build_govcn, build_minem, build_mining, build_csiro, build_ec):
        builder()
    GOLD.sort(key=lambda g: (g["source"], g["published"], g["path"]))
    out = {"period": PERIOD, "topic": TOPIC, "articles": GOLD}
    (DEMO / "gold.json").write_text(json.dumps(out, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    rel = [g for g in GOLD if g["relevant"] and not g["robots_disallowed"]]
    print(f"wrote {len(GOLD)} gold entries ({len(rel)} relevant) under {SITES}")
    for w in WARNINGS:
        print("warning:", w, file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
