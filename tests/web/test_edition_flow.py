"""Edition work over real HTTP: cover fields, builds and frozen published revisions,
downloads, and regenerating an item with a model behind a local chat-completions server."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.summarize.chat_server import ChatServer, Reply
from tests.web.conftest import PERIOD, SCOPE, RunningDesk, csrf_of, desk_settings

pytestmark = pytest.mark.slow
ANSWER = {
    "title_ja": "中国、電動自転車用リチウムイオン電池の強制国家規格を施行",
    "bullets": [
        {"text": "• 強制国家規格が施行された。", "sources": []},
        {"text": "• 対象は年間987万台に上る。", "sources": []},
    ],
    "terms": [],
    "regions": [],
}


def _story(client_html: str) -> str:
    return client_html.split('data-story="', 1)[1].split('"', 1)[0]


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_cover_builds_and_a_published_revision_is_frozen(desk: RunningDesk) -> None:
    client, token = desk.signed_in("ed")
    page = client.get(f"/edition?{SCOPE}")
    assert page.status_code == 200
    assert "pages" in page.text and "番号" in page.text
    version = page.text.split('name="version" value="', 1)[1].split('"', 1)[0]
    cover = {"topic": "rare-earths", "period": PERIOD, "csrf_token": token, "version": version}
    saved = client.post(
        "/edition/cover", data={**cover, "title": "海外標準化動向調査（{month}・特別号）"}
    )
    assert saved.status_code == 303
    stale = client.post("/edition/cover", data={**cover, "title": "古い版からの保存"})
    assert stale.status_code == 409  # the version it was opened at is gone
    assert "海外標準化動向調査（12月・特別号）" in client.get(f"/edition?{SCOPE}").text

    form = {"topic": "rare-earths", "period": PERIOD, "csrf_token": token}
    assert client.post("/edition/build", data=form).status_code == 303
    with sqlite3.connect(desk.settings.db) as db:
        ((directory, _files),) = db.execute(
            "select directory, files from edition_revisions where revision = 1"
        )
    first = Path(directory)
    assert sorted(p.suffix for p in first.iterdir()) == [".html", ".json", ".pdf", ".pptx", ".xlsx"]
    frozen = {p.name: _digest(p) for p in first.iterdir()}
    pptx = next(n for n in frozen if n.endswith(".pptx"))
    download = client.get(f"/edition/files/rare-earths/{PERIOD}/1/{pptx}")
    assert download.status_code == 200
    assert hashlib.sha256(download.content).hexdigest() == frozen[pptx]
    assert "attachment" in download.headers["content-disposition"]
    for name in ("../../demo.db", "..%2F..%2Fdemo.db", "demo.db"):
        assert client.get(f"/edition/files/rare-earths/{PERIOD}/1/{name}").status_code in (400, 404)

    # a rebuild before publishing replaces the draft revision 1
    assert client.post("/edition/build", data=form).status_code == 303
    published = client.post("/edition/publish", data={**form, "revision": "1"})
    assert published.status_code == 303
    frozen = {p.name: _digest(p) for p in first.iterdir()}
    again = client.post("/edition/publish", data={**form, "revision": "1"})
    assert again.status_code == 400 and "published already" in again.text

    # later edits and builds make revision 2; revision 1's files stay as published
    story = _story(client.get(f"/candidates?{SCOPE}").text)
    edited = client.post(
        f"/items/{story}",
        data={"topic": "rare-earths", "version": "0", "title": "公開後の修正", "csrf_token": token},
    )
    assert edited.status_code == 303
    assert client.post("/edition/build", data=form).status_code == 303
    with sqlite3.connect(desk.settings.db) as db:
        revisions = db.execute(
            "select revision, status, published_by from edition_revisions order by revision"
        ).fetchall()
        actions = [a for (a,) in db.execute("select action from audit_log where user = 'ed'")]
    assert revisions == [(1, "published", "ed"), (2, "draft", None)]
    assert {p.name: _digest(p) for p in first.iterdir()} == frozen
    assert {"cover", "build", "publish", "edit"} <= set(actions)


def test_choosing_the_pickup_and_editing_its_sections(desk: RunningDesk) -> None:
    client, token = desk.signed_in("ed")
    story = _story(client.get(f"/candidates?{SCOPE}").text)
    form = {"topic": "rare-earths", "period": PERIOD, "csrf_token": token}
    assert client.post("/edition/pickup", data={**form, "story": story}).status_code == 303
    page = client.get(f"/edition?{SCOPE}").text
    assert f'value="{story}" selected' in page
    version = page.split('name="story" value="', 1)[1].split('name="version" value="', 1)[1]
    sections = {
        "story": story,
        "version": version.split('"', 1)[0],
        "brief_topic": "編集したトピック",
        "brief_organisation": "国家市場監督管理総局",
        "brief_points": "ポイント一\nポイント二",
        "brief_overview": "概要の一文。",
        "brief_background": "背景の一文。",
        "brief_sources_line": "出所:公開情報等に基づき作成",
    }
    assert client.post("/edition/pickup/brief", data={**form, **sections}).status_code == 303
    page = client.get(f"/edition?{SCOPE}").text
    assert "編集したトピック" in page and "ポイント一\nポイント二" in page


@pytest.fixture
def chat() -> Iterator[ChatServer]:
    with ChatServer(default=Reply(ANSWER)) as server:
        yield server


def test_regenerate_asks_the_configured_model_and_viewing_never_does(
    crawled_demo: Path, tmp_path: Path, chat: ChatServer
) -> None:
    with sqlite3.connect(crawled_demo / "demo.db") as a, sqlite3.connect(tmp_path / "demo.db") as b:
        a.backup(b)
    settings = desk_settings(
        tmp_path,
        summarizer="llm",
        llm_base_url=chat.base_url,
        llm_model="test-model",
        llm_timeout=5.0,
    )
    with RunningDesk(settings) as desk:
        client, token = desk.signed_in("ed")
        story = _story(client.get(f"/candidates?{SCOPE}").text)
        before = client.get(f"/items/{story}?topic=rare-earths")
        assert before.status_code == 200 and ANSWER["title_ja"] not in before.text
        assert chat.requests == []  # looking at an item sends nothing
        token = csrf_of(before.text)
        done = client.post(
            f"/items/{story}/regenerate", data={"topic": "rare-earths", "csrf_token": token}
        )
        assert done.status_code == 303
        assert len(chat.requests) == 1
        after = client.get(f"/items/{story}?topic=rare-earths").text
        assert ANSWER["title_ja"] in after and "強制国家規格が施行された。" in after
        # the figure the source does not hold is flagged beside its own bullet
        second_bullet = after.split('aria-label="bullet 2"', 1)[1].split('class="bullet"', 1)[0]
        assert "要確認：出典にない数値/名称" in second_bullet and "987万" in second_bullet
        first_bullet = after.split('aria-label="bullet 1"', 1)[1].split('aria-label="bullet 2"')[0]
        assert "要確認：出典にない数値" not in first_bullet
        assert len(chat.requests) == 1  # the answer is cached
        with sqlite3.connect(settings.db) as db:
            (detail,) = db.execute(
                "select detail from audit_log where action = 'regenerate'"
            ).fetchone()
        assert '"backend": "llm"' in detail and '"requests": 1' in detail
