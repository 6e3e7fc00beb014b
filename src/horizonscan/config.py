"""Settings: defaults < config file < environment < command-line flags.

This is the only module that reads the environment. The CLI (or the web app factory)
builds one ``Settings`` at the edge and passes it down explicitly.

Environment variables are ``HORIZONSCAN_<FIELD>`` in upper case (``HORIZONSCAN_DB``,
``HORIZONSCAN_USER_AGENT`` …). The config file is TOML with the same field names at the top
level; it is read from ``--config``, else ``HORIZONSCAN_CONFIG``, else ``./horizonscan.toml``
when present.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from horizonscan.errors import ConfigError

ENV_PREFIX = "HORIZONSCAN_"


class Settings(BaseModel):
    """Every setting with its default and a one-line help."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    db: str = Field("horizonscan.db", description="SQLite file path or SQLAlchemy URL of the store")
    archive_dir: str | None = Field(
        None, description="folder of the raw archive; default: 'archive' beside the database file"
    )
    user_agent: str = Field(
        "horizonscan/0.1 (+https://github.com/horizonscan/horizonscan; contact: monitoring@example.org)",
        description="User-Agent sent with every request; name a contact",
    )
    connect_timeout: float = Field(10.0, description="seconds to open a connection")
    read_timeout: float = Field(20.0, description="seconds to wait for the next bytes of an answer")
    request_deadline: float = Field(60.0, description="seconds one request may take in all")
    max_bytes: int = Field(10 * 1024 * 1024, description="largest body kept, after decompression")
    max_redirects: int = Field(5, description="redirects followed before giving up")
    retries: int = Field(3, description="extra attempts after a timeout, 429 or 5xx answer")
    backoff: float = Field(1.0, description="first back-off in seconds; doubles each retry")
    max_retry_after: float = Field(120.0, description="longest Retry-After honoured, in seconds")
    default_delay: float = Field(1.0, description="seconds between requests to one host")
    max_crawl_delay: float = Field(30.0, description="longest robots.txt Crawl-delay accepted")
    concurrency: int = Field(64, description="requests in flight over all hosts")
    robots_ttl_hours: float = Field(24.0, description="hours a fetched robots.txt is trusted")
    recheck_min_days: float = Field(
        1.0, description="shortest interval before re-fetching an article"
    )
    recheck_max_days: float = Field(
        30.0, description="longest interval before re-fetching an article"
    )
    max_failures: int = Field(3, description="runs an article may fail before it is given up")
    max_sitemaps: int = Field(50, description="child sitemaps followed per source")
    workers: int = Field(0, description="extraction worker processes; 0 means one per core")
    extract_timeout: float = Field(20.0, description="seconds one document may take to extract")
    summarizer: str = Field(
        "offline", description="summaries: 'offline' (extract, 未翻訳) or 'llm'"
    )
    llm_base_url: str = Field("https://api.openai.com/v1", description="OpenAI-compatible endpoint")
    llm_model: str = Field("gpt-4o-mini", description="model name at that endpoint")
    llm_api_key_env: str = Field(
        "OPENAI_API_KEY", description="environment variable holding the key"
    )
    llm_timeout: float = Field(60.0, description="seconds per model request")
    llm_concurrency: int = Field(4, description="model requests in flight")
    llm_price_in: float = Field(
        0.0, description="price per 1,000 input tokens (for the cost estimate)"
    )
    llm_price_out: float = Field(0.0, description="price per 1,000 output tokens")
    topics_dir: str = Field(
        "topics", description="folder of topic profiles and the country lexicon"
    )
    chromium: str = Field("/usr/bin/chromium", description="browser used for render = 'browser'")
    desk_out_dir: str = Field("out/desk", description="folder of the editions the desk builds")
    desk_session_hours: float = Field(12.0, description="hours a desk sign-in lasts when idle")
    desk_secure_cookies: bool = Field(
        False, description="mark desk cookies Secure (always on when the request came over TLS)"
    )
    desk_login_attempts: int = Field(
        5, description="failed sign-ins per account or address within 15 minutes before a pause"
    )
    edition_config_dir: str = Field("editions", description="folder of editions/<topic>.toml")
    glossary: str = Field("topics/glossary.toml", description="glossary of the footnotes （※）")
    quiet: bool = Field(False, description="no progress bars")
    broker_url: str | None = Field(
        None,
        description="Redis URL of the task broker for distributed workers (redis://host:6379/0); "
        "needed by 'worker' and '--distributed'",
    )
    worker_threads: int = Field(8, description="tasks one 'horizonscan worker' runs at once")
    task_retries: int = Field(
        3, description="retries of a failing task before it goes to the dead-letter queue"
    )
    task_backoff: float = Field(15.0, description="seconds before a task's first retry; doubles")
    task_time_limit: float = Field(
        6 * 3600.0, description="seconds one task (a source's crawl, a batch) may take"
    )
    heartbeat_timeout: float = Field(
        60.0,
        description="seconds without a worker's heartbeat before its unfinished tasks are "
        "handed to other workers",
    )
    host_lease: float = Field(
        30.0,
        description="seconds a worker's claim on a host outlives the worker (renewed while alive)",
    )
    process_batch: int = Field(50, description="documents per distributed extraction task")

    @property
    def archive_path(self) -> Path:
        if self.archive_dir:
            return Path(self.archive_dir)
        if "://" in self.db:
            return Path("archive")
        return Path(self.db).resolve().parent / "archive"

    @property
    def models_path(self) -> Path:
        return self.archive_path.parent / "models"

    @property
    def db_url(self) -> str:
        return self.db if "://" in self.db else f"sqlite:///{Path(self.db).resolve()}"


def _read_file(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError as exc:
        raise ConfigError("config file not found", where=str(path)) from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"invalid TOML: {exc}", where=str(path)) from exc


def _from_env(env: Mapping[str, str]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name in Settings.model_fields:
        key = ENV_PREFIX + name.upper()
        if key in env:
            values[name] = env[key]
    return values


def load_settings(
    config_file: Path | None = None,
    *,
    env: Mapping[str, str] | None = None,
    overrides: Mapping[str, Any] | None = None,
) -> Settings:
    """Build settings from the four layers; ``None`` overrides are ignored."""
    environ = os.environ if env is None else env
    layers: dict[str, Any] = {}
    if config_file is None and environ.get(ENV_PREFIX + "CONFIG"):
        config_file = Path(environ[ENV_PREFIX + "CONFIG"])
    if config_file is None and Path("horizonscan.toml").is_file():
        config_file = Path("horizonscan.toml")
    if config_file is not None:
        layers.update(_read_file(config_file))
    layers.update(_from_env(environ))
    layers.update({k: v for k, v in (overrides or {}).items() if v is not None})
    try:
        return Settings(**layers)
    except ValidationError as exc:
        problems = [f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in exc.errors()]
        where = str(config_file) if config_file else "settings"
        raise ConfigError("; ".join(problems), where=where) from exc


def env_value(name: str) -> str | None:
    """Read one environment variable named in configuration (e.g. an API key variable)."""
    return os.environ.get(name)
