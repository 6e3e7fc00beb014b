"""The store: the only package that imports SQLAlchemy. Query functions return records."""

from horizonscan.store.engine import make_engine, migrate, open_store

__all__ = ["make_engine", "migrate", "open_store"]
