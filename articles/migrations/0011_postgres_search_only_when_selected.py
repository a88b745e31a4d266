"""The PostgreSQL engine's documents gain the story columns, and its triggers stay only where it is the engine.

Until now every PostgreSQL database kept the documents, whatever SEARCH_URL said: a site on
PostgreSQL with the Whoosh engine recomputed a document on every article write, for nothing. Here
the triggers are kept (and every document recomputed, with its story) when SEARCH_URL selects the
PostgreSQL engine, and dropped (the documents emptied) otherwise. Switching engines later is
`python manage.py rebuild_index` (docs/search-engines.md). A no-op on SQLite.
"""

from django.db import migrations

from articles.search import postgres_sql
from articles.search.postgres import is_postgres_engine_selected


def keep_documents_only_when_selected(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for statement in postgres_sql.UPGRADE_TO_STORIES:
            cursor.execute(statement)
        if is_postgres_engine_selected():
            postgres_sql.start_keeping_documents(cursor)
        else:
            postgres_sql.stop_keeping_documents(cursor)


def keep_documents_everywhere(apps, schema_editor):
    """Back to 0008: every PostgreSQL database keeps the documents, as 0006 made it."""
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        postgres_sql.start_keeping_documents(cursor)


class Migration(migrations.Migration):
    dependencies = [("articles", "0010_topic_wire_phrases")]

    operations = [migrations.RunPython(keep_documents_only_when_selected, keep_documents_everywhere)]
