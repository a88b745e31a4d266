"""Bring the demonyms added to the shipped gazetteer after it was seeded ("Slovakian", "Kosovan", "Nepali", "Argentinian", "Salvadorean", "Somalian": the other spelling of each, found on long web pages) into archives seeded before."""

from django.db import migrations


def add_demonyms(apps, schema_editor):
    from articles.entities.tables import add_shipped_country_demonyms
    from articles.tagging import load_gazetteer

    add_shipped_country_demonyms(gazetteer=load_gazetteer(), country_model=apps.get_model("articles", "Country"))


class Migration(migrations.Migration):
    dependencies = [("articles", "0028_shipped_leaders_heads_of_office")]
    # Not reversed: the demonyms stay, as demonyms an admin added would.
    operations = [migrations.RunPython(add_demonyms, migrations.RunPython.noop)]
