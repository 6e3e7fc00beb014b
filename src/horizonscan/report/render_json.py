"""The edition model as JSON, valid against ``docs/edition.schema.json``."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Any

from horizonscan.report.layout import Pages

SCHEMA_ID = "https://horizonscan.example/schemas/edition-1.json"


def _plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def edition_document(pages: Pages) -> dict[str, Any]:
    edition = pages.edition
    data = _plain(asdict(edition))
    data["$schema"] = SCHEMA_ID
    data["detail_header"] = edition.detail_header
    data["pages"] = {
        "total": pages.total,
        "pickups": [{"header": p.header, "related_no": p.related_no} for p in pages.pickups],
        "details": [
            {
                "number": d.number,
                "total": d.total,
                "header": d.header,
                "rows": [{"item_no": r.item_no, "continued": r.continued} for r in d.rows],
            }
            for d in pages.details
        ],
    }
    data["warnings"] = list(pages.warnings)
    return dict(data)


def render_json(pages: Pages, path: Path) -> Path:
    path.write_text(json.dumps(edition_document(pages), ensure_ascii=False, indent=2), "utf-8")
    return path
