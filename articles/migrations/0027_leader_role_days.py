"""Bring the days of taking and leaving office that the shipped leaders' roles now have ("2015-09-15" where "2015" was) into archives seeded before, so that in a handover year the day decides who held an office; a role an admin changed keeps what the admin wrote."""

from django.db import migrations


def add_role_days(apps, schema_editor):
    from articles.entities.tables import add_shipped_role_days
    from articles.tagging import load_gazetteer

    add_shipped_role_days(gazetteer=load_gazetteer(), leader_model=apps.get_model("articles", "Leader"))


def remove_role_days(apps, schema_editor):
    # Code before this migration reads years only, so going back turns every day into its year.
    from articles.entities.tables import remove_role_days

    remove_role_days(leader_model=apps.get_model("articles", "Leader"))


class Migration(migrations.Migration):
    dependencies = [("articles", "0026_topic_phrases_modern_vocabulary")]
    operations = [migrations.RunPython(add_role_days, remove_role_days)]
