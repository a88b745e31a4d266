"""Article's default order puts undated articles last on every database (models.NEWEST_FIRST), and an
index in that order serves it on PostgreSQL.

PostgreSQL reads "published DESC, id DESC" backwards along the published index, but not "published
DESC NULLS LAST": without this index it joins and sorts all of a large entity's articles for a page
of 20, and sorts the whole archive for each sitemap page (timings in docs/searching.md, "Where
undated articles go"). SQLite sorts NULLs last in a descending order anyway and reads the published
index for both orders; it cannot declare NULLS LAST in an index either, so the index is PostgreSQL's only.
"""

from django.db import migrations, models

INDEX = "articles_article_newest_first"


def add_newest_first_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {INDEX} ON articles_article (published DESC NULLS LAST, id DESC)")


def drop_newest_first_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("articles", "0022_topic_phrases_twelfth_attempt")]

    operations = [
        migrations.AlterModelOptions(
            name="article",
            options={"ordering": (models.OrderBy(models.F("published"), descending=True, nulls_last=True), "-id")},
        ),
        migrations.RunPython(add_newest_first_index, drop_newest_first_index),
    ]
