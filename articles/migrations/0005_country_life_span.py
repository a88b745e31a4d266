"""Countries get a life span and successors; the states that no longer exist (Soviet Union, East
Germany, Zaire, ...) and the leaders of 1945-2015 in the shipped gazetteer are added."""

from django.db import migrations, models


def seed(apps, schema_editor):
    from articles.entities.tables import seed_entities
    from articles.tagging import load_gazetteer

    seed_entities(
        gazetteer=load_gazetteer(),
        country_model=apps.get_model("articles", "Country"),
        leader_model=apps.get_model("articles", "Leader"),
        topic_model=apps.get_model("articles", "Topic"),
    )


class Migration(migrations.Migration):
    dependencies = [("articles", "0004_tag_rejections")]
    operations = [
        migrations.AddField(
            model_name="country",
            name="start_year",
            field=models.PositiveSmallIntegerField(
                blank=True, null=True, help_text="First year of a state that no longer exists (Soviet Union: 1922)."
            ),
        ),
        migrations.AddField(
            model_name="country",
            name="end_year",
            field=models.PositiveSmallIntegerField(
                blank=True, null=True,
                help_text="Last year of a state that no longer exists (Soviet Union: 1991); empty if it exists.",
            ),
        ),
        migrations.AddField(
            model_name="country",
            name="successors",
            field=models.ManyToManyField(
                blank=True, related_name="predecessors", to="articles.country", help_text="States that followed it."
            ),
        ),
        # Reversing keeps the added rows; 0002's reverse removes unused ones.
        migrations.RunPython(seed, migrations.RunPython.noop),
    ]
