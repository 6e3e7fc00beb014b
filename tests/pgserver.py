"""A throw-away PostgreSQL server for tests: Debian's binaries, a temporary data directory,
a free port on 127.0.0.1, no Unix socket, trust authentication for loopback only.

initdb refuses to run as root, so under root the server runs as the ``postgres`` system
user that Debian's package creates. ``PgServer.create_database()`` hands out a fresh, empty
database per test. When the server cannot be started the error says why; the fixtures turn
it into a test failure (never a skip), so a machine without PostgreSQL does not pass quietly.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import psycopg

SYSTEM_USER = "postgres"
SUPERUSER = "postgres"


class PgServerError(RuntimeError):
    pass


def server_binaries() -> Path:
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0,
    )
    if not found:
        raise PgServerError(
            "PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin "
            "(Debian package 'postgresql'; scripts/install-system-deps installs it)"
        )
    return Path(found[-1]).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class PgServer:
    def __init__(self, *, durable: bool = False) -> None:
        self.bin = server_binaries()
        self.port = free_port()
        self.root = Path(tempfile.mkdtemp(prefix="hs-pg-"))
        self.data = self.root / "data"
        self.durable = durable
        self._as: list[str] = []
        self._counter = 0
        if os.geteuid() == 0:
            try:
                user = pwd.getpwnam(SYSTEM_USER)
            except KeyError as exc:
                raise PgServerError(
                    f"running as root and there is no '{SYSTEM_USER}' system user to run "
                    "PostgreSQL as (Debian's postgresql package creates it)"
                ) from exc
            os.chown(self.root, user.pw_uid, user.pw_gid)
            self._as = ["runuser", "-u", SYSTEM_USER, "--"]

    def _run(self, *args: str) -> None:
        done = subprocess.run(
            [*self._as, *args], capture_output=True, text=True, timeout=120, check=False
        )
        if done.returncode != 0:
            raise PgServerError(
                f"{Path(args[0]).name} failed ({done.returncode}): {done.stderr or done.stdout}"
            )

    def start(self) -> PgServer:
        self._run(
            str(self.bin / "initdb"),
            "-D",
            str(self.data),
            "-U",
            SUPERUSER,
            "--auth=trust",
            "--encoding=UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
        )
        settings = [
            "listen_addresses = '127.0.0.1'",
            f"port = {self.port}",
            "unix_socket_directories = ''",
            "max_connections = 200",
            "shared_buffers = 128MB",
        ]
        if not self.durable:  # tests need no crash safety
            settings += ["fsync = off", "synchronous_commit = off", "full_page_writes = off"]
        with (self.data / "postgresql.conf").open("a") as fh:
            fh.write("\n".join(settings) + "\n")
        self._run(
            str(self.bin / "pg_ctl"),
            "-D",
            str(self.data),
            "-l",
            str(self.root / "server.log"),
            "-w",
            "-t",
            "60",
            "start",
        )
        self._wait()
        return self

    def _wait(self) -> None:
        deadline = time.monotonic() + 60
        while True:
            try:
                with psycopg.connect(self.dsn("postgres"), connect_timeout=2):
                    return
            except psycopg.OperationalError as exc:
                if time.monotonic() > deadline:
                    raise PgServerError(
                        f"PostgreSQL on port {self.port} never answered: {exc}"
                    ) from exc
                time.sleep(0.2)

    def dsn(self, database: str) -> str:
        return f"host=127.0.0.1 port={self.port} user={SUPERUSER} dbname={database}"

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def create_database(self, prefix: str = "t") -> str:
        """A new empty database; returns its SQLAlchemy URL."""
        self._counter += 1
        name = f"{prefix}_{os.getpid()}_{self._counter}"
        with psycopg.connect(self.dsn("postgres"), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def tune(self, url: str, **settings: str) -> None:
        """Per-database settings (``synchronous_commit="off"`` …) for new connections."""
        name = url.rsplit("/", 1)[1]
        with psycopg.connect(self.dsn("postgres"), autocommit=True) as conn:
            for key, value in settings.items():
                conn.execute(f'ALTER DATABASE "{name}" SET {key} = {value}')

    def stop(self) -> None:
        with contextlib.suppress(PgServerError, subprocess.TimeoutExpired):
            self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop")
        shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self) -> PgServer:
        try:
            return self.start()
        except BaseException:
            self.stop()
            raise

    def __exit__(self, *_: object) -> None:
        self.stop()
