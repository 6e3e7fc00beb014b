"""The ``horizonscan`` command: thin commands that call pipeline, store and report."""

from horizonscan.cli import collect, report, standards, understand
from horizonscan.cli.app import app

__all__ = ["app", "collect", "main", "report", "standards", "understand"]


def main() -> None:
    app()
