"""Bring the topic phrases added to the shipped gazetteer at the twelfth topic attempt (music festivals and their headliners, rappers, drummers, bassists, songwriters, frontmen, chart wording such as "number one single" and "Top of the Pops"; wire takeover wording such as "offered to buy", "raised its offer", "per share in cash" and "tendered"; freight reports, dockworkers, seafarers and the Seaway; butane, heavy fuel, seismic crews, take-or-pay gas contracts, gas flows and worldscale tanker rates) into archives seeded before."""

from django.db import migrations


def add_phrases(apps, schema_editor):
    from articles.entities.tables import add_shipped_topic_phrases
    from articles.tagging import load_gazetteer

    add_shipped_topic_phrases(gazetteer=load_gazetteer(), topic_model=apps.get_model("articles", "Topic"))


class Migration(migrations.Migration):
    dependencies = [("articles", "0021_topic_phrases_eleventh_attempt")]
    # Not reversed: the phrases stay, as phrases an admin added would.
    operations = [migrations.RunPython(add_phrases, migrations.RunPython.noop)]
