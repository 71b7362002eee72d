"""An index on Wagtail's ``url_path``, which ``HomePage.route`` looks a story up by.

Without it that lookup read every page: 170 ms with 200,000 stories against
well under a millisecond with it (bench/scale, docs/performance.md). The SQL is
the same on PostgreSQL and SQLite; Wagtail's own model declares no index on it.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("site", "0002_home_page"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS herald_page_url_path ON wagtailcore_page (url_path)",
            "DROP INDEX IF EXISTS herald_page_url_path",
        ),
    ]
