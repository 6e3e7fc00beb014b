"""A desk on a real server over a copy of the crawled demo store, and signed-in clients."""

from __future__ import annotations

import re
import socket
import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import uvicorn

from horizonscan.accounts import add_account
from horizonscan.config import Settings, load_settings
from horizonscan.demo import DEMO_PERIOD, crawl_demo, prepare_desk, serve_corpus
from horizonscan.store import revisions
from horizonscan.web import create_app
from horizonscan.work_programmes import ingest_manifest
from tests.conftest import ROOT

CORPUS = ROOT / "demo"
PERIOD = revisions.period_key(*DEMO_PERIOD)
SCOPE = f"topic=rare-earths&period={PERIOD}"
PASSWORDS = {"ed": "ed-password-1", "eva": "eva-password-2", "vic": "vic-password-3"}
ROLES = {"ed": "editor", "eva": "editor", "vic": "viewer", "ada": "admin"}
PASSWORDS["ada"] = "ada-password-4"


def desk_settings(folder: Path, **extra: object) -> Settings:
    return load_settings(
        None,
        env={},
        overrides={
            "db": str(folder / "demo.db"),
            "archive_dir": str(folder / "archive"),
            "default_delay": 0.0,
            "quiet": True,
            "topics_dir": str(ROOT / "topics"),
            "edition_config_dir": str(ROOT / "editions"),
            "glossary": str(ROOT / "topics" / "glossary.toml"),
            "desk_out_dir": str(folder / "desk-out"),
            **extra,
        },
    )


@pytest.fixture(scope="session")
def crawled_demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo corpus crawled and processed once, with its ISO snapshots and accounts."""
    folder = tmp_path_factory.mktemp("desk-demo")
    settings = desk_settings(folder)
    with serve_corpus(CORPUS) as host:
        crawl_demo(settings, host, CORPUS, folder)
    ingest_manifest(settings, CORPUS / "standards" / "snapshots.toml")
    prepare_desk(settings, "rare-earths")
    for name, role in ROLES.items():
        add_account(settings, name, role, PASSWORDS[name])
    return folder


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


class RunningDesk:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(
            create_app(settings), host="127.0.0.1", port=self.port, log_level="warning"
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.clients: list[httpx.Client] = []

    def __enter__(self) -> RunningDesk:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("the desk did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        for client in self.clients:
            client.close()
        self.server.should_exit = True
        self.thread.join(timeout=10)

    def client(self) -> httpx.Client:
        client = httpx.Client(base_url=self.base, follow_redirects=False, timeout=120)
        self.clients.append(client)
        return client

    def signed_in(self, name: str) -> tuple[httpx.Client, str]:
        """A client signed in as ``name`` and the session's CSRF token."""
        client = self.client()
        form = client.get("/login")
        token = csrf_of(form.text)
        done = client.post(
            "/login",
            data={"name": name, "password": PASSWORDS[name], "csrf_token": token, "next": "/"},
        )
        assert done.status_code == 303, done.text
        page = client.get(f"/candidates?{SCOPE}")
        return client, csrf_of(page.text)


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "no CSRF token on the page"
    return found.group(1)


@pytest.fixture
def desk(crawled_demo: Path, tmp_path: Path) -> Iterator[RunningDesk]:
    """A fresh copy of the demo store per test, served on a free loopback port."""
    with (
        sqlite3.connect(crawled_demo / "demo.db") as source,
        sqlite3.connect(tmp_path / "demo.db") as target,
    ):
        source.backup(target)
    with RunningDesk(desk_settings(tmp_path)) as running:
        yield running
