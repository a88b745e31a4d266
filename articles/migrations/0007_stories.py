# Near-duplicate grouping: stories, body fingerprints and their LSH band keys.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0006_postgres_search'),
    ]

    operations = [
        migrations.CreateModel(
            name='BodyFingerprint',
            fields=[
                ('article', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='fingerprint', serialize=False, to='articles.article')),
                ('signature', models.BinaryField()),
                ('shingle_count', models.PositiveIntegerField(help_text='Distinct word shingles of the body.')),
            ],
        ),
        migrations.CreateModel(
            name='FingerprintBand',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('key', models.BigIntegerField(db_index=True)),
                ('article', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='articles.article')),
            ],
        ),
        migrations.CreateModel(
            name='Story',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created', models.DateTimeField(auto_now_add=True)),
                ('first', models.ForeignKey(blank=True, help_text='The earliest published copy (by date, then import order): the one search lists by default.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='articles.article')),
            ],
            options={
                'verbose_name_plural': 'stories',
            },
        ),
        migrations.AddField(
            model_name='article',
            name='story',
            field=models.ForeignKey(blank=True, help_text='The story this article is a copy of; empty when no near-duplicate is known.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='copies', to='articles.story'),
        ),
    ]
