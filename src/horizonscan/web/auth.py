"""Sign-in, sessions, CSRF and roles. Passwords are argon2 hashes; the session cookie holds a
random token whose hash is the only thing stored; every state-changing request must carry the
session's CSRF token (form field ``csrf_token`` or header ``X-CSRF-Token``, as htmx sends it)."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from horizonscan.accounts import HASHER, password_matches
from horizonscan.store import accounts, audit
from horizonscan.store.accounts import SignedIn, User
from horizonscan.web.context import Desk, desk_of, render

SESSION_COOKIE = "hs_session"
LOGIN_CSRF_COOKIE = "hs_login_csrf"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
FAILURE_WINDOW = timedelta(minutes=15)
_DUMMY_HASH = HASHER.hash(secrets.token_urlsafe(16))

router = APIRouter()


class NotSignedIn(Exception):
    """No live session: the browser is sent to the sign-in page."""


class Forbidden(Exception):
    """Signed in, but the account's role does not allow this."""

    def __init__(self, need: str) -> None:
        self.need = need
        super().__init__(f"this needs the {need} role")


class CsrfRejected(Exception):
    """A state-changing request without the session's CSRF token."""


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _lookup(desk: Desk, token: str) -> SignedIn | None:
    with desk.transaction() as session:
        return accounts.find_session(session, _token_hash(token), desk.session_lifetime)


async def _sent_token(request: Request) -> str:
    header = request.headers.get("x-csrf-token")
    if header:
        return header
    content_type = request.headers.get("content-type", "")
    if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        form = await request.form()
        value = form.get("csrf_token")
        return value if isinstance(value, str) else ""
    return ""


async def signed_in(request: Request) -> SignedIn:
    """The request's session; state-changing requests must also carry its CSRF token."""
    desk = desk_of(request)
    token = request.cookies.get(SESSION_COOKIE)
    found = await run_in_threadpool(_lookup, desk, token) if token else None
    if found is None:
        raise NotSignedIn()
    if request.method not in SAFE_METHODS:
        sent = await _sent_token(request)
        if not sent or not secrets.compare_digest(sent, found.csrf_token):
            raise CsrfRejected()
    request.state.signed_in = found
    return found


def viewer(signed: Annotated[SignedIn, Depends(signed_in)]) -> User:
    return signed.user


def editor(signed: Annotated[SignedIn, Depends(signed_in)]) -> User:
    if not signed.user.can("editor"):
        raise Forbidden("editor")
    return signed.user


def admin(signed: Annotated[SignedIn, Depends(signed_in)]) -> User:
    if not signed.user.can("admin"):
        raise Forbidden("admin")
    return signed.user


Viewer = Annotated[User, Depends(viewer)]
Editor = Annotated[User, Depends(editor)]
Admin = Annotated[User, Depends(admin)]


def _local(target: str) -> str:
    """Only paths of this site are followed after sign-in."""
    if not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


def _secure(request: Request) -> bool:
    return request.url.scheme == "https" or desk_of(request).settings.desk_secure_cookies


@router.get("/login")
def login_form(request: Request, next: str = "/") -> Response:
    token = request.cookies.get(LOGIN_CSRF_COOKIE) or secrets.token_urlsafe(32)
    request.state.anon_csrf = token
    response = render(request, "login.html", {"next": _local(next), "error": None})
    response.set_cookie(
        LOGIN_CSRF_COOKIE, token, httponly=True, samesite="lax", secure=_secure(request)
    )
    return response


def _attempt(desk: Desk, name: str, password: str, address: str) -> tuple[str, User | None]:
    """("ok" | "wrong" | "paused", user) — and the failure recorded, when it failed."""
    keys = [f"name:{name.casefold()}", f"addr:{address}"]
    limit = desk.settings.desk_login_attempts
    with desk.transaction() as session:
        if any(accounts.recent_failures(session, k, FAILURE_WINDOW) >= limit for k in keys):
            audit.record(session, name or "-", "login-paused", f"user:{name}", {"from": address})
            return "paused", None
        found = accounts.user_by_name(session, name)
    matches = password_matches(found[1] if found else _DUMMY_HASH, password)
    with desk.transaction() as session:
        if found is None or not matches or found[0].disabled:
            accounts.record_failure(session, keys)
            audit.record(session, name or "-", "login-failed", f"user:{name}", {"from": address})
            return "wrong", None
        accounts.forget_failures(session, keys[:1])
        audit.record(session, name, "login", f"user:{name}", {"from": address})
        return "ok", found[0]


@router.post("/login")
async def login(
    request: Request,
    name: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    csrf_token: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "/",
) -> Response:
    expected = request.cookies.get(LOGIN_CSRF_COOKIE, "")
    if not expected or not secrets.compare_digest(csrf_token, expected):
        raise CsrfRejected()
    desk = desk_of(request)
    address = request.client.host if request.client else "-"
    outcome, user = await run_in_threadpool(_attempt, desk, name.strip(), password, address)
    request.state.anon_csrf = expected
    if outcome == "paused":
        message = "Too many failed sign-ins: wait 15 minutes and try again."
        return render(
            request,
            "login.html",
            {"next": _local(next), "error": message},
            status=429,
            headers={"Retry-After": str(int(FAILURE_WINDOW.total_seconds()))},
        )
    if user is None:
        return render(
            request,
            "login.html",
            {"next": _local(next), "error": "Wrong name or password."},
            status=401,
        )
    token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    lifetime = desk.session_lifetime

    def start() -> None:
        with desk.transaction() as session:
            accounts.start_session(session, user, _token_hash(token), csrf, lifetime)

    await run_in_threadpool(start)
    response = RedirectResponse(_local(next), status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=int(lifetime.total_seconds()),
        httponly=True,
        samesite="lax",
        secure=_secure(request),
    )
    response.delete_cookie(LOGIN_CSRF_COOKIE)
    return response


@router.post("/logout")
def logout(request: Request, user: Viewer) -> Response:
    desk = desk_of(request)
    token = request.cookies.get(SESSION_COOKIE, "")
    with desk.transaction() as session:
        accounts.end_session(session, _token_hash(token))
        audit.record(session, user.name, "logout", f"user:{user.name}")
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response


def login_redirect(request: Request) -> Response:
    target = "/login?next=" + quote(
        _local(request.url.path + ("?" + request.url.query if request.url.query else ""))
    )
    if request.headers.get("hx-request"):
        return Response(status_code=401, headers={"HX-Redirect": target})
    return RedirectResponse(target, status_code=303)
