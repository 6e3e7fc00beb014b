from __future__ import annotations

from datetime import date

import pytest
from lxml import html

from horizonscan.extract.dates import find_dates, parse_date

TODAY = date(2024, 12, 31)


@pytest.mark.parametrize(
    ("text", "order", "expected"),
    [
        ("Published: 5 March 2024", None, date(2024, 3, 5)),
        ("March 5, 2024", None, date(2024, 3, 5)),
        ("2024年3月5日", None, date(2024, 3, 5)),
        ("发布时间：2024-09-06 10:30", None, date(2024, 9, 6)),
        ("05.03.2024", "dmy", date(2024, 3, 5)),
        ("03/09/2024", "dmy", date(2024, 9, 3)),
        ("03/09/2024", "mdy", date(2024, 3, 9)),
        ("13/09/2024", None, date(2024, 9, 13)),
        ("5 de julio de 2024", None, date(2024, 7, 5)),
        ("2024. 09. 13", None, date(2024, 9, 13)),
        ("31 February 2024", None, None),
        ("1 January 2031", None, None),  # the future is refused
        ("Call 1300 123 456", None, None),
    ],
)
def test_parse_date(text: str, order: str | None, expected: date | None) -> None:
    assert parse_date(text, TODAY, order) == expected


def page(body: str, head: str = "") -> html.HtmlElement:
    return html.fromstring(f"<html><head>{head}</head><body>{body}</body></html>")


def test_modified_and_copyright_lines_never_win() -> None:
    text = "Date modified: 2024-11-02\n© 2024 Ministry\nPublished: 13 August 2024"
    found = find_dates(page(""), text, "https://x/a", today=TODAY)
    assert found.published == date(2024, 8, 13) and found.updated == date(2024, 11, 2)
    assert found.evidence == "text"


def test_metadata_beats_text_and_hints() -> None:
    tree = page("", '<meta property="article:published_time" content="2024-07-11T09:00:00+10:00">')
    found = find_dates(
        tree,
        "Released 12 July 2024",
        "https://x/2024/07/20/a",
        today=TODAY,
        hint=date(2024, 7, 13),
        hint_evidence="feed",
    )
    assert (found.published, found.evidence) == (date(2024, 7, 11), "meta:article:published_time")


def test_json_ld_and_feed_hint_and_url_fallbacks() -> None:
    ld = '<script type="application/ld+json">{"@graph":[{"datePublished":"2024-10-18"}]}</script>'
    assert find_dates(page(ld), "", "https://x/a", today=TODAY).evidence == "json-ld"
    hinted = find_dates(
        page("<p>no dates</p>"),
        "no dates",
        "https://x/a",
        today=TODAY,
        hint=date(2024, 5, 1),
        hint_evidence="feed",
    )
    assert (hinted.published, hinted.evidence) == (date(2024, 5, 1), "feed")
    by_url = find_dates(page("<p>x</p>"), "x", "https://x/news/2024/06/29/a.html", today=TODAY)
    assert (by_url.published, by_url.evidence) == (date(2024, 6, 29), "url")


def test_dates_before_the_site_existed_are_refused() -> None:
    text = "Published: 5 March 1998\nThe 1998 strategy was renewed.\nRelease date: 12 July 2024"
    found = find_dates(page(""), text, "https://x/a", today=TODAY, earliest=date(2010, 1, 1))
    assert found.published == date(2024, 7, 12)
    assert find_dates(page(""), text, "https://x/a", today=TODAY).published == date(1998, 3, 5)
