"""The vocabulary of search suggestions; on PostgreSQL, pg_trgm and a trigram GiST index
on it (GiST, not GIN: it answers "the nearest words" by distance, ``word <-> 'x'``)."""

import django.db.models.deletion
from django.db import migrations, models


def trigram_index(apps, schema_editor):
    # pg_trgm is a trusted extension: the database's owner may create it.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS herald_suggestion_word_trgm "
            "ON discovery_suggestionword USING gist (word gist_trgm_ops)"
        )


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS herald_suggestion_word_trgm")


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0004_articlepage_access_tiers'),
        ('discovery', '0003_search_indexes'),
    ]

    operations = [
        migrations.CreateModel(
            name='StoryWords',
            fields=[
                ('article', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='+', serialize=False, to='articles.articlepage')),
                ('words', models.JSONField()),
            ],
            options={
                'verbose_name_plural': 'story words',
            },
        ),
        migrations.CreateModel(
            name='SuggestionWord',
            fields=[
                ('word', models.CharField(max_length=64, primary_key=True, serialize=False)),
                ('stories', models.PositiveIntegerField(default=0)),
            ],
        ),
        migrations.RunPython(trigram_index, drop_trigram_index),
    ]
