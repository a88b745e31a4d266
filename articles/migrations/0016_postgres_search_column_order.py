"""The PostgreSQL engine's documents laid out with the columns pages read from every match first, the vector last.

Recomputes every document where the database keeps them (SEARCH_URL selects the engine): the rebuild
creates the table in postgres_sql.DOCUMENT_COLUMNS_IN_TABLE_ORDER. Elsewhere the table is empty and
takes that order when the site starts keeping documents (rebuild_index). Nothing to undo: the order
changes no answer. A no-op on SQLite.
"""

from django.db import migrations

from articles.search import postgres_sql


def rebuild_in_table_order(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        if postgres_sql.is_keeping_documents(cursor):
            postgres_sql.rebuild_documents(cursor)


class Migration(migrations.Migration):
    dependencies = [("articles", "0015_postgres_search_tag_codes")]

    operations = [migrations.RunPython(rebuild_in_table_order, migrations.RunPython.noop)]
