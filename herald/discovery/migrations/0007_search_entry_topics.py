"""The search table's topics (herald.discovery.search_table): a story's topic ids beside
its words, and every filter's column in the one GIN index, so a filtered search is one
index scan per year window instead of a subquery on the story–topic table (ADR 0007).

On PostgreSQL the rows are rewritten once with their topics (from the story–topic
table, in publication order, so one year's rows still lie together) and the GIN
index is built again over year, desk, kind, topics and words (btree_gin for the
plain columns); rewriting and indexing afresh takes seconds where updating each
row in place under the old index took minutes. Other databases leave the table
empty, as before.
"""

import django.contrib.postgres.fields
from django.db import migrations, models

TABLE = "discovery_searchentry"
COLUMNS = "article_id, published, year, desk_id, kind, topics, vector"


def postgres_topics(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"""CREATE TEMPORARY TABLE herald_search_rows ON COMMIT DROP AS
        SELECT entry.article_id, entry.published, entry.year, entry.desk_id, entry.kind,
               coalesce(tagged.topics, '{{}}') AS topics, entry.vector
        FROM {TABLE} entry LEFT JOIN (
            SELECT articlepage_id, array_agg(topic_id ORDER BY topic_id) AS topics
            FROM articles_articlepage_topics GROUP BY articlepage_id) tagged
          ON tagged.articlepage_id = entry.article_id""")
    schema_editor.execute("DROP INDEX IF EXISTS herald_search_entry_year_vector")
    schema_editor.execute(f"TRUNCATE {TABLE}")
    schema_editor.execute(
        f"INSERT INTO {TABLE} ({COLUMNS}) SELECT {COLUMNS} FROM herald_search_rows "
        "ORDER BY published")
    # The story foreign key's deferred checks, now: PostgreSQL builds no index while
    # they are pending.
    schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    schema_editor.execute(
        f"CREATE INDEX herald_search_entry_words ON {TABLE} "
        "USING gin (year, desk_id, kind, topics, vector)")
    schema_editor.execute(f"ANALYZE {TABLE}")


def postgres_words_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS herald_search_entry_words")
        schema_editor.execute(
            f"CREATE INDEX herald_search_entry_year_vector ON {TABLE} USING gin (year, vector)")


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0005_articlepage_lead_image'),
        ('discovery', '0006_search_table'),
    ]

    operations = [
        migrations.AddField(
            model_name='searchentry',
            name='topics',
            field=django.contrib.postgres.fields.ArrayField(base_field=models.IntegerField(), blank=True, help_text="The ids of the story's topics (a GIN index on PostgreSQL).", null=True, size=None),
        ),
        migrations.RunPython(postgres_topics, postgres_words_index),
    ]
