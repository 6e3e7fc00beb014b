"""Admins pause and resume sources: a paused source is not crawled and stands out in health."""

from __future__ import annotations

import sqlite3

from horizonscan import pipeline
from horizonscan.config import Settings
from horizonscan.sitehost import SiteHost
from horizonscan.sources import Registry
from horizonscan.store import crawlstate, open_store
from tests.web.conftest import RunningDesk


def test_a_paused_source_is_not_crawled_until_resumed(
    settings: Settings, ministry: Registry, fixture_sites: SiteHost
) -> None:
    sources = list(ministry)
    first = pipeline.crawl(settings, sources)
    assert first.requests > 0
    source = sources[0].id
    with open_store(settings.db_url).begin() as session:
        crawlstate.set_paused(session, source, "site moved, waiting for the new address", "ada")
    paused = pipeline.crawl(settings, sources)
    assert paused.paused == {source: "site moved, waiting for the new address"}
    assert paused.requests == 0 and source not in paused.per_source
    health = {h.source_id: h for h in pipeline.health(settings)}
    assert health[source].status == "paused"
    assert health[source].paused == "site moved, waiting for the new address"
    with open_store(settings.db_url).begin() as session:
        crawlstate.set_paused(session, source, None, "ada")
    resumed = pipeline.crawl(settings, sources)
    assert resumed.paused == {} and resumed.requests > 0


def test_only_admins_pause_sources_on_the_desk(desk: RunningDesk) -> None:
    editor, token = desk.signed_in("ed")
    form = {"action": "pause", "reason": "too noisy", "csrf_token": token}
    assert editor.post("/admin/sources/csiro", data=form).status_code == 403
    admin, token = desk.signed_in("ada")
    done = admin.post("/admin/sources/csiro", data={**form, "csrf_token": token})
    assert done.status_code == 303
    page = admin.get("/sources").text
    assert "paused:</b> too noisy" in page and 'value="resume"' in page
    with sqlite3.connect(desk.settings.db) as db:
        ((reason, by),) = db.execute(
            "select paused_reason, paused_by from sources where id = 'csiro'"
        )
        audit = db.execute("select user, action, target from audit_log where action = 'pause'")
        assert (reason, by) == ("too noisy", "ada")
        assert audit.fetchall() == [("ada", "pause", "source:csiro")]
    unknown = admin.post("/admin/sources/nope", data={**form, "csrf_token": token})
    assert unknown.status_code == 400 and "no source &#39;nope&#39;" in unknown.text
