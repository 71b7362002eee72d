"""Herald's search table (herald.discovery.search_table) and, on PostgreSQL, its GIN index
on (year, vector) and the rows of the stories already published.

btree_gin lets one GIN index hold the year beside the words, so "this year's
matches" is one index scan that reads no other year's rows (ADR 0007); it is a
trusted extension, which the database's owner may create, as pg_trgm in 0004.
The rows are copied from Wagtail's index entries (``title || body``: the value
``search_table.story_vector`` builds), in publication order, so one year's rows
lie together; a few seconds at 200,000 stories where recomputing each story's
text would take minutes. ``herald reindex`` recomputes them.
"""

import django.contrib.postgres.search
import django.db.models.deletion
from django.db import migrations, models

TABLE = "discovery_searchentry"


def postgres_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    ContentType = apps.get_model("contenttypes", "ContentType")
    story_type = ContentType.objects.filter(app_label="articles", model="articlepage").first()
    if story_type is not None:
        schema_editor.execute(
            f"""INSERT INTO {TABLE} (article_id, published, year, desk_id, kind, vector)
            SELECT story.page_ptr_id, page.first_published_at,
                   extract(year FROM page.first_published_at AT TIME ZONE 'UTC'),
                   story.desk_id, story.kind, entry.title || entry.body
            FROM articles_articlepage story
            JOIN wagtailcore_page page ON page.id = story.page_ptr_id
            JOIN wagtailsearch_indexentry entry
              ON entry.content_type_id = %s
             AND entry.object_id = story.page_ptr_id::varchar(50)
            WHERE page.live AND page.first_published_at IS NOT NULL
            ORDER BY page.first_published_at""",
            [story_type.pk],
        )
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gin")
    schema_editor.execute(
        f"CREATE INDEX herald_search_entry_year_vector ON {TABLE} USING gin (year, vector)")
    schema_editor.execute(f"ANALYZE {TABLE}")


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0005_articlepage_lead_image'),
        ('discovery', '0005_story_counts'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('wagtailsearch', '0010_add_text_fields'),
    ]

    operations = [
        migrations.CreateModel(
            name='SearchEntry',
            fields=[
                ('article', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='+', serialize=False, to='articles.articlepage')),
                ('published', models.DateTimeField()),
                ('year', models.IntegerField(help_text='The year of ``published`` in UTC.')),
                ('desk_id', models.IntegerField(null=True)),
                ('kind', models.CharField(max_length=16)),
                ('vector', django.contrib.postgres.search.SearchVectorField()),
            ],
            options={
                'verbose_name_plural': 'search entries',
                'indexes': [models.Index(fields=['published'], name='search_entry_published_idx')],
            },
        ),
        # Dropping the table on the way back drops its index too.
        migrations.RunPython(postgres_index, migrations.RunPython.noop),
    ]
