"""Bring the topic phrases added to the shipped gazetteer at the eleventh topic attempt (staff cuts, stock issues and listings, income and productivity figures, charity records and concerts, faiths, court actions, offensives and arms exports, aircraft makers, the European Community's own business, athletics events, party candidates, company failures, radio, oil and gas finds, snow and cold, poverty and aid agencies) into archives seeded before."""

from django.db import migrations


def add_phrases(apps, schema_editor):
    from articles.entities.tables import add_shipped_topic_phrases
    from articles.tagging import load_gazetteer

    add_shipped_topic_phrases(gazetteer=load_gazetteer(), topic_model=apps.get_model("articles", "Topic"))


class Migration(migrations.Migration):
    dependencies = [("articles", "0020_import_file_warnings")]
    # Not reversed: the phrases stay, as phrases an admin added would.
    operations = [migrations.RunPython(add_phrases, migrations.RunPython.noop)]
