"""full-text search over articles (SQLite FTS5 with the trigram tokenizer; on PostgreSQL
pg_trgm GIN indexes on title and text). Both index character trigrams, so Japanese, Chinese
and Korean need no word segmentation.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30
"""

from __future__ import annotations

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

TRIGGERS = {
    "articles_search_insert": """
        CREATE TRIGGER articles_search_insert AFTER INSERT ON articles BEGIN
          INSERT INTO article_search(rowid, title, text) VALUES (new.id, new.title,
                                                                 new.text);
        END""",
    "articles_search_delete": """
        CREATE TRIGGER articles_search_delete AFTER DELETE ON articles BEGIN
          INSERT INTO article_search(article_search, rowid, title, text)
            VALUES ('delete', old.id, old.title, old.text);
        END""",
    "articles_search_update": """
        CREATE TRIGGER articles_search_update AFTER UPDATE OF title, text ON articles BEGIN
          INSERT INTO article_search(article_search, rowid, title, text)
            VALUES ('delete', old.id, old.title, old.text);
          INSERT INTO article_search(rowid, title, text) VALUES (new.id, new.title,
                                                                 new.text);
        END""",
}


TRIGRAM_INDEXES = {"ix_articles_title_trgm": "title", "ix_articles_text_trgm": "text"}


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for name, column in TRIGRAM_INDEXES.items():
            op.execute(
                f"CREATE INDEX IF NOT EXISTS {name} ON articles USING gin ({column} gin_trgm_ops)"
            )
        return
    if dialect != "sqlite":
        return
    op.execute(
        "CREATE VIRTUAL TABLE article_search USING fts5(title, text, content='articles', "
        "content_rowid='id', tokenize='trigram')"
    )
    for sql in TRIGGERS.values():
        op.execute(sql)
    op.execute("INSERT INTO article_search(article_search) VALUES ('rebuild')")


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        for name in TRIGRAM_INDEXES:
            op.execute(f"DROP INDEX IF EXISTS {name}")
        return  # the extension stays: other schemas of the database may use it
    if dialect != "sqlite":
        return
    for name in TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute("DROP TABLE IF EXISTS article_search")
