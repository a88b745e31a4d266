"""The PostgreSQL engine keeps whole-archive facet counts beside its documents.

The table articles_searchfacet holds, per facet value, how many documents have it; the refresh
function that writes the documents applies each change's difference to it in the same statement
(articles/search/postgres_sql.py). A page whose matches are the whole archive, or the archive less a
few documents, reads its total and facets there. Filled here where the database keeps the documents
(SEARCH_URL selects the engine); elsewhere it stays empty, as the documents do. A no-op on SQLite.
"""

from django.db import migrations

from articles.search import postgres_sql


def add_facet_counts(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for statement in postgres_sql.ADD_FACET_COUNTS:
            cursor.execute(statement)
        if postgres_sql.is_keeping_documents(cursor):
            postgres_sql.rebuild_facet_counts(cursor)


def drop_facet_counts(apps, schema_editor):
    """Back to 0012: the refresh function and the truncate trigger as 0009 made them, without the table."""
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(postgres_sql.REFRESH_FUNCTION_WITH_STORIES)
        cursor.execute(
            f"""CREATE OR REPLACE FUNCTION articles_article_truncated_clear() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                TRUNCATE {postgres_sql.DOCUMENT_TABLE};
                RETURN NULL;
            END $$"""
        )
        cursor.execute(f"DROP TABLE IF EXISTS {postgres_sql.FACET_TABLE}")


class Migration(migrations.Migration):
    dependencies = [("articles", "0012_topic_media_and_wire_phrases")]

    operations = [migrations.RunPython(add_facet_counts, drop_facet_counts)]
