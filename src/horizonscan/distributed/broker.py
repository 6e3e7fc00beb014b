"""Dramatiq on Redis: the broker, its two queues and the two task kinds.

``crawl`` holds one task per source (``crawl_source``), ``process`` one per batch of
documents (``process_batch``). Messages are acknowledged only after the task finished
(Dramatiq's Redis broker keeps a worker's unacknowledged messages in its own set and gives
them back to the queue once its heartbeat has been silent for ``heartbeat_timeout``).
A failing task is retried ``task_retries`` times with a doubling back-off, then moved to
the queue's dead-letter set; ``DeadLetters`` records why, for ``sources health``.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any, Protocol

import dramatiq
from dramatiq.brokers.redis import RedisBroker
from dramatiq.middleware import Middleware, Retries, ShutdownNotifications, TimeLimit
from redis import Redis
from redis.exceptions import RedisError

from horizonscan.config import Settings
from horizonscan.distributed.jobs import JobBoard
from horizonscan.errors import BrokerError, ConfigError

NAMESPACE = "horizonscan"
CRAWL_QUEUE = "crawl"
PROCESS_QUEUE = "process"
QUEUES = (CRAWL_QUEUE, PROCESS_QUEUE)
# Share of broker calls (per million) that also look for workers whose heartbeat stopped and
# hand their unfinished messages back; the look is two cheap Redis reads when none died.
MAINTENANCE_CHANCE = 100_000


class TaskRunner(Protocol):
    """What a worker does with each kind of task; returns the result kept on the job board."""

    def crawl_source(self, task: dict[str, Any]) -> dict[str, Any]: ...

    def process_batch(self, task: dict[str, Any]) -> dict[str, Any]: ...


class DeadLetters(Middleware):
    """Records a task that ran out of retries: on its job's board and with its error."""

    def __init__(self, board: JobBoard) -> None:
        self.board = board

    def after_process_message(
        self,
        broker: dramatiq.Broker,
        message: dramatiq.broker.MessageProxy,
        *,
        result: Any | None = None,
        exception: BaseException | None = None,
    ) -> None:
        if exception is None or not message.failed:
            return
        task = dict(message.kwargs)
        record = {
            "queue": message.queue_name.removesuffix(".DQ"),
            "actor": message.actor_name,
            "job": task.get("job"),
            "key": task.get("key"),
            "source": task.get("source"),
            "target": task.get("target"),
            "error": f"{type(exception).__name__}: {exception}",
            "retries": message.options.get("retries", 0),
            "at": time.time(),
        }
        self.board.record_dead_letter(str(message.options.get("redis_message_id")), record)
        if task.get("job") and task.get("key"):
            self.board.dead(str(task["job"]), str(task["key"]), record)


@dataclass
class Tasks:
    """The broker with its actors; ``crawl`` and ``process`` send tasks."""

    broker: RedisBroker
    board: JobBoard
    crawl: dramatiq.Actor[..., None]
    process: dramatiq.Actor[..., None]
    url: str

    def close(self) -> None:
        self.broker.close()


def broker_url(settings: Settings) -> str:
    if not settings.broker_url:
        raise ConfigError(
            "no broker configured: set broker_url (HORIZONSCAN_BROKER_URL, e.g. "
            "redis://127.0.0.1:6379/0) for workers and --distributed",
            where="settings",
        )
    return settings.broker_url


def connect(settings: Settings, runner: TaskRunner | None = None) -> Tasks:
    """The broker of ``settings.broker_url`` with both task kinds declared; ``runner`` is
    the worker's side (absent where tasks are only sent)."""
    url = broker_url(settings)
    client = Redis.from_url(url)
    try:
        client.ping()
    except RedisError as exc:
        raise BrokerError(f"cannot reach the broker at {url}: {exc}") from exc
    board = JobBoard(client, url)
    broker = RedisBroker(  # type: ignore[no-untyped-call]
        client=client,
        namespace=NAMESPACE,
        heartbeat_timeout=int(settings.heartbeat_timeout * 1000),
        maintenance_chance=MAINTENANCE_CHANCE,
        middleware=[
            # "after" hooks run last to first: DeadLetters sees what Retries decided
            DeadLetters(board),
            TimeLimit(time_limit=int(settings.task_time_limit * 1000)),
            ShutdownNotifications(),
            Retries(
                max_retries=settings.task_retries,
                min_backoff=max(int(settings.task_backoff * 1000), 1),
                max_backoff=max(int(settings.task_backoff * 1000), 1) * 64,
            ),
        ],
    )

    def crawl_source(**task: Any) -> None:
        _run(runner, board, "crawl_source", task)

    def process_batch(**task: Any) -> None:
        _run(runner, board, "process_batch", task)

    crawl: dramatiq.Actor[..., None] = dramatiq.Actor(
        crawl_source, broker=broker, actor_name="crawl_source", queue_name=CRAWL_QUEUE,
        priority=0, options={},
    )  # fmt: skip
    process: dramatiq.Actor[..., None] = dramatiq.Actor(
        process_batch, broker=broker, actor_name="process_batch", queue_name=PROCESS_QUEUE,
        priority=0, options={},
    )  # fmt: skip
    return Tasks(broker, board, crawl, process, url)


def _run(runner: TaskRunner | None, board: JobBoard, kind: str, task: dict[str, Any]) -> None:
    if runner is None:
        raise BrokerError(f"{kind} for {task.get('source')}: this process only sends tasks")
    result = getattr(runner, kind)(task)
    board.done(str(task["job"]), str(task["key"]), result)
