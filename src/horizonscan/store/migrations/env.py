"""Alembic environment: runs on the connection handed over by ``store.engine.migrate``."""

from __future__ import annotations

from alembic import context

from horizonscan.store.models import Base

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only through the alembic CLI
    raise RuntimeError("run migrations through horizonscan (store.engine.migrate)")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
