"""The board on which a distributed run is followed: which of its tasks are done, which died.

A run (one ``crawl --distributed`` or ``process --distributed``) is a *job*: one Redis hash
of finished tasks (task key → its result) and one of dead ones (task key → the error). A
task re-run after a worker was killed writes the same key again, so a task is counted once
however often it ran. Details of every dead-lettered message are kept under ``DEAD`` by the
broker's message id, for ``sources health``.
"""

from __future__ import annotations

import json
import time
import uuid
from typing import Any

from redis import Redis
from redis.exceptions import RedisError

from horizonscan.errors import BrokerError

JOB = "horizonscan:job:"
DEAD = "horizonscan:dead-letters"
KEEP = 7 * 86400  # seconds a job's board and dead-letter details are kept


class JobBoard:
    def __init__(self, client: Redis, url: str = "") -> None:
        self.client = client
        self.url = url

    def _call(self, what: str, fn: Any, *args: Any) -> Any:
        try:
            return fn(*args)
        except RedisError as exc:
            raise BrokerError(f"{what}: Redis at {self.url or 'broker'}: {exc}") from exc

    def open(self, kind: str, total: int) -> str:
        job = f"{kind}-{time.strftime('%Y%m%dT%H%M%S')}-{uuid.uuid4().hex[:8]}"
        key = JOB + job
        pipe = self.client.pipeline()
        pipe.hset(key, mapping={"kind": kind, "total": total, "opened": time.time()})
        pipe.expire(key, KEEP)
        self._call(f"opening job {job}", pipe.execute)
        return job

    def done(self, job: str, key: str, result: dict[str, Any]) -> None:
        self._put(job, "done", key, result)

    def dead(self, job: str, key: str, record: dict[str, Any]) -> None:
        self._put(job, "dead", key, record)

    def _put(self, job: str, part: str, key: str, value: dict[str, Any]) -> None:
        name = f"{JOB}{job}:{part}"
        pipe = self.client.pipeline()
        pipe.hset(name, key, json.dumps(value, ensure_ascii=False, default=str))
        pipe.expire(name, KEEP)
        self._call(f"recording task {key} of job {job}", pipe.execute)

    def counts(self, job: str) -> tuple[int, int, int]:
        """(done, dead, total) of ``job``; a task both retried to success and dead counts done."""
        pipe = self.client.pipeline()
        pipe.hlen(f"{JOB}{job}:done")
        pipe.hkeys(f"{JOB}{job}:dead")
        pipe.hkeys(f"{JOB}{job}:done")
        pipe.hget(JOB + job, "total")
        done, dead_keys, done_keys, total = self._call(f"reading job {job}", pipe.execute)
        dead = len(set(dead_keys) - set(done_keys))
        return int(done), dead, int(total or 0)

    def results(self, job: str) -> dict[str, dict[str, Any]]:
        return self._read(job, "done")

    def failures(self, job: str) -> dict[str, dict[str, Any]]:
        done = self._read(job, "done")
        return {k: v for k, v in self._read(job, "dead").items() if k not in done}

    def _read(self, job: str, part: str) -> dict[str, dict[str, Any]]:
        raw = self._call(f"reading job {job}", self.client.hgetall, f"{JOB}{job}:{part}")
        return {_text(k): json.loads(v) for k, v in raw.items()}

    def record_dead_letter(self, message_id: str, record: dict[str, Any]) -> None:
        pipe = self.client.pipeline()
        pipe.hset(DEAD, message_id, json.dumps(record, ensure_ascii=False, default=str))
        pipe.expire(DEAD, KEEP)
        self._call(f"recording dead letter {message_id}", pipe.execute)

    def dead_letter_details(self) -> dict[str, dict[str, Any]]:
        raw = self._call("reading dead letters", self.client.hgetall, DEAD)
        return {_text(k): json.loads(v) for k, v in raw.items()}


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value
