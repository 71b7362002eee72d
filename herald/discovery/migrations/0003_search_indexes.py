"""Indexes that let PostgreSQL answer a story search without reading the whole archive.

Wagtail's database backend filters on ``title || body @@ query`` (one vector of
the headline and the rest) and joins each index entry to its story by
``object_id = page_ptr_id::varchar(50)``. Neither expression had an index, so
every search read every entry and every story: 200,000 stories, seconds per
query (docs/search.md, "Archive scale"). These two expression indexes match the
backend's SQL exactly. PostgreSQL only: SQLite searches its FTS5 table.
"""

from django.db import migrations

INDEXES = [
    # (index name, table, expression)
    ("herald_search_title_body_gin", "wagtailsearch_indexentry", "USING gin ((title || body))"),
    ("herald_story_id_text", "articles_articlepage", "(((page_ptr_id)::varchar(50)))"),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, table, expression in INDEXES:
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} {expression}")
    # Statistics of the new expressions now, not at autovacuum's next visit: until
    # then the planner guesses 1,000 matches for every word and joins them all.
    for table in {table for _name, table, _expression in INDEXES}:
        schema_editor.execute(f"ANALYZE {table}")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table, _expression in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0004_articlepage_access_tiers"),
        ("discovery", "0002_related_stories_and_picks"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(create, drop)]
