"""A real chat-completions endpoint on 127.0.0.1 with scripted answers.

``POST /v1/chat/completions`` takes the next behaviour from a queue (``server.then(...)``),
or, when the queue is empty, the answer set for the requested JSON Schema's name
(``server.by_schema``), else the default one:

Reply(content, delay=…)     200 with a chat completion whose message content is ``content``
                            (a dict is sent as its JSON text), after ``delay`` seconds
Fail(status, retry_after)   an error answer, with ``Retry-After`` when given

Every request is recorded (``server.requests``: body, headers, arrival time) and the number
of requests in flight at once is tracked (``server.max_in_flight``).
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass(frozen=True)
class Reply:
    content: str | dict[str, Any] | None
    delay: float = 0.0
    prompt_tokens: int = 1000
    completion_tokens: int = 200
    finish_reason: str = "stop"


@dataclass(frozen=True)
class Fail:
    status: int
    retry_after: str | None = None


Behaviour = Reply | Fail


@dataclass(frozen=True)
class Recorded:
    body: dict[str, Any]
    headers: dict[str, str]
    at: float  # time.monotonic() on arrival

    @property
    def messages(self) -> list[dict[str, Any]]:
        return list(self.body.get("messages", []))


@dataclass
class _State:
    script: deque[Behaviour] = field(default_factory=deque)
    requests: list[Recorded] = field(default_factory=list)
    in_flight: int = 0
    max_in_flight: int = 0


def completion(reply: Reply, model: str) -> dict[str, Any]:
    content = reply.content
    if isinstance(content, dict):
        content = json.dumps(content, ensure_ascii=False)
    return {
        "id": "chatcmpl-test",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content},
                "finish_reason": reply.finish_reason,
                "logprobs": None,
            }
        ],
        "usage": {
            "prompt_tokens": reply.prompt_tokens,
            "completion_tokens": reply.completion_tokens,
            "total_tokens": reply.prompt_tokens + reply.completion_tokens,
        },
    }


class ChatServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, default: Behaviour | None = None) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.default: Behaviour = default or Fail(500)
        self.by_schema: dict[str, Behaviour] = {}  # default answer per requested JSON Schema name
        self.lock = threading.Lock()
        self.state = _State()

    def handle_error(self, request: object, client_address: object) -> None:
        return  # clients that time out hang up on purpose

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/v1"

    def then(self, *behaviours: Behaviour) -> ChatServer:
        with self.lock:
            self.state.script.extend(behaviours)
        return self

    @property
    def requests(self) -> list[Recorded]:
        with self.lock:
            return list(self.state.requests)

    @property
    def max_in_flight(self) -> int:
        return self.state.max_in_flight

    def _next(self, recorded: Recorded) -> Behaviour:
        with self.lock:
            self.state.requests.append(recorded)
            self.state.in_flight += 1
            self.state.max_in_flight = max(self.state.max_in_flight, self.state.in_flight)
            if self.state.script:
                return self.state.script.popleft()
            schema = recorded.body.get("response_format", {}).get("json_schema", {}).get("name")
            return self.by_schema.get(str(schema), self.default)

    def _done(self) -> None:
        with self.lock:
            self.state.in_flight -= 1

    def __enter__(self) -> ChatServer:
        threading.Thread(target=self.serve_forever, args=(0.05,), daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.shutdown()
        self.server_close()


class _Handler(BaseHTTPRequestHandler):
    server: ChatServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        return

    def _send(self, status: int, payload: dict[str, Any], **headers: str) -> None:
        body = json.dumps(payload, ensure_ascii=False).encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            for key, value in headers.items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", "0"))
        raw = self.rfile.read(length)
        if self.path.rstrip("/") != "/v1/chat/completions":
            self._send(404, {"error": {"message": f"no route {self.path}"}})
            return
        body = json.loads(raw or b"{}")
        recorded = Recorded(body, {k.lower(): v for k, v in self.headers.items()}, time.monotonic())
        behaviour = self.server._next(recorded)
        try:
            if isinstance(behaviour, Fail):
                headers = {"Retry-After": behaviour.retry_after} if behaviour.retry_after else {}
                error = {"message": f"scripted {behaviour.status}", "type": "test", "code": None}
                self._send(behaviour.status, {"error": error}, **headers)
                return
            if behaviour.delay:
                time.sleep(behaviour.delay)
            self._send(200, completion(behaviour, str(body.get("model", ""))))
        finally:
            self.server._done()
