"""Registry files: each bad file beside the exact problems it must produce."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from horizonscan.errors import RegistryError
from horizonscan.sources import load_registry
from tests.conftest import FIXTURES, ROOT

CASES = sorted((FIXTURES / "registry").glob("*.toml"))


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_bad_registry_names_file_line_source_and_key(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = path.with_suffix(".expected").read_text("utf-8").splitlines()
    monkeypatch.chdir(path.parent)
    with pytest.raises(RegistryError) as caught:
        load_registry([Path(path.name)])
    assert caught.value.problems == expected


def test_sources_check_exits_2_with_every_problem() -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "horizonscan",
            "sources",
            "check",
            "bad_values.toml",
            "missing_label.toml",
        ],
        cwd=FIXTURES / "registry",
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "200"},
    )
    assert result.returncode == 2
    assert "bad_values.toml:1: source 'Bad Id': key 'colour': unknown key" in result.stderr
    assert (
        "missing_label.toml:11: source 'nolabel': key 'label': missing required key"
        in result.stderr
    )


def test_shipped_registry_is_valid_and_covers_the_seed() -> None:
    registry = load_registry([ROOT / "sources" / "official.toml"])
    assert len(registry) >= 25
    hosts = {h for spec in registry for h in spec.hosts()}
    for host in (
        "www.minister.industry.gov.au",
        "english.motie.go.kr",
        "www.iea.org",
        "eiti.org",
        "unctad.org",
        "www.anl.gov",
        "www.jogmec.go.jp",
        "www.csiro.au",
        "mining.ca",
    ):
        assert any(h == host or h.endswith("." + host) or host.endswith("." + h) for h in hosts), (
            host
        )
    regions = {spec.region for spec in registry}
    assert {"オーストラリア", "カナダ", "韓国", "中国", "国際"} <= regions
    for spec in registry:
        assert not any(
            0x2F00 <= ord(c) <= 0x2FDF or 0x2E80 <= ord(c) <= 0x2EFF for c in spec.label
        ), spec.id


def test_sources_check_accepts_the_shipped_registry() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "horizonscan", "sources", "check", "sources/official.toml"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


def test_docs_table_of_sources_is_current() -> None:
    from horizonscan.sources.docs import markdown

    registry = load_registry([ROOT / "sources" / "official.toml"])
    assert (ROOT / "docs" / "sources.md").read_text("utf-8") == markdown(registry), (
        "docs/sources.md is stale: python -m horizonscan.sources.docs > docs/sources.md"
    )
