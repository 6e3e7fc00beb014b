"""Every network fault ends as a recorded reason, never a crash or a hang."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator

import pytest

from horizonscan.config import Settings
from horizonscan.crawl.fetch import Fetcher, make_client
from horizonscan.crawl.urls import HostPolicy
from horizonscan.records import Link, Page, Validators
from horizonscan.sources import SourceSpec
from tests.faultserver import FaultServer, closed_port


@pytest.fixture(scope="module")
def faults() -> Iterator[FaultServer]:
    with FaultServer() as server:
        yield server


def spec_for(*origins: str) -> SourceSpec:
    return SourceSpec(
        id="faulty",
        name="Faulty",
        label="Faulty",
        region="国際",
        language="en",
        home=origins[0] + "/",
        listings=tuple(o + "/" for o in origins),
    )


def fetch(
    settings: Settings,
    url: str,
    *origins: str,
    kind: str = "article",
    validators: Validators | None = None,
) -> Page:
    spec = spec_for(*(origins or (url.rsplit("/", 1)[0],)))

    async def go() -> Page:
        async with make_client(settings) as client:
            fetcher = Fetcher(settings, HostPolicy([spec]), client)
            return await fetcher.fetch(Link(url, "faulty", kind), validators)  # type: ignore[arg-type]

    return asyncio.run(go())


def test_ok_page_is_fetched(settings: Settings, faults: FaultServer) -> None:
    page = fetch(settings, faults.origin + "/ok.html", faults.origin)
    assert page.outcome == "fetched" and page.status == 200 and page.media == "html"
    assert page.sha256 and b"OK page" in page.body


@pytest.mark.parametrize("code", [404, 410, 403])
def test_client_errors_fail_without_retry(
    settings: Settings, faults: FaultServer, code: int
) -> None:
    page = fetch(settings, f"{faults.origin}/status/{code}", faults.origin)
    assert page.outcome == "failed" and page.status == code and page.attempts == 1
    assert page.reason == f"HTTP {code}"


def test_persistent_500_is_retried_then_recorded(settings: Settings, faults: FaultServer) -> None:
    page = fetch(settings, faults.origin + "/status/500", faults.origin)
    assert page.outcome == "failed" and page.status == 500
    assert page.attempts == settings.retries + 1


def test_transient_503_recovers(settings: Settings, faults: FaultServer) -> None:
    page = fetch(settings, faults.origin + "/flaky/2/a", faults.origin)
    assert page.outcome == "fetched" and page.attempts == 3


def test_429_retry_after_is_honoured(settings: Settings, faults: FaultServer) -> None:
    started = time.monotonic()
    page = fetch(settings, faults.origin + "/retry-after/1/b", faults.origin)
    assert page.outcome == "fetched" and page.attempts == 2
    assert time.monotonic() - started >= 0.95


def test_retry_after_beyond_limit_gives_up(settings: Settings, faults: FaultServer) -> None:
    started = time.monotonic()
    page = fetch(settings, faults.origin + "/retry-after/3600/c", faults.origin)
    assert page.outcome == "failed" and "asked to wait 3600 s" in (page.reason or "")
    assert time.monotonic() - started < 2


def test_stalled_body_times_out(settings: Settings, faults: FaultServer) -> None:
    page = fetch(settings, faults.origin + "/stall", faults.origin)
    assert page.outcome == "failed" and "timeout" in (page.reason or "")


def test_dripping_body_hits_the_deadline(settings: Settings, faults: FaultServer) -> None:
    fast = settings.model_copy(update={"request_deadline": 1.0, "retries": 0})
    started = time.monotonic()
    page = fetch(fast, faults.origin + "/drip", faults.origin)
    assert page.outcome == "failed" and "deadline" in (page.reason or "")
    assert time.monotonic() - started < 3


def test_truncated_body_is_a_failure(settings: Settings, faults: FaultServer) -> None:
    page = fetch(
        settings.model_copy(update={"retries": 0}), faults.origin + "/truncated", faults.origin
    )
    assert page.outcome == "failed" and "broke off" in (page.reason or "")


def test_redirect_loop(settings: Settings, faults: FaultServer) -> None:
    page = fetch(settings, faults.origin + "/loop-a", faults.origin)
    assert page.outcome == "failed" and page.reason == "redirect loop"


def test_redirect_limit(settings: Settings, faults: FaultServer) -> None:
    assert fetch(settings, faults.origin + "/chain/3", faults.origin).outcome == "fetched"
    page = fetch(settings, faults.origin + "/chain/9", faults.origin)
    assert page.outcome == "failed" and "more than 5 redirects" in (page.reason or "")


def test_redirect_to_metadata_address_is_refused(settings: Settings, faults: FaultServer) -> None:
    page = fetch(settings, faults.origin + "/to-metadata", faults.origin)
    assert page.outcome == "failed" and "link-local" in (page.reason or "")


def test_redirect_to_unconfigured_host_is_refused(settings: Settings, faults: FaultServer) -> None:
    page = fetch(settings, faults.origin + "/to-elsewhere", faults.origin)
    assert page.outcome == "failed" and "not configured" in (page.reason or "")


def test_unconfigured_host_is_never_requested(settings: Settings, faults: FaultServer) -> None:
    other = f"http://127.0.0.1:{closed_port()}"
    page = fetch(settings, other + "/x.html", faults.origin)
    assert page.outcome == "failed" and "not configured" in (page.reason or "")


@pytest.mark.parametrize("path", ["/big", "/big-declared", "/gzip-bomb"])
def test_oversize_bodies_are_cut_off(settings: Settings, faults: FaultServer, path: str) -> None:
    page = fetch(settings, faults.origin + path, faults.origin)
    assert page.outcome == "failed"
    assert "exceeds" in (page.reason or "")
    assert page.body == b""


def test_binary_junk_as_html_is_rejected(settings: Settings, faults: FaultServer) -> None:
    page = fetch(settings, faults.origin + "/junk", faults.origin)
    assert page.outcome == "skipped" and "binary content" in (page.reason or "")


def test_images_are_skipped_with_reason(settings: Settings, faults: FaultServer) -> None:
    page = fetch(settings, faults.origin + "/image.png", faults.origin)
    assert page.outcome == "skipped" and "image/png" in (page.reason or "")


def test_lying_charset_is_kept(settings: Settings, faults: FaultServer) -> None:
    page = fetch(settings, faults.origin + "/lying-charset", faults.origin)
    assert page.outcome == "fetched" and "レアアース".encode() in page.body


def test_connection_refused(settings: Settings) -> None:
    origin = f"http://127.0.0.1:{closed_port()}"
    page = fetch(settings.model_copy(update={"retries": 0}), origin + "/a.html", origin)
    assert page.outcome == "failed" and "connection failed" in (page.reason or "")


def test_dns_failure(settings: Settings) -> None:
    origin = "http://no-such-host.invalid"
    page = fetch(settings.model_copy(update={"retries": 0}), origin + "/a.html", origin)
    assert page.outcome == "failed" and "DNS failure" in (page.reason or "")


def test_tls_error(settings: Settings, faults: FaultServer) -> None:
    origin = faults.origin.replace("http://", "https://")
    page = fetch(settings.model_copy(update={"retries": 0}), origin + "/ok.html", origin)
    assert page.outcome == "failed" and "TLS error" in (page.reason or "")


def test_conditional_get_answers_not_modified(settings: Settings, fixture_sites: object) -> None:
    from horizonscan.sitehost import SiteHost

    assert isinstance(fixture_sites, SiteHost)
    origin = fixture_sites.origin("ministry")
    first = fetch(settings, origin + "/news/", origin, kind="listing")
    assert first.outcome == "fetched" and first.etag
    second = fetch(
        settings,
        origin + "/news/",
        origin,
        kind="listing",
        validators=Validators(first.etag, first.last_modified, first.sha256),
    )
    assert (
        second.outcome == "not_modified" and second.status == 304 and second.sha256 == first.sha256
    )


def test_retry_after_values() -> None:
    from horizonscan.crawl.fetch import retry_after_seconds

    assert retry_after_seconds("7") == 7.0
    assert retry_after_seconds("¹") is None  # a digit look-alike is no delay
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412480.0) == 0.0
