"""The fallback path: a committee's catalogue page on iso.org (the published and
under-development lists), parsed into the same rows as ISO Open Data. The page gives the
project id (its link), the reference, the title, the stage code and a status label."""

from __future__ import annotations

import re

from lxml import html

from horizonscan.standards.ingest import Parsed, RowError, deliverable

STANDARD_LINK = re.compile(r"/standard/(\d+)\.html")
STAGE = re.compile(r"\b(\d{2})\.(\d{2})\b")
LABEL_STAGE = {"withdrawn": 9599, "deleted": 2098}


def parse_catalogue(body: bytes, committee: str) -> Parsed:
    parsed = Parsed()
    tree = html.fromstring(body)
    rows = tree.cssselect("#datatable-tc-projects tbody tr") or tree.cssselect("table tr")
    for number, row in enumerate(rows, start=1):
        link = next((a for a in row.iter("a") if STANDARD_LINK.search(a.get("href", ""))), None)
        if link is None:
            continue
        parsed.rows += 1
        cells = row.findall("td")
        reference = (link.get("title") or link.text_content()).strip()
        label = " ".join(n.text_content() for n in row.cssselect("span.small")).lower()
        title_node = row.cssselect("div.entry-summary")
        stage_text = " ".join(c.text_content() for c in cells[1:]) if len(cells) > 1 else ""
        stage_match = STAGE.search(stage_text)
        stage = int(stage_match[1] + stage_match[2]) if stage_match else None
        if stage is None:
            stage = next((code for word, code in LABEL_STAGE.items() if word in label), None)
        if stage is None:
            stage = 3020 if "under development" in label else 6060
        match = STANDARD_LINK.search(link.get("href", ""))
        assert match is not None
        try:
            parsed.deliverables.append(
                deliverable(
                    {
                        "id": int(match[1]),
                        "reference": reference,
                        "ownerCommittee": committee,
                        "currentStage": stage,
                        "title": {
                            "en": " ".join(title_node[0].text_content().split())
                            if title_node
                            else None
                        },
                    }
                )
            )
        except RowError as exc:
            parsed.problem(f"row {number}", str(exc))
    return parsed
