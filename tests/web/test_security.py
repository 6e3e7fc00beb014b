"""The desk's security, over real HTTP: sign-in, CSRF, roles, escaping, headers, conflicts."""

from __future__ import annotations

import sqlite3

from tests.web.conftest import PASSWORDS, SCOPE, RunningDesk, csrf_of


def _story(desk: RunningDesk) -> str:
    client, _ = desk.signed_in("ed")
    page = client.get(f"/candidates?{SCOPE}").text
    return page.split('data-story="', 1)[1].split('"', 1)[0]


def _labels(desk: RunningDesk) -> int:
    with sqlite3.connect(desk.settings.db) as db:
        count: int = db.execute("select count(*) from labels").fetchone()[0]
        return count


def test_anonymous_requests_are_sent_to_sign_in(desk: RunningDesk) -> None:
    client = desk.client()
    for path in ("/candidates", "/edition", "/sources", "/standards", "/search?q=x", "/items/a1"):
        answer = client.get(path)
        assert answer.status_code == 303, path
        assert answer.headers["location"].startswith("/login?next=")
    posted = client.post("/candidates/a1/decision", headers={"HX-Request": "true"})
    assert posted.status_code == 401
    assert posted.headers["HX-Redirect"].startswith("/login")
    assert client.get("/static/desk.css").status_code == 200  # styles need no session


def test_a_post_without_the_csrf_token_is_refused_and_changes_nothing(
    desk: RunningDesk,
) -> None:
    story = _story(desk)
    client, token = desk.signed_in("ed")
    before = _labels(desk)
    form = {"topic": "rare-earths", "decision": "accept", "period": ""}
    refused = client.post(f"/candidates/{story}/decision", data=form)
    assert refused.status_code == 403
    assert "CSRF" in refused.text
    wrong = client.post(
        f"/candidates/{story}/decision", data=form, headers={"X-CSRF-Token": "forged"}
    )
    assert wrong.status_code == 403
    assert _labels(desk) == before
    # the same request with the session's token (as htmx sends it) is taken
    taken = client.post(
        f"/candidates/{story}/decision",
        data=form,
        headers={"X-CSRF-Token": token, "HX-Request": "true"},
    )
    assert taken.status_code == 200
    assert _labels(desk) > before


def test_sign_in_itself_needs_the_form_token(desk: RunningDesk) -> None:
    client = desk.client()
    client.get("/login")
    answer = client.post("/login", data={"name": "ed", "password": PASSWORDS["ed"]})
    assert answer.status_code == 403
    assert "hs_session" not in answer.cookies


def test_session_cookie_flags_and_security_headers(desk: RunningDesk) -> None:
    client = desk.client()
    token = csrf_of(client.get("/login").text)
    answer = client.post(
        "/login",
        data={"name": "ed", "password": PASSWORDS["ed"], "csrf_token": token, "next": "/"},
    )
    cookie = answer.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie
    page = client.get(f"/candidates?{SCOPE}")
    policy = page.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "default-src 'none'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "frame-ancestors 'none'" in policy
    assert page.headers["x-content-type-options"] == "nosniff"
    assert "<script>" not in page.text.replace('<script src="/static/', "")  # no inline code


def test_cookies_are_secure_when_configured(crawled_demo: object, tmp_path: object) -> None:
    from pathlib import Path

    from tests.web.conftest import desk_settings

    folder = Path(str(tmp_path))
    with (
        sqlite3.connect(Path(str(crawled_demo)) / "demo.db") as a,
        sqlite3.connect(folder / "demo.db") as b,
    ):
        a.backup(b)
    with RunningDesk(desk_settings(folder, desk_secure_cookies=True)) as running:
        client = running.client()
        login = client.get("/login")
        assert "Secure" in login.headers["set-cookie"]


def test_wrong_passwords_are_rate_limited(desk: RunningDesk) -> None:
    client = desk.client()
    token = csrf_of(client.get("/login").text)
    for _ in range(5):
        wrong = client.post(
            "/login", data={"name": "eva", "password": "not-it-at-all", "csrf_token": token}
        )
        assert wrong.status_code == 401
        assert "Wrong name or password" in wrong.text
    paused = client.post(
        "/login", data={"name": "eva", "password": PASSWORDS["eva"], "csrf_token": token}
    )
    assert paused.status_code == 429
    assert paused.headers["retry-after"] == "900"
    with sqlite3.connect(desk.settings.db) as db:
        actions = [a for (a,) in db.execute("select action from audit_log where user = 'eva'")]
    assert actions.count("login-failed") == 5 and "login-paused" in actions


