"""The dead-letter queue as ``sources health`` shows it: tasks that ran out of retries.

Dramatiq keeps each queue's dead messages in ``<namespace>:<queue>.XQ`` (a sorted set by
time, kept for 7 days) with their bodies in ``….XQ.msgs``; ``DeadLetters`` recorded the
error of each. Both are read straight from Redis.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from redis import Redis
from redis.exceptions import RedisError

from horizonscan.config import Settings
from horizonscan.distributed.broker import NAMESPACE, QUEUES, broker_url
from horizonscan.distributed.jobs import JobBoard
from horizonscan.errors import BrokerError


@dataclass(frozen=True)
class DeadLetter:
    queue: str
    message_id: str
    actor: str
    source: str
    target: str
    error: str
    retries: int
    at: datetime


def dead_letters(settings: Settings) -> list[DeadLetter]:
    """Every dead-lettered task of both queues, oldest first."""
    url = broker_url(settings)
    client = Redis.from_url(url)
    try:
        details = JobBoard(client, url).dead_letter_details()
        found: list[DeadLetter] = []
        for queue in QUEUES:
            name = f"{NAMESPACE}:{queue}.XQ"
            entries: list[Any] = list(client.zrange(name, 0, -1, withscores=True))
            for raw_id, score in entries:
                message_id = raw_id.decode() if isinstance(raw_id, bytes) else str(raw_id)
                found.append(_letter(client, queue, name, message_id, float(score), details))
    except RedisError as exc:
        raise BrokerError(f"reading the dead-letter queue at {url}: {exc}") from exc
    finally:
        client.close()
    return sorted(found, key=lambda d: d.at)


def _letter(
    client: Redis,
    queue: str,
    name: str,
    message_id: str,
    score: float,
    details: dict[str, dict[str, object]],
) -> DeadLetter:
    at = datetime.fromtimestamp(score / 1000, UTC)
    record = details.get(message_id)
    if record is None:  # dead-lettered without our record: read what the message says
        body = client.hget(name + ".msgs", message_id)
        message = json.loads(body) if body else {}
        kwargs = message.get("kwargs") or {}
        options = message.get("options") or {}
        traceback = str(options.get("traceback") or "").strip().splitlines()
        record = {
            "actor": message.get("actor_name", "?"),
            "source": kwargs.get("source"),
            "target": kwargs.get("target"),
            "error": traceback[-1] if traceback else "no error recorded",
            "retries": options.get("retries", 0),
        }
    return DeadLetter(
        queue=queue,
        message_id=message_id,
        actor=str(record.get("actor")),
        source=str(record.get("source") or ""),
        target=str(record.get("target") or ""),
        error=str(record.get("error") or ""),
        retries=int(str(record.get("retries") or 0)),
        at=at,
    )
