"""The review desk: a browser app over the store to triage, edit, and publish editions."""

from horizonscan.web.app import create_app

__all__ = ["create_app"]
