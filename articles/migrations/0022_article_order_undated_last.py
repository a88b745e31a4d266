"""Article's default order puts undated articles last on every database (models.NEWEST_FIRST); no table changes."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0021_topic_phrases_eleventh_attempt'),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='article',
            options={'ordering': (models.OrderBy(models.F('published'), descending=True, nulls_last=True), '-id')},
        ),
    ]
