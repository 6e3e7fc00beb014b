"""`horizonscan users` and `horizonscan serve` as a user runs them."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import httpx

from tests.conftest import ROOT
from tests.web.conftest import free_port


def run(*args: str, db: Path, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "horizonscan", *args, "--db", str(db)],
        cwd=ROOT,
        input=stdin,
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "200"},
        timeout=120,
    )


def test_accounts_from_the_command_line(tmp_path: Path) -> None:
    db = tmp_path / "u.db"
    added = run("users", "add", "ana", "--role", "viewer", "--password-stdin", db=db,
                stdin="a-long-password\n")  # fmt: skip
    assert added.returncode == 0, added.stderr
    assert "added ana (viewer)" in added.stdout
    twice = run("users", "add", "ana", "--password-stdin", db=db, stdin="another-password\n")
    assert twice.returncode == 2 and "exists already" in twice.stderr
    short = run("users", "add", "bo", "--password-stdin", db=db, stdin="short\n")
    assert short.returncode == 2 and "at least 8 characters" in short.stderr
    wrong_role = run("users", "add", "cy", "--role", "boss", "--password-stdin", db=db,
                     stdin="a-long-password\n")  # fmt: skip
    assert wrong_role.returncode == 2 and "unknown role 'boss'" in wrong_role.stderr
    changed = run("users", "set", "ana", "--role", "editor", "--disable", db=db)
    assert changed.returncode == 0 and "ana: editor (disabled)" in changed.stdout
    listed = run("users", "list", db=db)
    assert re.search(r"ana\s+│\s+editor\s+│\s+disabled", listed.stdout), listed.stdout


def test_serve_starts_the_desk_on_the_given_port(tmp_path: Path) -> None:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "horizonscan", "serve", "--port", str(port), "--db",
         str(tmp_path / "s.db")],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                answer = httpx.get(f"http://127.0.0.1:{port}/candidates", timeout=2)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "serve did not answer"
                time.sleep(0.2)
        assert answer.status_code == 303
        assert answer.headers["location"] == "/login?next=/candidates"
    finally:
        process.terminate()
        process.communicate(timeout=10)


def test_pausing_an_unknown_source_names_it(tmp_path: Path) -> None:
    answer = run("sources", "pause", "nowhere", "--reason", "gone", db=tmp_path / "p.db")
    assert answer.returncode == 2
    assert "no source 'nowhere'" in answer.stderr