def test_a_viewer_cannot_edit_and_only_admins_manage_accounts(desk: RunningDesk) -> None:
    story = _story(desk)
    viewer, token = desk.signed_in("vic")
    page = viewer.get(f"/items/{story}?topic=rare-earths")
    assert page.status_code == 200
    assert 'action="/items/' not in page.text and "Viewers cannot edit" in page.text
    headers = {"X-CSRF-Token": token}
    for path, form in (
        (f"/items/{story}", {"topic": "rare-earths", "version": "0", "title": "x"}),
        (f"/candidates/{story}/decision", {"topic": "rare-earths", "decision": "accept"}),
        ("/edition/build", {"topic": "rare-earths", "period": "2024-06-20..2024-11-30"}),
    ):
        answer = viewer.post(path, data=form, headers=headers)
        assert answer.status_code == 403, path
    editor, token = desk.signed_in("ed")
    assert editor.get("/admin/users").status_code == 403
    added = editor.post(
        "/admin/users",
        data={"name": "mallory", "role": "admin", "password": "mallory-pw"},
        headers={"X-CSRF-Token": token},
    )
    assert added.status_code == 403
    admin, token = desk.signed_in("ada")
    assert admin.get("/admin/users").status_code == 200


def test_crawled_markup_is_shown_as_text(desk: RunningDesk) -> None:
    story = _story(desk)
    hostile = '<script>alert("x")</script><img src=x onerror="alert(1)"> 稀土'
    with sqlite3.connect(desk.settings.db) as db:
        ids = [r[0] for r in db.execute("select id from articles where story = ?", (story,))]
        if not ids:
            ids = [int(story[1:])]
        db.execute("update articles set title = ? where id = ?", (hostile, ids[0]))
    client, _ = desk.signed_in("ed")
    for path in (f"/candidates?{SCOPE}", f"/items/{story}?topic=rare-earths", "/search?q=alert"):
        html = client.get(path).text
        assert "<script>alert" not in html, path
        assert "<img src=x" not in html, path
        assert "&lt;script&gt;alert" in html, path


def test_a_second_editor_saving_the_same_item_gets_a_conflict(desk: RunningDesk) -> None:
    story = _story(desk)
    first, first_token = desk.signed_in("ed")
    second, second_token = desk.signed_in("eva")
    form = {"topic": "rare-earths", "period": "", "version": "0"}
    saved = first.post(
        f"/items/{story}",
        data={**form, "title": "最初の編集者のタイトル", "csrf_token": first_token},
    )
    assert saved.status_code == 303
    clash = second.post(
        f"/items/{story}",
        data={**form, "title": "二人目のタイトル", "csrf_token": second_token},
    )
    assert clash.status_code == 409
    assert "saved by ed" in clash.text
    with sqlite3.connect(desk.settings.db) as db:
        ((title, version),) = db.execute(
            "select title, version from overrides where story = ?", (story,)
        )
    assert (title, version) == ("最初の編集者のタイトル", 1)
    again = second.post(
        f"/items/{story}",
        data={**form, "version": "1", "title": "二人目のタイトル", "csrf_token": second_token},
    )
    assert again.status_code == 303
    with sqlite3.connect(desk.settings.db) as db:
        history = db.execute(
            "select version, author from override_history where story = ? order by version",
            (story,),
        ).fetchall()
        audit = db.execute(
            "select user, action from audit_log where target like ? order by id", (f"%{story}",)
        ).fetchall()
    assert history == [(1, "ed"), (2, "eva")]
    assert audit == [("ed", "edit"), ("eva", "edit")]


def test_search_highlights_cjk_matches_and_escapes_the_rest(desk: RunningDesk) -> None:
    client, _ = desk.signed_in("vic")
    page = client.get("/search?q=稀土").text
    assert "<mark>稀土</mark>" in page
    assert "result" in page


def test_an_admin_resets_a_password_and_the_old_sessions_end(desk: RunningDesk) -> None:
    viewer, _ = desk.signed_in("vic")
    assert viewer.get(f"/candidates?{SCOPE}").status_code == 200
    admin, token = desk.signed_in("ada")
    short = admin.post(
        "/admin/users/vic",
        data={"role": "viewer", "disabled": "no", "password": "short", "csrf_token": token},
    )
    assert short.status_code == 400 and "at least 8 characters" in short.text
    done = admin.post(
        "/admin/users/vic",
        data={"role": "viewer", "disabled": "no", "password": "a-new-pass-5", "csrf_token": token},
    )
    assert done.status_code == 303
    assert viewer.get(f"/candidates?{SCOPE}").status_code == 303  # signed out
    fresh = desk.client()
    form = csrf_of(fresh.get("/login").text)
    old = fresh.post(
        "/login", data={"name": "vic", "password": PASSWORDS["vic"], "csrf_token": form}
    )
    assert old.status_code == 401
    new = fresh.post("/login", data={"name": "vic", "password": "a-new-pass-5", "csrf_token": form})
    assert new.status_code == 303
    with sqlite3.connect(desk.settings.db) as db:
        (detail,) = db.execute(
            "select detail from audit_log where action = 'user-change' and target = 'user:vic'"
        ).fetchone()
    assert '"password": "reset"' in detail and "a-new-pass-5" not in detail
