"""The PostgreSQL engine's documents gain their tags as integer codes, which pages count their facets from.

Adds articles_searchdocument.tag_codes (postgres_sql.TAG_CODE_KINDS says how a tag is coded), the
view and refresh function that write it, an index of the stories' later copies (for "NOT story_copy:later"
beside NOT words), and recomputes every document where the database keeps
them (SEARCH_URL selects the engine); elsewhere the documents stay empty. A no-op on SQLite.
"""

from django.db import migrations

from articles.search import postgres_sql


def add_tag_codes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for statement in postgres_sql.ADD_TAG_CODES:
            cursor.execute(statement)
        if postgres_sql.is_keeping_documents(cursor):
            postgres_sql.rebuild_documents(cursor)


def drop_tag_codes(apps, schema_editor):
    """Back to 0014: the view and the refresh function without the codes, no codes column, no later-copies index."""
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(postgres_sql.REFRESH_FUNCTION_WITH_FACETS)
        cursor.execute("DROP VIEW articles_searchdocument_expected")
        cursor.execute(postgres_sql.EXPECTED_VIEW_WITH_STORIES)
        cursor.execute(f"ALTER TABLE {postgres_sql.DOCUMENT_TABLE} DROP COLUMN IF EXISTS tag_codes")
        cursor.execute(f"DROP INDEX IF EXISTS {postgres_sql.LATER_COPIES_INDEX}")


class Migration(migrations.Migration):
    dependencies = [("articles", "0014_topic_phrases_third_tuning")]

    operations = [migrations.RunPython(add_tag_codes, drop_tag_codes)]
