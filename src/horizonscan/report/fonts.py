"""Font metrics of the face the renderers actually use (Debian's Noto Sans CJK JP), read
with fontTools, so pagination measures text exactly as it will be drawn."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from fontTools.ttLib import TTCollection, TTFont

from horizonscan.errors import RenderError

FONT_FAMILY = "Noto Sans CJK JP"
FONT_FILES = {
    "regular": Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
    "bold": Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"),
}
DEBIAN_PACKAGE = "fonts-noto-cjk"


@dataclass
class FontMetrics:
    """Advance widths (in em) of one face; characters it lacks are reported, not guessed."""

    family: str
    path: Path
    advances: dict[int, float]
    fallback: float = 1.0

    def has(self, char: str) -> bool:
        return ord(char) in self.advances

    def char_width(self, char: str) -> float:
        return self.advances.get(ord(char), self.fallback)

    def width(self, text: str, size: float) -> float:
        get = self.advances.get
        return sum(get(ord(c), self.fallback) for c in text) * size

    def missing(self, text: str) -> set[str]:
        return {c for c in text if not c.isspace() and ord(c) not in self.advances}


def _advances(font: TTFont) -> dict[int, float]:
    units = font["head"].unitsPerEm
    hmtx = font["hmtx"]
    return {code: hmtx[name][0] / units for code, name in font.getBestCmap().items()}


def _read(path: Path, family: str) -> dict[int, float]:
    if path.suffix.lower() != ".ttc":
        with TTFont(str(path), lazy=True) as font:
            return _advances(font)
    collection = TTCollection(str(path), lazy=True)
    try:
        for font in collection.fonts:
            if font["name"].getDebugName(1) == family:
                return _advances(font)
    finally:
        collection.close()
    raise RenderError(f"{path} has no face named {family!r}")


@lru_cache(maxsize=4)
def load_metrics(weight: str = "regular", family: str = FONT_FAMILY) -> FontMetrics:
    path = FONT_FILES[weight]
    if not path.is_file():
        raise RenderError(
            f"font {family} ({weight}) not found at {path}: install the Debian package "
            f"{DEBIAN_PACKAGE} (make demo / make test do)"
        )
    return FontMetrics(family=family, path=path, advances=_read(path, family))
