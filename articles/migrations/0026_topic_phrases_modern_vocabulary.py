"""Bring the topic phrases added to the shipped gazetteer at the fourteenth topic attempt (the words of 2010-2025 news: products, companies, diseases, institutions and wording such as "electric vehicles", "SpaceX", "zero-day", "ChatGPT", "bubonic plague", "fentanyl", "Brexiteers", "net-zero"; 1,839 phrases over 86 topics) into archives seeded before."""

from django.db import migrations


def add_phrases(apps, schema_editor):
    from articles.entities.tables import add_shipped_topic_phrases
    from articles.tagging import load_gazetteer

    add_shipped_topic_phrases(gazetteer=load_gazetteer(), topic_model=apps.get_model("articles", "Topic"))


class Migration(migrations.Migration):
    dependencies = [("articles", "0025_country_aliases_wire_abbreviations")]
    # Not reversed: the phrases stay, as phrases an admin added would.
    operations = [migrations.RunPython(add_phrases, migrations.RunPython.noop)]
