"""The PostgreSQL search engine's tables, text search configurations and triggers (PostgreSQL only).

A no-op on SQLite and other databases: the engine needs PostgreSQL. Applied on every PostgreSQL
database, whatever SEARCH_URL says, so switching to SEARCH_URL=postgres:// needs no rebuild.
"""

from django.db import migrations

from articles.search import postgres_sql


def create_search_schema(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for statement in postgres_sql.CREATE:
            cursor.execute(statement)
        postgres_sql.rebuild_documents(cursor)
        postgres_sql.rebuild_vocabulary(cursor)


def drop_search_schema(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for statement in postgres_sql.DROP:
            cursor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("articles", "0005_country_life_span")]

    operations = [migrations.RunPython(create_search_schema, drop_search_schema)]
