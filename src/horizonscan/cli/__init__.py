"""The ``horizonscan`` command: thin commands that call pipeline, store and report."""

from horizonscan.cli import collect, report, understand
from horizonscan.cli.app import app

__all__ = ["app", "collect", "main", "report", "understand"]


def main() -> None:
    app()
