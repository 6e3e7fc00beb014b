"""The desk in real headless Chromium (Debian's /usr/bin/chromium through Playwright): the
analyst's whole round from sign-in to the downloaded PPTX, and screenshots of every screen."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright
from pptx import Presentation

from horizonscan.crawl.render import CHROMIUM_FLAGS
from tests.conftest import ROOT
from tests.web.conftest import PASSWORDS, SCOPE, RunningDesk

pytestmark = [pytest.mark.browser, pytest.mark.slow]
SHOTS = ROOT / "tests" / "artifacts" / "desk"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_FLAGS
        )
        yield launched
        launched.close()


def sign_in(browser: Browser, desk: RunningDesk, name: str) -> Page:
    page = browser.new_page(viewport={"width": 1400, "height": 900}, accept_downloads=True)
    page.on("dialog", lambda dialog: pytest.fail(f"a script ran: dialog {dialog.message!r}"))
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.problems = problems  # type: ignore[attr-defined]
    page.goto(desk.base + "/candidates")
    expect(page).to_have_url(desk.base + "/login?next=/candidates")
    page.fill("input[name=name]", name)
    page.fill("input[name=password]", PASSWORDS[name])
    page.click("button[type=submit]")
    expect(page.locator("header form.who")).to_contain_text(name)
    return page


def shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_review_an_edition_from_sign_in_to_the_pptx(
    browser: Browser, desk: RunningDesk, tmp_path: Path
) -> None:
    login = browser.new_page(viewport={"width": 1400, "height": 900})
    login.goto(desk.base + "/login")
    shot(login, "01-login")
    login.close()
    page = sign_in(browser, desk, "ed")
    page.goto(f"{desk.base}/candidates?{SCOPE}&status=new")
    rows = page.locator("tbody.cand")
    expect(rows.first).to_have_class("cand status-new current")
    shot(page, "02-candidates")

    # j and k move the selection
    page.keyboard.press("j")
    page.keyboard.press("j")
    expect(rows.nth(2)).to_have_class("cand status-new current")
    page.keyboard.press("k")
    page.keyboard.press("k")
    expect(rows.first).to_have_class("cand status-new current")
    # three accepted with the keyboard: a, a, a (each decision moves to the next row)
    stories = [rows.nth(i).get_attribute("data-story") for i in range(4)]
    for done in range(1, 4):
        page.keyboard.press("a")
        expect(page.locator("tbody.status-accepted")).to_have_count(done)
    # the fourth is current now: r, a reason, Enter rejects it
    expect(page.locator(f"#story-{stories[3]}")).to_have_class("cand status-new current")
    page.keyboard.press("r")
    page.keyboard.type("a trade show notice, not a policy change")
    page.keyboard.press("Enter")
    rejected = page.locator(f"#story-{stories[3]}.status-rejected")
    expect(rejected).to_contain_text("a trade show notice, not a policy change")
    shot(page, "03-candidates-decided")
    with sqlite3.connect(desk.settings.db) as db:
        labels = db.execute(
            "select coalesce(a.story, 'a' || a.id), l.relevant, l.reason, l.author "
            "from labels l join articles a on a.id = l.article_id"
        ).fetchall()
    assert {s for s, relevant, _, _ in labels if relevant} == set(stories[:3])
    assert {(s, why) for s, relevant, why, _ in labels if not relevant} == {
        (stories[3], "a trade show notice, not a policy change")
    }
    assert {author for *_, author in labels} == {"ed"}

    # edit the first accepted story: its title and its first bullet
    story = stories[0]
    page.click(f"#story-{story} a.title")
    expect(page.locator("input[name=title]")).to_be_visible()
    shot(page, "04-item-editor")
    page.fill("input[name=title]", "豪州の重要鉱物：編集者が付けた題名")
    page.locator("textarea[name=bullet]").first.fill("• 編集者が書き直した一つ目の要旨。")
    page.click("#item-form button[type=submit]")
    expect(page.locator(".notice")).to_contain_text("Saved as version 1")
    expect(page.locator("h1")).to_have_text("豪州の重要鉱物：編集者が付けた題名")

    # the edition: choose the edited story for the pick-up, then build and download
    page.goto(f"{desk.base}/edition?{SCOPE}")
    page.select_option("#pickup-story", str(story))
    page.click("#pickup button[type=submit] >> text=Choose")
    expect(page.locator("#pickup")).to_contain_text("is on the pick-up page")
    expect(page.locator("#pickup-story")).to_have_value(str(story))
    items = page.locator("table.items")
    expect(items).to_contain_text("豪州の重要鉱物：編集者が付けた題名")
    shot(page, "05-edition")
    with page.expect_navigation(timeout=180_000):
        page.click("#build")
    expect(page.locator("#builds")).to_contain_text("Revision 1")
    shot(page, "06-edition-built")
    with page.expect_download() as download_info:
        page.click("#builds a[href$='.pptx']")
    saved = tmp_path / "edition.pptx"
    download_info.value.save_as(saved)
    texts = [
        shape.text_frame.text
        for slide in Presentation(str(saved)).slides
        for shape in slide.shapes
        if shape.has_text_frame
    ] + [
        cell.text
        for slide in Presentation(str(saved)).slides
        for shape in slide.shapes
        if shape.has_table
        for row in shape.table.rows
        for cell in row.cells
    ]
    assert any("豪州の重要鉱物：編集者が付けた題名" in t for t in texts)
    assert any("編集者が書き直した一つ目の要旨" in t for t in texts)

    # publishing freezes revision 1; the next build is revision 2
    page.click("#builds button >> text=Publish revision 1")
    expect(page.locator("#builds")).to_contain_text("published by ed")
    for name, path in (
        ("07-sources", "/sources"),
        ("08-standards", f"/standards?{SCOPE}"),
        ("09-search", "/search?q=稀土"),
    ):
        page.goto(desk.base + path)
        shot(page, name)
    assert page.problems == []  # type: ignore[attr-defined]


def test_hostile_titles_are_text_in_the_browser(browser: Browser, desk: RunningDesk) -> None:
    with sqlite3.connect(desk.settings.db) as db:
        (article_id,) = db.execute(
            "select a.id from articles a join topic_scores t on t.article_id = a.id "
            "where t.relevant order by t.probability desc, a.id limit 1"
        ).fetchone()
        db.execute(
            "update articles set title = ? where id = ?",
            ('<script>alert("pwned")</script><img src=x onerror="alert(1)"> 稀土', article_id),
        )
    page = sign_in(browser, desk, "vic")  # a dialog would fail the test
    page.goto(f"{desk.base}/candidates?{SCOPE}")
    expect(page.locator("a.title", has_text='<script>alert("pwned")</script>')).to_have_count(1)
    assert page.locator("img[src=x]").count() == 0
    expect(page.locator("td.decide form")).to_have_count(0)  # a viewer gets no buttons
    shot(page, "10-viewer-hostile-title")


def test_admin_screen(browser: Browser, desk: RunningDesk) -> None:
    page = sign_in(browser, desk, "ada")
    page.goto(desk.base + "/admin/users")
    expect(page.locator("table.users")).to_contain_text("vic")
    shot(page, "11-users-and-audit")
