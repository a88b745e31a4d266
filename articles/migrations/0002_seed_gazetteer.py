"""Load the shipped gazetteer (articles/data/gazetteer/) into the entity tables, so a new archive tags at once."""

from django.db import migrations


def seed(apps, schema_editor):
    from articles.entities.tables import seed_entities
    from articles.tagging import load_gazetteer

    seed_entities(
        gazetteer=load_gazetteer(),
        country_model=apps.get_model("articles", "Country"),
        leader_model=apps.get_model("articles", "Leader"),
        topic_model=apps.get_model("articles", "Topic"),
    )


def unseed(apps, schema_editor):
    # Reversing removes only what no article refers to; edited or used entities stay.
    for name in ("Leader", "Topic", "Country"):
        apps.get_model("articles", name).objects.filter(articles__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("articles", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
