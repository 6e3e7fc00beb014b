"""The ``horizonscan`` command: thin commands that call pipeline, store and report."""

from horizonscan.cli import collect, db, report, search, standards, summarize, understand
from horizonscan.cli.app import app

__all__ = [
    "app",
    "collect",
    "db",
    "main",
    "report",
    "search",
    "standards",
    "summarize",
    "understand",
]


def main() -> None:
    app()
