"""ISO references: ``ISO/FDIS 24181-1`` and ``ISO 24181-1:2024`` are one document key."""

from __future__ import annotations

import re
from dataclasses import dataclass

REF = re.compile(
    r"""
    ^(?:(?P<withdrawn>Withdrawn)\s+)?
    (?P<pub>(?:ISO|IEC|IWA)(?:/(?:IEC|IEEE|ASTM|SAE|CIE|HL7|ISO))*)
    (?:[/ ](?P<draft>PWI|NP|AWI|WD|CD|DIS|FDIS|PRF))?
    (?:[/ ](?P<type>TS|TR|PAS|ISP|TTA|DTS|DTR|DPAS|FDTS|FDTR|Guide|GUIDE|R|DATA))?
    \s*(?P<number>\d+)(?:-(?P<part>[0-9A-Za-z]+(?:-[0-9A-Za-z]+)*))?(?::(?P<year>\d{4}))?
    (?P<supp>(?:/(?:(?:PWI|NP|AWI|WD|CD|PRF)\s)?(?:Amd|Cor|Add|Suppl|Ext|DAmd|FDAmd|DAM|FDAM|DCor|FDCor|DCOR|FDCOR)\s?\d*(?::\d{4})?)*)$
    """,
    re.X,
)
GLUED = re.compile(r"^((?:ISO|IEC)(?:/[A-Z]+)*/[A-Z]+)(?=\d)")
SUPPLEMENT = re.compile(
    r"(Amd|Cor|Add|Suppl|Ext|DAmd|FDAmd|DAM|FDAM|DCor|FDCor|DCOR|FDCOR)\s?(\d*)"
)
SUPPLEMENT_KIND = {
    "DAMD": "Amd",
    "FDAMD": "Amd",
    "DAM": "Amd",
    "FDAM": "Amd",
    "DCOR": "Cor",
    "FDCOR": "Cor",
}


@dataclass(frozen=True)
class Reference:
    text: str
    publisher: str
    draft: str | None
    doc_type: str | None
    number: str
    part: str | None
    year: int | None
    supplement: str | None  # "Amd 1"

    @property
    def doc_key(self) -> str:
        """Publisher, number and part (and supplement): stable from draft to publication."""
        key = f"{self.publisher} {self.number}" + (f"-{self.part}" if self.part else "")
        return f"{key}/{self.supplement}" if self.supplement else key

    @property
    def base_key(self) -> str:
        return f"{self.publisher} {self.number}" + (f"-{self.part}" if self.part else "")


SIMPLE = re.compile(
    r"^(ISO|IEC)(?:/(PWI|NP|AWI|WD|CD|DIS|FDIS|PRF))? (\d+)(?:-([0-9A-Za-z]+))?(?::(\d{4}))?$"
)


def parse_reference(text: str) -> Reference | None:
    """A parsed reference, or None for text that is not one (it is then shown as given)."""
    simple = SIMPLE.match(text)  # most rows: ISO 22444-1:2020, ISO/CD 5976 (fast path)
    if simple:
        pub, draft, number, part, year = simple.groups()
        return Reference(text, pub, draft, None, number, part, int(year) if year else None, None)
    clean = " ".join(text.replace("\u00a0", " ").split())
    glued = GLUED.match(clean)  # ISO/CD5976
    if glued:
        clean = f"{glued[1]} {clean[glued.end(1) :]}"
    match = REF.match(clean)
    if match is None:
        return None
    supplement = None
    if match["supp"]:
        last = SUPPLEMENT.findall(match["supp"])[-1]
        kind = SUPPLEMENT_KIND.get(last[0].upper(), last[0])
        supplement = f"{kind} {last[1]}".strip()
    return Reference(
        text=clean,
        publisher=match["pub"],
        draft=match["draft"],
        doc_type=match["type"],
        number=match["number"],
        part=match["part"],
        year=int(match["year"]) if match["year"] else None,
        supplement=supplement,
    )
