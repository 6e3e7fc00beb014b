"""Listing pages built by JavaScript, rendered in headless Chromium (Debian's package).

Only the listing page is rendered; its sub-requests are confined to the hosts the source
may use (everything else is aborted), and the rendered DOM is handled like fetched HTML.
"""

from __future__ import annotations

import hashlib
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from horizonscan.config import Settings
from horizonscan.crawl.urls import HostPolicy
from horizonscan.records import Link, Page

CHROMIUM_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


class BrowserRenderer:
    def __init__(self, settings: Settings, policy: HostPolicy) -> None:
        self.settings = settings
        self.policy = policy
        self._playwright: Any = None
        self._browser: Any = None
        self.subrequests = 0
        self.blocked = 0

    async def _start(self) -> Any:
        if self._browser is not None:
            return self._browser
        if not Path(self.settings.chromium).is_file():
            raise FileNotFoundError(
                f"render = 'browser' needs Chromium at {self.settings.chromium} "
                "(Debian package 'chromium'; make test installs it)"
            )
        from playwright.async_api import async_playwright

        self._playwright = await async_playwright().start()
        self._browser = await self._playwright.chromium.launch(
            executable_path=self.settings.chromium, headless=True, args=CHROMIUM_FLAGS
        )
        return self._browser

    async def render(self, link: Link) -> Page:
        started = time.monotonic()
        try:
            browser = await self._start()
            context = await browser.new_context(user_agent=self.settings.user_agent)
            try:
                page = await context.new_page()

                async def guard(route: Any) -> None:
                    if self.policy.allowed(link.source_id, route.request.url):
                        self.subrequests += 1
                        await route.continue_()
                    else:
                        self.blocked += 1
                        await route.abort()

                await page.route("**/*", guard)
                response = await page.goto(
                    link.url,
                    wait_until="networkidle",
                    timeout=self.settings.request_deadline * 1000,
                )
                status = response.status if response is not None else None
                html = (await page.content()).encode("utf-8")
            finally:
                await context.close()
        except Exception as exc:  # noqa: BLE001 - any browser failure is this page's failure
            return Page(
                url=link.url,
                source_id=link.source_id,
                kind=link.kind,
                outcome="failed",
                fetched_at=datetime.now(UTC),
                reason=f"browser rendering failed: {exc}",
                elapsed_ms=int((time.monotonic() - started) * 1000),
            )
        if status is not None and status >= 400:
            return Page(
                url=link.url,
                source_id=link.source_id,
                kind=link.kind,
                outcome="failed",
                fetched_at=datetime.now(UTC),
                status=status,
                reason=f"HTTP {status}",
                elapsed_ms=int((time.monotonic() - started) * 1000),
            )
        return Page(
            url=link.url,
            source_id=link.source_id,
            kind=link.kind,
            outcome="fetched",
            fetched_at=datetime.now(UTC),
            final_url=link.url,
            status=status,
            media="html",
            content_type="text/html; charset=utf-8",
            body=html,
            sha256=hashlib.sha256(html).hexdigest(),
            elapsed_ms=int((time.monotonic() - started) * 1000),
        )

    async def close(self) -> None:
        if self._browser is not None:
            await self._browser.close()
        if self._playwright is not None:
            await self._playwright.stop()
