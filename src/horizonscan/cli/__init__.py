"""The ``horizonscan`` command: thin commands that call pipeline, store and report."""

from horizonscan.cli import (
    collect,
    db,
    desk,
    report,
    search,
    standards,
    summarize,
    understand,
    worker,
)
from horizonscan.cli.app import app

__all__ = [
    "app",
    "collect",
    "db",
    "desk",
    "main",
    "report",
    "search",
    "standards",
    "summarize",
    "understand",
    "worker",
]


def main() -> None:
    app()
