# A mention's note: why a guess was made (an undated article given the latest holder of a title).

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0008_import_preview'),
    ]

    operations = [
        migrations.AddField(
            model_name='countrymention',
            name='note',
            field=models.CharField(blank=True, help_text='Why a guess was made, e.g. an undated article given the latest holder of a title.', max_length=300),
        ),
        migrations.AddField(
            model_name='leadermention',
            name='note',
            field=models.CharField(blank=True, help_text='Why a guess was made, e.g. an undated article given the latest holder of a title.', max_length=300),
        ),
        migrations.AddField(
            model_name='topicmention',
            name='note',
            field=models.CharField(blank=True, help_text='Why a guess was made, e.g. an undated article given the latest holder of a title.', max_length=300),
        ),
    ]
