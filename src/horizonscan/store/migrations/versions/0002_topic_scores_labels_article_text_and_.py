"""topic scores, labels, article text and story

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "labels",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("topic", sa.String(length=64), nullable=False),
        sa.Column("relevant", sa.Boolean(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("author", sa.String(length=100), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("labels", schema=None) as batch_op:
        batch_op.create_index("ix_labels_article_topic", ["article_id", "topic"], unique=False)

    op.create_table(
        "topic_scores",
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("topic", sa.String(length=64), nullable=False),
        sa.Column("rule_score", sa.Float(), nullable=False),
        sa.Column("probability", sa.Float(), nullable=False),
        sa.Column("model_probability", sa.Float(), nullable=True),
        sa.Column("relevant", sa.Boolean(), nullable=False),
        sa.Column("explanation", sa.JSON(), nullable=False),
        sa.Column("profile_digest", sa.String(length=64), nullable=False),
        sa.Column("scored_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
        ),
        sa.PrimaryKeyConstraint("article_id", "topic"),
    )
    with op.batch_alter_table("topic_scores", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_topic_scores_topic"), ["topic"], unique=False)

    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.add_column(sa.Column("text", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("story", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("charset", sa.String(length=32), nullable=True))
        batch_op.create_index(batch_op.f("ix_articles_story"), ["story"], unique=False)


def downgrade() -> None:

    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_articles_story"))
        batch_op.drop_column("charset")
        batch_op.drop_column("story")
        batch_op.drop_column("text")

    with op.batch_alter_table("topic_scores", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_topic_scores_topic"))

    op.drop_table("topic_scores")
    with op.batch_alter_table("labels", schema=None) as batch_op:
        batch_op.drop_index("ix_labels_article_topic")

    op.drop_table("labels")
