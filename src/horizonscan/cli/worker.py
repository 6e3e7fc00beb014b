"""``horizonscan worker``: a Dramatiq worker for the crawl and process queues; dead letters."""

from __future__ import annotations

import os
import signal
import threading
from types import FrameType
from typing import Annotated

import typer
from rich.table import Table

from horizonscan.cli.app import ConfigOpt, DbOpt, app, err
from horizonscan.cli.app import fail as _fail
from horizonscan.cli.app import settings_from as _settings
from horizonscan.config import Settings
from horizonscan.console import out
from horizonscan.errors import HorizonscanError


@app.command()
def worker(
    db: DbOpt = None,
    config: ConfigOpt = None,
    threads: Annotated[
        int | None, typer.Option("--threads", help="tasks run at once [worker_threads]")
    ] = None,
    queue: Annotated[
        list[str] | None,
        typer.Option("--queue", help="only these queues: crawl, process (default both)"),
    ] = None,
) -> None:
    """Run tasks sent by 'crawl --distributed' and 'process --distributed' until stopped
    (SIGTERM or Ctrl-C finish the tasks in hand first)."""
    import dramatiq

    from horizonscan.distributed.broker import QUEUES, connect
    from horizonscan.distributed.tasks import WorkerRuntime

    settings = _settings(config, db=db, worker_threads=threads)
    unknown = sorted(set(queue or ()) - set(QUEUES))
    if unknown:
        err.print(f"[red]--queue:[/red] unknown {', '.join(unknown)} (known: {', '.join(QUEUES)})")
        raise typer.Exit(2)
    runtime = WorkerRuntime(settings)
    try:
        tasks = connect(settings, runtime)
    except HorizonscanError as exc:
        raise _fail(exc) from exc
    tasks.broker.emit_after("process_boot")
    running = dramatiq.Worker(
        tasks.broker,
        queues=set(queue) if queue else None,
        worker_threads=settings.worker_threads,
        worker_timeout=1000,
    )
    stop = threading.Event()

    def _stop(_signum: int, _frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    running.start()
    typer.echo(
        f"worker {os.getpid()} ready: broker {tasks.url} id {tasks.broker.broker_id}, "
        f"queues {', '.join(sorted(queue or QUEUES))}, {settings.worker_threads} threads",
    )
    while not stop.wait(1.0):
        pass
    typer.echo(f"worker {os.getpid()} stopping: finishing the tasks in hand")
    running.stop()
    runtime.close()
    tasks.close()


def print_dead_letters(settings: Settings) -> int:
    """The dead-letter queue when a broker is configured; returns the number of entries."""
    if not settings.broker_url:
        return 0
    from horizonscan.distributed.deadletters import dead_letters

    letters = dead_letters(settings)
    if not letters:
        out.print("dead-letter queue: empty", highlight=False)
        return 0
    table = Table(title=f"dead-letter queue: {len(letters)} task(s) out of retries")
    for column in ("when", "queue", "source", "URL / batch", "retries", "last error"):
        table.add_column(column, overflow="fold")
    for letter in letters:
        table.add_row(
            letter.at.strftime("%Y-%m-%d %H:%M:%S"),
            letter.queue,
            letter.source,
            letter.target,
            str(letter.retries),
            " ".join(letter.error.split())[:400],
        )
    out.print(table)
    return len(letters)
