"""The five renderers behind one registry; every one formats the same paginated edition."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from horizonscan.errors import ConfigError
from horizonscan.report.layout import Pages


def _pptx(pages: Pages, path: Path) -> Path:
    from horizonscan.report.render_pptx import render_pptx

    return render_pptx(pages, path)


def _pdf(pages: Pages, path: Path) -> Path:
    from horizonscan.report.render_pdf import render_pdf

    return render_pdf(pages, path)


def _html(pages: Pages, path: Path) -> Path:
    from horizonscan.report.render_html import render_html

    return render_html(pages, path)


def _xlsx(pages: Pages, path: Path) -> Path:
    from horizonscan.report.render_xlsx import render_xlsx

    return render_xlsx(pages.edition, path)


def _json(pages: Pages, path: Path) -> Path:
    from horizonscan.report.render_json import render_json

    return render_json(pages, path)


RENDERERS: dict[str, Callable[[Pages, Path], Path]] = {
    "pptx": _pptx,
    "pdf": _pdf,
    "html": _html,
    "xlsx": _xlsx,
    "json": _json,
}


def parse_formats(value: str) -> list[str]:
    formats = [f.strip().lower() for f in value.split(",") if f.strip()]
    unknown = [f for f in formats if f not in RENDERERS]
    if unknown or not formats:
        raise ConfigError(
            f"unknown format(s) {', '.join(unknown) or '(none)'}; choose from "
            f"{', '.join(RENDERERS)}",
            where="--format",
        )
    return formats


def write_all(pages: Pages, out_dir: Path, stem: str, formats: Iterable[str]) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    return [RENDERERS[f](pages, out_dir / f"{stem}.{f}") for f in formats]
