"""standards snapshots

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "standard_snapshots",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("committee", sa.String(length=64), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("source_kind", sa.String(length=32), nullable=False),
        sa.Column("content_sha256", sa.String(length=64), nullable=True),
        sa.Column("etag", sa.Text(), nullable=True),
        sa.Column("last_modified", sa.String(length=64), nullable=True),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.Column("skipped", sa.Integer(), nullable=False),
        sa.Column("reported", sa.JSON(), nullable=True),
        sa.Column("ingested_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("committee", "as_of"),
    )
    with op.batch_alter_table("standard_snapshots", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_standard_snapshots_committee"), ["committee"], unique=False
        )

    op.create_table(
        "standard_deliverables",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("snapshot_id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.Text(), nullable=False),
        sa.Column("doc_key", sa.String(length=120), nullable=False),
        sa.Column("deliverable_type", sa.String(length=16), nullable=False),
        sa.Column("supplement_type", sa.String(length=16), nullable=True),
        sa.Column("title_en", sa.Text(), nullable=True),
        sa.Column("publication_date", sa.Date(), nullable=True),
        sa.Column("edition", sa.Integer(), nullable=True),
        sa.Column("committee", sa.String(length=64), nullable=False),
        sa.Column("stage", sa.Integer(), nullable=False),
        sa.Column("replaces", sa.JSON(), nullable=True),
        sa.Column("replaced_by", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(["snapshot_id"], ["standard_snapshots.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("snapshot_id", "source_id"),
    )
    with op.batch_alter_table("standard_deliverables", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_standard_deliverables_snapshot_id"), ["snapshot_id"], unique=False
        )


def downgrade() -> None:

    with op.batch_alter_table("standard_deliverables", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_standard_deliverables_snapshot_id"))

    op.drop_table("standard_deliverables")
    with op.batch_alter_table("standard_snapshots", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_standard_snapshots_committee"))

    op.drop_table("standard_snapshots")
