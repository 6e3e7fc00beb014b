"""create_app(settings): the desk's FastAPI application with its security headers."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

from horizonscan.config import Settings
from horizonscan.errors import EditConflict, HorizonscanError
from horizonscan.store import open_store
from horizonscan.store.maintenance import optimize
from horizonscan.understand import profiles
from horizonscan.web import admin, auth, candidates, edition, items, pages
from horizonscan.web.context import STATIC, Desk, render, templates

# Scripts and styles only from this site, no inline code, no framing, forms post here only.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def create_app(settings: Settings) -> FastAPI:
    topics = tuple(p.id for p in profiles(settings))
    sessions = open_store(settings.db_url)
    optimize(sessions)
    desk = Desk(settings, sessions, templates(), topics)
    app = FastAPI(title="horizonscan desk", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.desk = desk

    @app.middleware("http")
    async def security_headers(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        if request.url.path != "/static" and not request.url.path.startswith("/static/"):
            response.headers.setdefault("Cache-Control", "no-store")
        return response

    @app.exception_handler(auth.NotSignedIn)
    async def _anonymous(request: Request, _exc: Exception) -> Response:
        return auth.login_redirect(request)

    @app.exception_handler(auth.Forbidden)
    async def _forbidden(request: Request, exc: Exception) -> Response:
        return render(request, "error.html", {"title": "Not allowed", "message": str(exc)}, 403)

    @app.exception_handler(auth.CsrfRejected)
    async def _csrf(request: Request, _exc: Exception) -> Response:
        message = "The form was not sent from this desk (missing or wrong CSRF token): reload."
        return render(request, "error.html", {"title": "Refused", "message": message}, 403)

    @app.exception_handler(EditConflict)
    async def _conflict(request: Request, exc: Exception) -> Response:
        return render(request, "error.html", {"title": "Conflict", "message": str(exc)}, 409)

    @app.exception_handler(HorizonscanError)
    async def _error(request: Request, exc: Exception) -> Response:
        return render(request, "error.html", {"title": "Error", "message": str(exc)}, 400)

    @app.get("/")
    def home() -> Response:
        return RedirectResponse("/candidates", status_code=303)

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for module in (auth, candidates, items, edition, pages, admin):
        app.include_router(module.router)
    return app
