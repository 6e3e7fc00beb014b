from __future__ import annotations

import pytest

from horizonscan.crawl.urls import HostPolicy, canonical, forbidden_address
from horizonscan.errors import HostNotAllowed
from horizonscan.sources import SourceSpec


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("HTTP://Example.ORG:80/a/../b/?utm_source=x&id=3#top", "http://example.org/b/?id=3"),
        ("https://example.org", "https://example.org/"),
        ("https://example.org:8443/x?fbclid=1", "https://example.org:8443/x"),
        ("/news/a.html", "https://base.example/news/a.html"),
    ],
)
def test_canonical(raw: str, expected: str) -> None:
    assert canonical(raw, base="https://base.example/index.html") == expected


@pytest.mark.parametrize(
    "host", ["169.254.169.254", "metadata.google.internal", "fe80::1", "0.0.0.0", "100.100.100.200"]
)
def test_forbidden_addresses(host: str) -> None:
    assert forbidden_address(host)


def policy() -> HostPolicy:
    spec = SourceSpec(
        id="nrcan",
        name="n",
        label="n",
        region="カナダ",
        language="en",
        home="https://www.canada.ca/en.html",
        feeds=("https://api.io.canada.ca/feed",),
        listings=("http://127.0.0.1:8001/news/",),
    )
    return HostPolicy([spec])


@pytest.mark.parametrize(
    ("url", "allowed"),
    [
        ("https://www.canada.ca/en/news.html", True),
        ("https://canada.ca/en/news.html", True),  # same site
        ("https://natural-resources.canada.ca/x", True),  # same site
        ("https://notcanada.ca/x", False),
        ("https://api.io.canada.ca/other", True),
        ("http://127.0.0.1:8001/a", True),
        ("http://127.0.0.1:8002/a", False),  # another port is another server
        ("http://169.254.169.254/latest", False),
        ("file:///etc/passwd", False),
    ],
)
def test_host_policy(url: str, allowed: bool) -> None:
    assert policy().allowed("nrcan", url) is allowed


def test_policy_check_names_the_reason() -> None:
    with pytest.raises(HostNotAllowed, match="not configured for nrcan"):
        policy().check("nrcan", "https://evil.example/")
    with pytest.raises(HostNotAllowed, match="link-local"):
        policy().check("nrcan", "http://169.254.169.254/")
