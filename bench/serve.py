"""Serve a folder of generated sites with a fixed answer latency; prints origins as JSON.

python bench/serve.py ROOT LATENCY      (runs until stdin closes)
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from horizonscan.sitehost import SiteHost, site_folders


def main() -> None:
    root, latency = Path(sys.argv[1]), float(sys.argv[2])
    with SiteHost(site_folders(root), latency=latency) as host:
        print(json.dumps(host.origins()), flush=True)
        sys.stdin.read()


if __name__ == "__main__":
    main()
