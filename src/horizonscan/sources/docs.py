"""The table of shipped sources in docs/sources.md, generated from the registry (a test
fails when the file is stale: `python -m horizonscan.sources.docs > docs/sources.md`)."""

from __future__ import annotations

import sys
from pathlib import Path

from horizonscan.sources.loader import load_registry
from horizonscan.sources.schema import Registry


def markdown(registry: Registry) -> str:
    lines = [
        "# Shipped sources",
        "",
        "Generated from `sources/official.toml` (`python -m horizonscan.sources.docs > docs/sources.md`).",
        "`verified = no` means the feed or listing URL could not be confirmed from stored public material.",
        "",
        "| id | organisation (report label) | region | lang | discovery | verified |",
        "|---|---|---|---|---|---|",
    ]
    for spec in registry:
        ways = [f"{len(v)} {k}" for k, v in (("feed", spec.feeds), ("sitemap", spec.sitemaps),
                                              ("listing", spec.listings)) if v]  # fmt: skip
        if spec.render == "browser":
            ways.append("browser")
        lines.append(
            f"| {spec.id} | {spec.label} | {spec.region} | {spec.language} | {', '.join(ways)} | "
            f"{'yes' if spec.verified else 'no'} |"
        )
    return "\n".join(lines) + "\n"


def main() -> None:
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("sources/official.toml")
    sys.stdout.write(markdown(load_registry([root])))


if __name__ == "__main__":
    main()
