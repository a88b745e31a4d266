# Preview before publishing: a batch can hold its pages unpublished; a previewed page can be skipped.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0007_stories'),
    ]

    operations = [
        migrations.AddField(
            model_name='importbatch',
            name='is_preview',
            field=models.BooleanField(default=False, help_text='Pages are cleaned and tagged but not published until an admin publishes them.'),
        ),
        migrations.AlterField(
            model_name='importfile',
            name='status',
            field=models.CharField(choices=[('pending', 'pending'), ('created', 'created'), ('updated', 'updated'), ('unchanged', 'unchanged'), ('failed', 'failed'), ('skipped', 'skipped')], db_index=True, default='pending', max_length=10),
        ),
    ]
