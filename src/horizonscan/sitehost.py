"""Serve folders of static sites on loopback, one port per site (demo corpus, tests, bench).

Each site answers like a modest real web server: ``index.html`` for folders, ETag and
Last-Modified with 304 answers to conditional requests, gzip when asked, and a content type
by file extension. In text files ``{{BASE:name}}`` becomes the origin of site ``name``, so
sites can link to each other and feeds can carry absolute URLs. Every request is logged
with its time so tests can check robots rules and politeness.
"""

from __future__ import annotations

import gzip
import hashlib
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from email.utils import formatdate, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

TYPES = {
    ".html": "text/html",
    ".htm": "text/html",
    ".xml": "application/xml",
    ".rss": "application/rss+xml",
    ".atom": "application/atom+xml",
    ".json": "application/json",
    ".pdf": "application/pdf",
    ".hwpx": "application/hwp+zip",
    ".js": "text/javascript",
    ".css": "text/css",
    ".txt": "text/plain",
    ".png": "image/png",
    ".jpg": "image/jpeg",
}
TEXT_SUFFIXES = (".html", ".htm", ".xml", ".rss", ".atom", ".json", ".js", ".css", ".txt")


@dataclass
class SiteLog:
    requests: list[tuple[float, str, str]] = field(default_factory=list)  # (time, method, path)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, method: str, path: str) -> None:
        with self.lock:
            self.requests.append((time.monotonic(), method, path))

    def paths(self) -> list[str]:
        with self.lock:
            return [p for _, _, p in self.requests]


class _Site(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def __init__(self, name: str, root: Path, host: SiteHost, latency: float) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.name = name
        self.root = root.resolve()
        self.host = host
        self.latency = latency
        self.log = SiteLog()
        self.cache: dict[Path, tuple[bytes, str, float]] = {}


class _Handler(BaseHTTPRequestHandler):
    server: _Site
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        return

    def do_HEAD(self) -> None:
        self._serve(head=True)

    def do_GET(self) -> None:
        self._serve(head=False)

    def _file(self, path: str) -> Path | None:
        relative = unquote(urlsplit(path).path).lstrip("/")
        target = (self.server.root / relative).resolve()
        if not target.is_relative_to(self.server.root):
            return None
        if target.is_dir():
            target = target / "index.html"
        return target if target.is_file() else None

    def _body(self, target: Path) -> tuple[bytes, str, float]:
        cached = self.server.cache.get(target)
        if cached is not None:
            return cached
        data = target.read_bytes()
        if target.suffix in TEXT_SUFFIXES:
            data = self.server.host.substitute(data)
        entry = (data, '"' + hashlib.sha256(data).hexdigest()[:20] + '"', target.stat().st_mtime)
        self.server.cache[target] = entry
        return entry

    def _serve(self, *, head: bool) -> None:
        self.server.log.add(self.command, self.path)
        if self.server.latency:
            time.sleep(self.server.latency)
        target = self._file(self.path)
        if target is None:
            self._send(404, b"not found", "text/plain", head=head)
            return
        data, etag, mtime = self._body(target)
        modified = formatdate(int(mtime), usegmt=True)
        if self._not_modified(etag, int(mtime)):
            self.send_response(304)
            self.send_header("ETag", etag)
            self.send_header("Last-Modified", modified)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        ctype = TYPES.get(target.suffix.lower(), "application/octet-stream")
        extra = {"ETag": etag, "Last-Modified": modified}
        if target.suffix in TEXT_SUFFIXES and "gzip" in self.headers.get("Accept-Encoding", ""):
            data = gzip.compress(data, mtime=0)
            extra["Content-Encoding"] = "gzip"
        self._send(200, data, ctype, head=head, extra=extra)

    def _not_modified(self, etag: str, mtime: int) -> bool:
        if_none = self.headers.get("If-None-Match")
        if if_none is not None:
            return etag in [t.strip() for t in if_none.split(",")] or if_none.strip() == "*"
        since = self.headers.get("If-Modified-Since")
        if since:
            try:
                return int(parsedate_to_datetime(since).timestamp()) >= mtime
            except (TypeError, ValueError):
                return False
        return False

    def _send(
        self,
        status: int,
        data: bytes,
        ctype: str,
        *,
        head: bool,
        extra: dict[str, str] | None = None,
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        for key, value in (extra or {}).items():
            self.send_header(key, value)
        self.end_headers()
        if not head:
            self.wfile.write(data)


class SiteHost:
    """Start ``sites`` (name → folder) on loopback; use as a context manager."""

    def __init__(self, sites: dict[str, Path], *, latency: float = 0.0) -> None:
        self._sites = {name: _Site(name, root, self, latency) for name, root in sites.items()}
        self._threads: list[threading.Thread] = []

    def origin(self, name: str) -> str:
        return f"http://127.0.0.1:{self._sites[name].server_address[1]}"

    def origins(self) -> dict[str, str]:
        return {name: self.origin(name) for name in self._sites}

    def log(self, name: str) -> SiteLog:
        return self._sites[name].log

    def substitute(self, data: bytes) -> bytes:
        if b"{{BASE:" not in data:
            return data
        for name in self._sites:
            data = data.replace(f"{{{{BASE:{name}}}}}".encode(), self.origin(name).encode())
        return data

    def substitute_text(self, text: str) -> str:
        return self.substitute(text.encode("utf-8")).decode("utf-8")

    def start(self) -> SiteHost:
        for site in self._sites.values():
            thread = threading.Thread(
                target=site.serve_forever, name=f"site-{site.name}", daemon=True
            )
            thread.start()
            self._threads.append(thread)
        return self

    def stop(self) -> None:
        for site in self._sites.values():
            site.shutdown()
            site.server_close()

    def __enter__(self) -> SiteHost:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def site_folders(root: Path, names: Iterable[str] | None = None) -> dict[str, Path]:
    """Every sub-folder of ``root`` as a site (or only ``names``)."""
    wanted = set(names) if names is not None else None
    return {
        p.name: p
        for p in sorted(root.iterdir())
        if p.is_dir() and (wanted is None or p.name in wanted)
    }
