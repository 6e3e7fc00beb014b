from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from horizonscan.archive import Archive
from horizonscan.errors import StoreError


def test_put_is_content_addressed_and_idempotent(tmp_path: Path) -> None:
    archive = Archive(tmp_path)
    body = "レアアース".encode() * 1000
    digest, stored = archive.put(body)
    assert digest == hashlib.sha256(body).hexdigest()
    assert stored < len(body)  # compressed
    assert archive.put(body) == (digest, stored)
    assert archive.get(digest) == body
    assert archive.path(digest).relative_to(tmp_path).parts[:2] == (digest[:2], digest[2:4])
    assert not list(tmp_path.rglob(".tmp-*"))


def test_damaged_or_missing_blobs_are_clear_errors(tmp_path: Path) -> None:
    archive = Archive(tmp_path)
    digest, _ = archive.put(b"hello")
    archive.path(digest).write_bytes(b"not gzip")
    with pytest.raises(StoreError, match="damaged"):
        archive.get(digest)
    with pytest.raises(StoreError, match="no blob"):
        archive.get("0" * 64)
    with pytest.raises(StoreError, match="not a sha256"):
        archive.get("../etc/passwd")
