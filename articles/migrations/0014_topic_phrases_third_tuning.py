"""Bring the topic phrases added to the shipped gazetteer (singular forms, energy saving, nuclear units, quakes, mines, doping, football clubs, cards, food aid, share issues, dividend tables, barrels, campaigns) into archives seeded before."""

from django.db import migrations


def add_phrases(apps, schema_editor):
    from articles.entities.tables import add_shipped_topic_phrases
    from articles.tagging import load_gazetteer

    add_shipped_topic_phrases(gazetteer=load_gazetteer(), topic_model=apps.get_model("articles", "Topic"))


class Migration(migrations.Migration):
    dependencies = [("articles", "0013_postgres_search_facet_counts")]
    # Not reversed: the phrases stay, as phrases an admin added would.
    operations = [migrations.RunPython(add_phrases, migrations.RunPython.noop)]
