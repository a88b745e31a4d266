"""Bring the topic phrases added to the shipped gazetteer (sport, media, telecoms, aid, arms talks, stock splits) into archives seeded before."""

from django.db import migrations


def add_phrases(apps, schema_editor):
    from articles.entities.tables import add_shipped_topic_phrases
    from articles.tagging import load_gazetteer

    add_shipped_topic_phrases(gazetteer=load_gazetteer(), topic_model=apps.get_model("articles", "Topic"))


class Migration(migrations.Migration):
    dependencies = [("articles", "0011_postgres_search_only_when_selected")]
    # Not reversed: the phrases stay, as phrases an admin added would.
    operations = [migrations.RunPython(add_phrases, migrations.RunPython.noop)]
