"""What every route shares: the store, the settings, the templates, and the page renderer."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import cached_property
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlalchemy.orm import Session, sessionmaker

from horizonscan.classify.profile import Profile
from horizonscan.config import Settings
from horizonscan.report.glossary import Glossary
from horizonscan.store.accounts import SignedIn
from horizonscan.store.revisions import Draft, drafts, parse_period, period_key
from horizonscan.summarize.base import Summarizer, Usage
from horizonscan.summarizing import make_summarizer, offline
from horizonscan.understand import profiles

TEMPLATES = Path(__file__).with_name("templates")
STATIC = Path(__file__).with_name("static")


@dataclass
class Desk:
    settings: Settings
    sessions: sessionmaker[Session]
    templates: Environment
    topics: tuple[str, ...]
    _profiles: dict[str, Profile] = field(default_factory=dict)

    def profile(self, topic: str) -> Profile:
        """The topic's profile, loaded once per process."""
        if topic not in self._profiles:
            self._profiles[topic] = profiles(self.settings, topic)[0]
        return self._profiles[topic]

    @cached_property
    def glossary(self) -> Glossary:
        """The footnote glossary, loaded once per process."""
        path = Path(self.settings.glossary)
        return Glossary.load(path) if path.is_file() else Glossary.empty()

    def view_summarizers(self, topic: str) -> tuple[Summarizer, Summarizer]:
        """(the configured backend, allowed no request; the offline extract) for a topic."""
        profile = self.profile(topic)
        configured = make_summarizer(self.settings, self.settings.summarizer, Usage(), profile, 0)
        return configured, offline(profile)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        with self.sessions.begin() as session:
            yield session

    @property
    def session_lifetime(self) -> timedelta:
        return timedelta(hours=self.settings.desk_session_hours)


def templates() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.tests["search"] = lambda value, pattern: re.search(pattern, str(value)) is not None
    env.filters["pct"] = lambda v: f"{100 * float(v or 0):.0f}%"
    env.filters["when"] = lambda v: v.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC") if v else ""
    return env


def desk_of(request: Request) -> Desk:
    desk: Desk = request.app.state.desk
    return desk


@dataclass(frozen=True)
class Scope:
    """The edition a screen is about: topic and period, from the query or the newest draft."""

    topic: str
    start: date
    end: date

    @property
    def period(self) -> str:
        return period_key(self.start, self.end)

    def query(self) -> str:
        return f"topic={self.topic}&period={self.period}"


def scope_of(desk: Desk, request: Request) -> Scope:
    topic = request.query_params.get("topic") or ""
    period = request.query_params.get("period") or ""
    if not topic or not period:
        with desk.transaction() as session:
            known: list[Draft] = [d for d in drafts(session) if not topic or d.topic == topic]
        if known:
            topic, period = topic or known[0].topic, period or known[0].period
    topic = topic or (desk.topics[0] if desk.topics else "rare-earths")
    if period:
        start, end = parse_period(period)
    else:
        today = datetime.now(UTC).date()
        end = today.replace(day=1) - timedelta(days=1)
        start = end.replace(day=1)
    return Scope(topic, start, end)


def render(
    request: Request,
    name: str,
    context: dict[str, Any] | None = None,
    status: int = 200,
    headers: dict[str, str] | None = None,
) -> HTMLResponse:
    desk = desk_of(request)
    signed: SignedIn | None = getattr(request.state, "signed_in", None)
    values = {
        "request": request,
        "signed": signed,
        "user": signed.user if signed else None,
        "csrf_token": signed.csrf_token if signed else getattr(request.state, "anon_csrf", ""),
        "topics": desk.topics,
        "path": request.url.path,
        **(context or {}),
    }
    html = desk.templates.get_template(name).render(values)
    return HTMLResponse(html, status_code=status, headers=headers)
