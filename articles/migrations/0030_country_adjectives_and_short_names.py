"""Bring the country names added to the shipped gazetteer after it was seeded into archives seeded before.

Demonyms: the adjectives English uses for a state ("Philippine", the people being Filipino; "Ecuadorian",
"Ecuadoran", "Surinamese", "Icelandic", "Cape Verdean", "Comorian", "Maldivian", "Djiboutian",
"Bissau-Guinean", "Tobagonian", "Kittitian", "Nevisian"), the wire's "S. African", "S. Korean",
"N. Korean", and the era's "Kampuchean" and "Byelorussian". Aliases: the wire's "S. Africa",
"S.Africa", "S. Korea", "S.Korea", "N. Korea", "N.Korea", "U.A.E.", the older "Surinam" and
"Western Samoa", and "Burkina". Only these: a shipped name an admin deleted before stays deleted.
"""

from django.db import migrations

DEMONYMS = (
    "Philippine", "Ecuadorian", "Ecuadoran", "Surinamese", "Icelandic", "Cape Verdean", "Comorian", "Maldivian",
    "Djiboutian", "Bissau-Guinean", "Tobagonian", "Kittitian", "Nevisian", "S. African", "S. Korean", "N. Korean",
    "Kampuchean", "Byelorussian",
)
ALIASES = ("S. Africa", "S.Africa", "S. Korea", "S.Korea", "N. Korea", "N.Korea", "U.A.E.", "Surinam", "Western Samoa", "Burkina")


def add_names(apps, schema_editor):
    from articles.entities.tables import add_shipped_country_aliases, add_shipped_country_demonyms
    from articles.tagging import load_gazetteer

    gazetteer = load_gazetteer()
    country_model = apps.get_model("articles", "Country")
    add_shipped_country_aliases(gazetteer=gazetteer, country_model=country_model, only=ALIASES)
    add_shipped_country_demonyms(gazetteer=gazetteer, country_model=country_model, only=DEMONYMS)


class Migration(migrations.Migration):
    dependencies = [("articles", "0029_country_demonym_variants")]
    # Not reversed: the names stay, as names an admin added would.
    operations = [migrations.RunPython(add_names, migrations.RunPython.noop)]
