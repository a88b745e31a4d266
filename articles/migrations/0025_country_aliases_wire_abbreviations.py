"""Bring the country aliases added to the shipped gazetteer after it was seeded ("N.Z.", wire copy's New Zealand, as "U.K." is the United Kingdom's; "U.S. Virgin Islands" and "US Virgin Islands" for the territory) into archives seeded before."""

from django.db import migrations


def add_aliases(apps, schema_editor):
    from articles.entities.tables import add_shipped_country_aliases
    from articles.tagging import load_gazetteer

    add_shipped_country_aliases(gazetteer=load_gazetteer(), country_model=apps.get_model("articles", "Country"))


class Migration(migrations.Migration):
    dependencies = [("articles", "0024_hand_tags")]
    # Not reversed: the aliases stay, as aliases an admin added would.
    operations = [migrations.RunPython(add_aliases, migrations.RunPython.noop)]
