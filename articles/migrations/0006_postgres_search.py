"""The PostgreSQL search engine's tables, text search configurations and triggers (PostgreSQL only).

A no-op on SQLite and other databases: the engine needs PostgreSQL. Migration 0009 then keeps the
triggers and fills the documents only where SEARCH_URL selects the PostgreSQL engine.
"""

from django.db import migrations

from articles.search import postgres_sql


def create_search_schema(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for statement in postgres_sql.CREATE:
            cursor.execute(statement)
        # The documents are filled (or the triggers dropped) by 0009, whose schema the rebuild writes.


def drop_search_schema(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for statement in postgres_sql.DROP:
            cursor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("articles", "0005_country_life_span")]

    operations = [migrations.RunPython(create_search_schema, drop_search_schema)]
