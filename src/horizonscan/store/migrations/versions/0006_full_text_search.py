"""full-text search over articles (SQLite FTS5, trigram tokenizer for CJK)

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


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return  # other databases search with their own facilities
    op.execute(
        "CREATE VIRTUAL TABLE article_search USING fts5(title, text, content='articles', "
        "content_rowid='id', tokenize='trigram')"
    )
    for sql in TRIGGERS.values():
        op.execute(sql)
    op.execute("INSERT INTO article_search(article_search) VALUES ('rebuild')")


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for name in TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute("DROP TABLE IF EXISTS article_search")
