"""Import report rows keep their warnings: a title, heading or source cut, or a URL dropped, to fit the archive."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("articles", "0019_topic_phrases_vocabulary_review")]

    operations = [
        migrations.AddField(
            model_name="importfile",
            name="warnings",
            field=models.TextField(
                blank=True, help_text="One per line: what was cut or dropped to fit the archive (a title past 500 characters...)."
            ),
        ),
    ]
