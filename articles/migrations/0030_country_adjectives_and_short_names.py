"""Bring the country names added to the shipped gazetteer after it was seeded into archives seeded before.

Demonyms: the adjectives English uses for a state ("Philippine", the people being Filipino; "Ecuadorian",
"Ecuadoran", "Surinamese", "Icelandic", "Cape Verdean", "Comorian", "Maldivian", "Djiboutian",
"Bissau-Guinean", "Tobagonian", "Kittitian", "Nevisian"), the wire's "S. African", "S. Korean",
"N. Korean", and the era's "Kampuchean" and "Byelorussian". Aliases: the wire's "S. Africa",
"S. Korea", "N. Korea", "U.A.E.", the older "Surinam" and "Western Samoa", and "Burkina".
"""

from django.db import migrations


def add_names(apps, schema_editor):
    from articles.entities.tables import add_shipped_country_aliases, add_shipped_country_demonyms
    from articles.tagging import load_gazetteer

    gazetteer = load_gazetteer()
    country_model = apps.get_model("articles", "Country")
    add_shipped_country_aliases(gazetteer=gazetteer, country_model=country_model)
    add_shipped_country_demonyms(gazetteer=gazetteer, country_model=country_model)


class Migration(migrations.Migration):
    dependencies = [("articles", "0029_country_demonym_variants")]
    # Not reversed: the names stay, as names an admin added would.
    operations = [migrations.RunPython(add_names, migrations.RunPython.noop)]
