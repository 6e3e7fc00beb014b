"""Text of HWPX files (Hancom's zip of XML sections), with zip-bomb limits."""

from __future__ import annotations

import io
import re
import zipfile

from lxml import etree

from horizonscan.errors import ExtractError

MAX_UNPACKED = 50 * 1024 * 1024
SECTION = re.compile(r"^Contents/section\d+\.xml$")
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, recover=True)


def hwpx_text(body: bytes) -> str:
    try:
        archive = zipfile.ZipFile(io.BytesIO(body))
    except zipfile.BadZipFile as exc:
        raise ExtractError(f"HWPX is not a valid zip: {exc}") from exc
    with archive:
        infos = sorted(
            (i for i in archive.infolist() if SECTION.match(i.filename)),
            key=lambda i: int(re.sub(r"\D", "", i.filename) or 0),
        )
        if not infos:
            raise ExtractError("HWPX has no Contents/section*.xml")
        if sum(i.file_size for i in infos) > MAX_UNPACKED:
            raise ExtractError("HWPX sections unpack to more than 50 MB")
        paragraphs: list[str] = []
        for info in infos:
            with archive.open(info) as fh:
                data = fh.read(MAX_UNPACKED + 1)
            root = etree.fromstring(data, parser=_PARSER)
            if root is None:
                continue
            for para in root.iter("{*}p"):
                text = "".join(t.text or "" for t in para.iter("{*}t")).strip()
                if text:
                    paragraphs.append(text)
    if not paragraphs:
        raise ExtractError("HWPX has no text")
    return "\n".join(paragraphs)
