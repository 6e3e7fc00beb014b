from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from horizonscan.config import Settings, load_settings
from horizonscan.sitehost import SiteHost, site_folders
from horizonscan.sources import Registry, load_registry
from tests.pgserver import PgServer, PgServerError

FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).parent.parent


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Fast settings on a temporary store: short timeouts and back-off, no host delay."""
    return load_settings(
        None,
        env={},
        overrides={
            "db": str(tmp_path / "h.db"),
            "default_delay": 0.0,
            "connect_timeout": 2.0,
            "read_timeout": 1.0,
            "request_deadline": 3.0,
            "backoff": 0.05,
            "max_retry_after": 5.0,
            "retries": 2,
            "quiet": True,
        },
    )


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    """One throw-away PostgreSQL server for the session; ``create_database()`` per test."""
    try:
        server = PgServer().start()
    except PgServerError as exc:
        pytest.fail(f"the PostgreSQL test server could not be started: {exc}", pytrace=False)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def fixture_sites() -> Iterator[SiteHost]:
    with SiteHost(site_folders(FIXTURES / "sites")) as host:
        yield host


def registry_from(host: SiteHost, template: Path, tmp_path: Path) -> Registry:
    target = tmp_path / template.name
    target.write_text(host.substitute_text(template.read_text("utf-8")), "utf-8")
    return load_registry([target])


@pytest.fixture
def ministry(fixture_sites: SiteHost, tmp_path: Path) -> Registry:
    return registry_from(fixture_sites, FIXTURES / "ministry.toml", tmp_path)
