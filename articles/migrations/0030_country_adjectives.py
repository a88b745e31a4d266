"""Bring the adjectives English uses for a state, added to the shipped gazetteer after it was seeded, into archives seeded before: "Philippine" (the people are Filipino), "Ecuadorian", "Ecuadoran", "Surinamese", "Icelandic", "Cape Verdean", "Comorian", "Maldivian", "Djiboutian", "Bissau-Guinean", "Tobagonian", "Kittitian" and "Nevisian"."""

from django.db import migrations


def add_demonyms(apps, schema_editor):
    from articles.entities.tables import add_shipped_country_demonyms
    from articles.tagging import load_gazetteer

    add_shipped_country_demonyms(gazetteer=load_gazetteer(), country_model=apps.get_model("articles", "Country"))


class Migration(migrations.Migration):
    dependencies = [("articles", "0029_country_demonym_variants")]
    # Not reversed: the demonyms stay, as demonyms an admin added would.
    operations = [migrations.RunPython(add_demonyms, migrations.RunPython.noop)]
