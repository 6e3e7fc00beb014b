"""Load registry TOML files and report every problem with file, line, source id and key."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from horizonscan.errors import RegistryError
from horizonscan.sources.schema import Registry, SourceSpec

_TABLE = re.compile(r"^\s*\[\[\s*source\s*\]\]\s*(#.*)?$")


def _table_lines(text: str) -> list[int]:
    """1-based line numbers of each ``[[source]]`` header, in order."""
    return [n for n, line in enumerate(text.splitlines(), start=1) if _TABLE.match(line)]


def _describe(err: Any) -> tuple[str, str]:
    loc = ".".join(str(p) for p in err["loc"]) or "(table)"
    msg = str(err["msg"])
    if err["type"] == "missing":
        msg = "missing required key"
    elif err["type"] == "extra_forbidden":
        msg = "unknown key"
    return loc, msg


def registry_from_text(text: str, filename: str) -> tuple[list[SourceSpec], list[str]]:
    """Parse one registry file's text; returns the valid sources and every problem found."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        return [], [f"{filename}: invalid TOML: {exc}"]
    tables = data.get("source")
    if not isinstance(tables, list) or not tables:
        return [], [f"{filename}: no [[source]] tables found"]
    lines = _table_lines(text)
    specs: list[SourceSpec] = []
    problems: list[str] = []
    for index, table in enumerate(tables):
        line = lines[index] if index < len(lines) else None
        ident = table.get("id") if isinstance(table, dict) else None
        where = f"{filename}:{line}" if line else filename
        who = f"source {ident!r}" if ident else f"source #{index + 1}"
        try:
            specs.append(SourceSpec.model_validate(table))
        except ValidationError as exc:
            for err in exc.errors():
                key, msg = _describe(err)
                problems.append(f"{where}: {who}: key '{key}': {msg}")
    return specs, problems


def load_registry(paths: list[Path]) -> Registry:
    """Load and validate registry files; raises ``RegistryError`` listing every problem."""
    sources: dict[str, SourceSpec] = {}
    origin: dict[str, str] = {}
    problems: list[str] = []
    for path in paths:
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            problems.append(f"{path}: cannot read: {exc.strerror or exc}")
            continue
        except UnicodeDecodeError as exc:
            problems.append(f"{path}: not UTF-8 text: {exc.reason} at byte {exc.start}")
            continue
        specs, found = registry_from_text(text, str(path))
        problems.extend(found)
        for spec in specs:
            if spec.id in sources:
                problems.append(
                    f"{path}: source {spec.id!r}: key 'id': duplicate (first defined in "
                    f"{origin[spec.id]})"
                )
                continue
            sources[spec.id] = spec
            origin[spec.id] = str(path)
    if problems:
        raise RegistryError(problems)
    return Registry(sources=sources, files=tuple(str(p) for p in paths))
