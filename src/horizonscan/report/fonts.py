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


def _face(path: Path, family: str) -> TTFont:
    if path.suffix.lower() == ".ttc":
        for font in TTCollection(str(path), lazy=True).fonts:
            if font["name"].getDebugName(1) == family:
                return font
        raise RenderError(f"{path} has no face named {family!r}")
    return TTFont(str(path), lazy=True)


@lru_cache(maxsize=4)
def load_metrics(weight: str = "regular", family: str = FONT_FAMILY) -> FontMetrics:
    path = FONT_FILES[weight]
    if not path.is_file():
        raise RenderError(
            f"font {family} ({weight}) not found at {path}: install the Debian package "
            f"{DEBIAN_PACKAGE} (make demo / make test do)"
        )
    face = _face(path, family)
    units = face["head"].unitsPerEm
    hmtx = face["hmtx"]
    advances = {code: hmtx[name][0] / units for code, name in face.getBestCmap().items()}
    return FontMetrics(family=family, path=path, advances=advances)
