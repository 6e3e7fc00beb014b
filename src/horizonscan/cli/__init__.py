"""The ``horizonscan`` command: thin commands that call pipeline, store and report."""

from horizonscan.cli import collect, understand
from horizonscan.cli.app import app

__all__ = ["app", "collect", "main", "understand"]


def main() -> None:
    app()
