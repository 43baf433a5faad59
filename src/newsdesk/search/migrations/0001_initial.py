"""The search index: an FTS5 table on SQLite, a tsvector table with a GIN index on
PostgreSQL (see the backends). Fill it with ``newsdesk reindex`` after upgrading a
site that already has posts; new changes keep it in step by themselves."""

from django.db import migrations

CREATE = {
    "sqlite": [
        "CREATE VIRTUAL TABLE IF NOT EXISTS search_entry USING fts5("
        "title, tags, excerpt, body, tokenize = 'porter unicode61 remove_diacritics 2')",
    ],
    "postgresql": [
        "CREATE TABLE IF NOT EXISTS search_entry ("
        " post_id bigint PRIMARY KEY,"
        " config regconfig NOT NULL,"
        " title text NOT NULL, tags text NOT NULL, excerpt text NOT NULL, body text NOT NULL,"
        " document tsvector NOT NULL)",
        "CREATE INDEX IF NOT EXISTS search_entry_document ON search_entry USING GIN (document)",
    ],
}
DROP = {
    "sqlite": ["DROP TABLE IF EXISTS search_entry"],
    "postgresql": ["DROP TABLE IF EXISTS search_entry"],
}


def create(apps, schema_editor):
    for statement in CREATE.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement)


def drop(apps, schema_editor):
    for statement in DROP.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    initial = True

    dependencies = [("content", "0004_mirrors_translations")]

    operations = [migrations.RunPython(create, drop)]
