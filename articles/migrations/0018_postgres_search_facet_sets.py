"""The PostgreSQL engine's documents point at facet sets: their source and tags as one integer pages group by.

Adds articles_searchfacetset (postgres_sql.FACET_SET_TABLE says why), the documents' facet_set column
and the refresh function that writes both, then recomputes every document where the database keeps
them (SEARCH_URL selects the engine); elsewhere the documents are empty and the column is made NOT
NULL at once. A no-op on SQLite.
"""

from django.db import migrations

from articles.search import postgres_sql


def add_facet_sets(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for statement in postgres_sql.ADD_FACET_SETS:
            cursor.execute(statement)
        if postgres_sql.is_keeping_documents(cursor):
            postgres_sql.rebuild_documents(cursor)
        else:
            cursor.execute(f"ALTER TABLE {postgres_sql.DOCUMENT_TABLE} ALTER COLUMN facet_set SET NOT NULL")


def drop_facet_sets(apps, schema_editor):
    """Back to 0017: the refresh function without facet sets, no facet_set column, no facet set table."""
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(postgres_sql.REFRESH_FUNCTION_WITH_TAG_CODES)
        cursor.execute(f"ALTER TABLE {postgres_sql.DOCUMENT_TABLE} DROP COLUMN IF EXISTS facet_set")
        cursor.execute(f"DROP TABLE IF EXISTS {postgres_sql.FACET_SET_TABLE}")


class Migration(migrations.Migration):
    dependencies = [("articles", "0017_topic_phrases_fourth_tuning")]

    operations = [migrations.RunPython(add_facet_sets, drop_facet_sets)]
