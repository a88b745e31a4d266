"""Bring the topic phrases added to the shipped gazetteer in the fourth topic tuning (computer viruses and hackers, court wording, television shows, weapons and armed services, the hunting ban, relief funds, tie-ups, economic activity, export and import duties, and each topic word in its other number) into archives seeded before."""

from django.db import migrations


def add_phrases(apps, schema_editor):
    from articles.entities.tables import add_shipped_topic_phrases
    from articles.tagging import load_gazetteer

    add_shipped_topic_phrases(gazetteer=load_gazetteer(), topic_model=apps.get_model("articles", "Topic"))


class Migration(migrations.Migration):
    dependencies = [("articles", "0016_postgres_search_column_order")]
    # Not reversed: the phrases stay, as phrases an admin added would.
    operations = [migrations.RunPython(add_phrases, migrations.RunPython.noop)]
