"""A real HTTP server on 127.0.0.1 that misbehaves on purpose, one fault per path.

/ok.html                 a small, well-formed page
/status/<code>           always answers <code>
/flaky/<n>/<key>         503 for the first <n> requests of <key>, then 200
/retry-after/<s>/<key>   429 with Retry-After: <s> on the first request of <key>, then 200
/stall                   sends headers and half a body, then goes silent
/drip                    one byte every 0.3 s, forever (no read timeout fires)
/truncated               promises 5,000 bytes, sends 100 and closes
/loop-a, /loop-b         a redirect loop
/chain/<n>               <n> redirects in a row, then a page
/to-metadata             redirect to the cloud metadata address
/to-elsewhere            redirect to a host that is not configured
/big                     50 MB without Content-Length (streamed)
/big-declared            announces 50 MB in Content-Length
/gzip-bomb               a few hundred KB of gzip that inflate to 200 MB
/junk                    binary noise served as text/html
/lying-charset           UTF-8 Japanese declared as ISO-8859-1
/image.png               an image
/feed.xml                an RSS feed linking every fault above as an article
"""

from __future__ import annotations

import contextlib
import gzip
import os
import socket
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

OK_PAGE = (
    b"<!doctype html><html><head><meta charset='utf-8'><title>OK page</title></head>"
    b"<body><h1>OK page</h1><p>Rare earth elements are used in permanent magnets.</p></body></html>"
)
_BOMB: bytes | None = None
FEED_PATHS = (
    "/ok.html",
    "/status/404",
    "/status/410",
    "/status/500",
    "/flaky/1/feed",
    "/retry-after/1/feed",
    "/stall",
    "/truncated",
    "/loop-a",
    "/to-metadata",
    "/big",
    "/gzip-bomb",
    "/junk",
    "/lying-charset",
    "/image.png",
)


def gzip_bomb() -> bytes:
    global _BOMB
    if _BOMB is None:
        _BOMB = gzip.compress(b"\0" * (200 * 1024 * 1024), compresslevel=9)
    return _BOMB


class FaultServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.hits: Counter[str] = Counter()
        self.lock = threading.Lock()
        self.stop_event = threading.Event()

    def handle_error(self, request: object, client_address: object) -> None:
        return  # clients hanging up on purpose (size caps, timeouts) are expected here

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def __enter__(self) -> FaultServer:
        threading.Thread(target=self.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop_event.set()
        self.shutdown()
        self.server_close()


class _Handler(BaseHTTPRequestHandler):
    server: FaultServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        return

    def _count(self, key: str) -> int:
        with self.server.lock:
            self.server.hits[key] += 1
            return self.server.hits[key]

    def _reply(
        self, status: int, body: bytes, ctype: str = "text/html; charset=utf-8", **headers: str
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for key, value in headers.items():
            self.send_header(key.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)

    def _redirect(self, location: str) -> None:
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self) -> None:
        path = self.path.split("?")[0]
        parts = path.strip("/").split("/")
        self._count(path)
        if path == "/robots.txt":
            self._reply(404, b"no robots", "text/plain")
        elif path == "/feed.xml":
            items = "".join(
                f"<item><title>{p}</title><link>{self.server.origin}{p}</link></item>"
                for p in FEED_PATHS
            )
            body = f"<?xml version='1.0'?><rss version='2.0'><channel><title>f</title>{items}</channel></rss>"
            self._reply(200, body.encode(), "application/rss+xml")
        elif path == "/ok.html":
            self._reply(200, OK_PAGE)
        elif parts[0] == "status":
            self._reply(int(parts[1]), b"status page")
        elif parts[0] == "flaky":
            n = self._count("flaky:" + parts[2])
            if n <= int(parts[1]):
                self._reply(503, b"try later")
            else:
                self._reply(200, OK_PAGE)
        elif parts[0] == "retry-after":
            n = self._count("retry:" + parts[2])
            if n == 1:
                self._reply(429, b"slow down", Retry_After=parts[1])
            else:
                self._reply(200, OK_PAGE)
        elif path == "/stall":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(OK_PAGE)))
            self.end_headers()
            self.wfile.write(OK_PAGE[:50])
            self.wfile.flush()
            self.server.stop_event.wait(10)
        elif path == "/drip":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            while not self.server.stop_event.wait(0.3):
                try:
                    self.wfile.write(b"x")
                    self.wfile.flush()
                except OSError:
                    return
        elif path == "/truncated":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", "5000")
            self.end_headers()
            self.wfile.write(OK_PAGE[:100])
            self.wfile.flush()
            self.connection.shutdown(socket.SHUT_RDWR)
            self.close_connection = True
        elif path == "/loop-a":
            self._redirect("/loop-b")
        elif path == "/loop-b":
            self._redirect("/loop-a")
        elif parts[0] == "chain":
            n = int(parts[1])
            self._redirect(f"/chain/{n - 1}") if n > 0 else self._reply(200, OK_PAGE)
        elif path == "/to-metadata":
            self._redirect("http://169.254.169.254/latest/meta-data/")
        elif path == "/to-elsewhere":
            self._redirect("http://elsewhere.invalid/page.html")
        elif path == "/big":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Connection", "close")
            self.end_headers()
            chunk = b"<p>" + b"a" * 65530 + b"</p>"
            try:
                for _ in range(50 * 16):
                    self.wfile.write(chunk)
            except OSError:
                pass
            self.close_connection = True
        elif path == "/big-declared":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(50 * 1024 * 1024))
            self.end_headers()
            with contextlib.suppress(OSError):
                self.wfile.write(b"<p>" * 1000)
            self.close_connection = True
        elif path == "/gzip-bomb":
            self._reply(200, gzip_bomb(), Content_Encoding="gzip")
        elif path == "/junk":
            self._reply(200, os.urandom(4096))
        elif path == "/lying-charset":
            body = "<html><head><title>レアアース</title></head><body><p>重要鉱物のサプライチェーン</p></body></html>"
            self._reply(200, body.encode("utf-8"), "text/html; charset=iso-8859-1")
        elif path == "/image.png":
            self._reply(200, b"\x89PNG\r\n\x1a\n" + b"\0" * 100, "image/png")
        else:
            self._reply(404, b"not found")


def closed_port() -> int:
    """A loopback port with nothing listening."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until(predicate: object, timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if callable(predicate) and predicate():
            return True
        time.sleep(0.05)
    return False
