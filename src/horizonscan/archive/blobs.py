"""Content-addressed blob store on the filesystem.

A body is stored under ``<root>/<aa>/<bb>/<sha256>.gz`` (gzip). Writes go to a temporary
file in the same folder and are renamed into place, so a reader (or a crawl killed
halfway) never sees half a blob. Storing the same bytes twice is a no-op. The database row
that names a blob is committed only after the blob is in place.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import tempfile
from pathlib import Path

from horizonscan.errors import StoreError


class Archive:
    def __init__(self, root: Path) -> None:
        self.root = root

    def path(self, sha256: str) -> Path:
        if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
            raise StoreError(f"not a sha256 digest: {sha256!r}")
        return self.root / sha256[:2] / sha256[2:4] / f"{sha256}.gz"

    def has(self, sha256: str) -> bool:
        return self.path(sha256).is_file()

    def put(self, body: bytes, sha256: str | None = None) -> tuple[str, int]:
        """Store ``body``; returns its digest and the stored (compressed) size."""
        digest = sha256 or hashlib.sha256(body).hexdigest()
        target = self.path(digest)
        if target.is_file():
            return digest, target.stat().st_size
        target.parent.mkdir(parents=True, exist_ok=True)
        packed = gzip.compress(body, compresslevel=6, mtime=0)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=".gz")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(packed)
            Path(tmp).replace(target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return digest, len(packed)

    def get(self, sha256: str) -> bytes:
        try:
            with gzip.open(self.path(sha256), "rb") as fh:
                data = fh.read()
        except FileNotFoundError as exc:
            raise StoreError(f"archive has no blob {sha256}") from exc
        except (OSError, EOFError) as exc:
            raise StoreError(f"archive blob {sha256} is damaged: {exc}") from exc
        if hashlib.sha256(data).hexdigest() != sha256:
            raise StoreError(f"archive blob {sha256} does not match its digest")
        return data
