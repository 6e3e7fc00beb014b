"""editor overrides

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "overrides",
        sa.Column("story", sa.String(length=32), nullable=False),
        sa.Column("topic", sa.String(length=64), nullable=False),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("summary", sa.JSON(), nullable=True),
        sa.Column("region", sa.String(length=200), nullable=True),
        sa.Column("excluded", sa.Boolean(), nullable=False),
        sa.Column("pickup", sa.Boolean(), nullable=False),
        sa.Column("author", sa.String(length=100), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("story", "topic"),
    )


def downgrade() -> None:

    op.drop_table("overrides")
