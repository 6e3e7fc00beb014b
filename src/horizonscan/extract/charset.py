"""Decoding HTML bytes: BOM, then declared charsets checked against the bytes, then detection
over the whole document (not just its head: CJK pages are often mis-detected from a prefix)."""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.IGNORECASE
)
# Decode with the superset a site almost always means.
SUPERSETS = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "gb_2312-80": "gb18030",
    "shift_jis": "cp932",
    "shift-jis": "cp932",
    "sjis": "cp932",
    "x-sjis": "cp932",
    "euc-kr": "cp949",
    "ks_c_5601-1987": "cp949",
    "iso-8859-1": "cp1252",
    "latin-1": "cp1252",
    "latin1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "big5": "big5hkscs",
}
SINGLE_BYTE = frozenset(
    {
        "cp1252",
        "latin_1",
        "iso8859_15",
        "iso8859_2",
        "cp1250",
        "cp1251",
        "koi8_r",
        "iso8859_9",
        "ascii",
    }
)
BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    name = name.strip().lower()
    name = SUPERSETS.get(name, name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


NON_ASCII_RUN = re.compile(rb"[\x80-\xff]+(?:[\x00-\x7f]{0,3}[\x80-\xff]+)*[\x00-\x7f]?")


def _non_ascii(body: bytes) -> bytes:
    """The non-ASCII runs of the whole document: markup and menus (ASCII) would otherwise
    outweigh the text and pull detection towards a Latin codec."""
    runs = NON_ASCII_RUN.findall(body)
    return b"\n".join(runs)[:500_000] if runs else body


def declared_meta(body: bytes) -> str | None:
    match = META_CHARSET.search(body[:65536])
    return match.group(1).decode("ascii", "replace") if match else None


def decode_html(body: bytes, header_charset: str | None = None) -> tuple[str, str, str | None]:
    """Returns ``(text, encoding used, note)``; the note says when a declaration lied."""
    for bom, name in BOMS:
        if body.startswith(bom):
            return body[len(bom) :].decode(name, "replace"), name, None
    declared = [c for c in (_codec(header_charset), _codec(declared_meta(body))) if c]
    if declared and declared[0] in SINGLE_BYTE and not body.isascii():
        # A single-byte charset decodes anything, so a lie cannot show as an error: bytes
        # that are valid UTF-8 with multi-byte sequences are UTF-8 whatever the label says.
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            return text, "utf-8", f"declared {declared[0]} but the bytes are UTF-8"
    for name in declared:
        try:
            return body.decode(name), name, None
        except UnicodeDecodeError:
            continue
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        note = f"declared {declared[0]} but the bytes are UTF-8" if declared else None
        return text, "utf-8", note
    best = from_bytes(_non_ascii(body)).best()
    if best is not None and best.encoding:
        name = _codec(best.encoding) or best.encoding
        note = f"declared {declared[0]} but the bytes are {name}" if declared else None
        return body.decode(name, "replace"), name, note
    fallback = declared[0] if declared else "utf-8"
    return body.decode(fallback, "replace"), fallback, "undecodable bytes replaced"
