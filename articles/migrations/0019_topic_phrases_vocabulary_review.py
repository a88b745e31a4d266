"""Bring the topic phrases added to the shipped gazetteer in the vocabulary review of all 86 topics (each subject's core nouns, institutions, everyday synonyms and inflections, as 1987 wire copy and 2004-05 BBC news word them) into archives seeded before."""

from django.db import migrations


def add_phrases(apps, schema_editor):
    from articles.entities.tables import add_shipped_topic_phrases
    from articles.tagging import load_gazetteer

    add_shipped_topic_phrases(gazetteer=load_gazetteer(), topic_model=apps.get_model("articles", "Topic"))


class Migration(migrations.Migration):
    dependencies = [("articles", "0018_postgres_search_facet_sets")]
    # Not reversed: the phrases stay, as phrases an admin added would.
    operations = [migrations.RunPython(add_phrases, migrations.RunPython.noop)]
