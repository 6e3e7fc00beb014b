"""The desk on a PostgreSQL store: the demo store copied over with `db copy`, then the same
review round over HTTP — candidates, a decision, a versioned edit with its conflict, search,
a build."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from horizonscan.store import open_store
from horizonscan.store.copy import copy_store
from tests.pgserver import PgServer
from tests.web.conftest import PERIOD, SCOPE, RunningDesk, desk_settings

pytestmark = pytest.mark.slow


def test_the_desk_on_postgresql(crawled_demo: Path, pg_server: PgServer, tmp_path: Path) -> None:
    url = pg_server.create_database("desk")
    checks = copy_store(f"sqlite:///{crawled_demo / 'demo.db'}", url)
    assert all(check.ok for check in checks)
    settings = desk_settings(tmp_path).model_copy(update={"db": url})
    with RunningDesk(settings) as desk:
        client, token = desk.signed_in("ed")
        page = client.get(f"/candidates?{SCOPE}").text
        story = page.split('data-story="', 1)[1].split('"', 1)[0]
        decided = client.post(
            f"/candidates/{story}/decision",
            data={"topic": "rare-earths", "decision": "accept", "period": PERIOD},
            headers={"X-CSRF-Token": token, "HX-Request": "true"},
        )
        assert decided.status_code == 200 and "status-accepted" in decided.text
        form = {"topic": "rare-earths", "version": "0", "csrf_token": token}
        assert client.post(f"/items/{story}", data={**form, "title": "一"}).status_code == 303
        assert client.post(f"/items/{story}", data={**form, "title": "二"}).status_code == 409
        assert "<mark>稀土</mark>" in client.get("/search?q=稀土").text
        built = client.post(
            "/edition/build", data={"topic": "rare-earths", "period": PERIOD, "csrf_token": token}
        )
        assert built.status_code == 303
        assert "Revision 1" in client.get(f"/edition?{SCOPE}").text
    with open_store(url)() as session:
        labels = session.execute(text("select count(*) from labels")).scalar()
        (title,) = session.execute(text("select title from overrides")).one()
    assert labels and title == "一"
