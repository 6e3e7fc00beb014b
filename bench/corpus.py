"""Generated corpora for the benchmarks: many small loopback sites, each a folder."""

from __future__ import annotations

from pathlib import Path

ARTICLE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Release {n} | Ministry {h}</title>
<meta property="article:published_time" content="2024-{m:02d}-{d:02d}"></head>
<body><header><nav><a href="/">Home</a> <a href="/news/">News</a></nav></header>
<main><h1>Release {n} of ministry {h}</h1><p>Published {d} {month} 2024</p>
<p>The ministry announced support for critical minerals processing, lithium refining and
rare earth separation projects worth {n} million dollars, with partners across the region.</p>
<p>{filler}</p></main><footer>© 2024 Ministry {h}</footer></body></html>
"""
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def build(root: Path, hosts: int, pages: int, per_listing: int = 20) -> dict[str, str]:
    """Write ``hosts`` sites of ``pages`` articles; half announce a feed, half a paginated
    listing. Returns the discovery kind per site."""
    kinds: dict[str, str] = {}
    filler = "Further details of the programme will follow. " * 12
    for h in range(hosts):
        site = root / f"h{h:03d}"
        (site / "news").mkdir(parents=True, exist_ok=True)
        (site / "robots.txt").write_text("User-agent: *\nDisallow: /private/\n", "utf-8")
        links = []
        for n in range(pages):
            m, d = 1 + n % 12, 1 + n % 28
            (site / "news" / f"r{n}.html").write_text(
                ARTICLE.format(n=n, h=h, m=m, d=d, month=MONTHS[m - 1], filler=filler), "utf-8"
            )
            links.append((f"/news/r{n}.html", f"Release {n}"))
        if h % 2 == 0:
            kinds[site.name] = "feed"
            items = "".join(
                f"<item><title>{t}</title><link>{{{{BASE:{site.name}}}}}{u}</link></item>"
                for u, t in links
            )
            (site / "feed.xml").write_text(
                f"<?xml version='1.0'?><rss version='2.0'><channel><title>{site.name}</title>{items}</channel></rss>",
                "utf-8",
            )
        else:
            kinds[site.name] = "listing"
            chunks = [links[i : i + per_listing] for i in range(0, len(links), per_listing)]
            for index, chunk in enumerate(chunks):
                name = "index.html" if index == 0 else f"page{index + 1}.html"
                items = "".join(f'<li><a href="{u}">{t}</a></li>' for u, t in chunk)
                nxt = (
                    f'<a rel="next" href="/news/page{index + 2}.html">Next</a>'
                    if index + 1 < len(chunks)
                    else ""
                )
                (site / "news" / name).write_text(
                    f"<html><body><ul>{items}</ul>{nxt}</body></html>", "utf-8"
                )
    return kinds


def registry(
    kinds: dict[str, str], origins: dict[str, str], pages: int, per_listing: int = 20
) -> str:
    out = []
    for name, kind in kinds.items():
        origin = origins[name]
        discovery = (
            f'feeds = ["{origin}/feed.xml"]'
            if kind == "feed"
            else f'listings = ["{origin}/news/"]\nmax_listing_pages = {-(-pages // per_listing)}'
        )
        out.append(
            f'[[source]]\nid = "{name}"\nname = "{name}"\nlabel = "{name}"\nregion = "国際"\n'
            f'language = "en"\nhome = "{origin}/"\n{discovery}\narticles = ["/news/r"]\ndelay = 0.0\n'
        )
    return "\n".join(out)
