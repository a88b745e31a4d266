"""Give the shipped leaders' roles in archives seeded before the days of taking and leaving office they now have ("2015-09-15" where a year was), so that in a handover year the day decides who held the office."""

from django.db import migrations


def add_role_days(apps, schema_editor):
    from articles.entities.tables import add_shipped_role_days
    from articles.tagging import load_gazetteer

    add_shipped_role_days(gazetteer=load_gazetteer(), leader_model=apps.get_model("articles", "Leader"))


class Migration(migrations.Migration):
    dependencies = [("articles", "0026_topic_phrases_modern_vocabulary")]
    # Not reversed: the days stay, as days an admin typed would.
    operations = [migrations.RunPython(add_role_days, migrations.RunPython.noop)]
