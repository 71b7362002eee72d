"""`herald import` through the console script, in a subprocess: the script reads the
test's desks and people from a database it can reach, so this test commits its data
(``transaction=True``) and cannot share test_import.py's module-wide newsroom."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
import test_import
from test_import import GOOD, SUMMARY

from herald.articles.models import ArticlePage

write = test_import.write  # fixture


def _subprocess_database_url(tmp_path) -> str:
    """A database URL the console script can reach holding this test's data."""
    from django.db import connection

    connection.ensure_connection()
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        # This worker's test database is a file (conftest's django_db_setup clones the
        # run's migrated template for each worker); the script gets a copy of it, taken
        # through this connection, so its writes stay out of the worker's database.
        target = sqlite3.connect(tmp_path / "herald.sqlite3")
        connection.connection.backup(target)
        target.close()
        return f"sqlite:///{tmp_path / 'herald.sqlite3'}"
    password = f":{settings['PASSWORD']}" if settings["PASSWORD"] else ""
    return (f"postgres://{settings['USER']}{password}@{settings['HOST'] or '127.0.0.1'}:"
            f"{settings['PORT'] or 5432}/{settings['NAME']}")


def _imported_story(tmp_path, slug: str) -> tuple[bool, int]:
    """(live, desk id) of the story the console script wrote, read where it wrote it."""
    from django.db import connection

    if connection.vendor == "sqlite":
        # The story is in the script's copy, not in this worker's database: read it there.
        with sqlite3.connect(tmp_path / "herald.sqlite3") as db:
            live, desk_id = db.execute(
                "SELECT p.live, a.desk_id FROM articles_articlepage a "
                "JOIN wagtailcore_page p ON p.id = a.page_ptr_id WHERE p.slug = ?", (slug,)
            ).fetchone()
        return bool(live), desk_id
    story = ArticlePage.objects.get(slug=slug)
    return story.live, story.desk_id


@pytest.mark.django_db(transaction=True)
def test_herald_import_console_script(newsroom, write, tmp_path):
    herald = shutil.which("herald", path=str(Path(sys.executable).parent))
    good, bad = write("rome.md", GOOD), write("broken.md", b"\x00\x01binary")
    env = {
        **os.environ, "DATABASE_URL": _subprocess_database_url(tmp_path),
        "SECRET_KEY": "import-test-" + "k" * 50,
        # Without payment keys the production checks refuse every command.
        "HERALD_PAYMENT_PROVIDER": "development",
    }

    result = subprocess.run([herald, "import", str(good), str(bad)], env=env,
                            capture_output=True, text=True, timeout=120)

    assert result.returncode == 1
    # System-check warnings about this environment may precede the report.
    assert [line for line in result.stderr.splitlines() if line.startswith("[")] == [
        f"[2/2] {bad}: error: the file is binary, not UTF-8 text"]
    assert result.stdout.splitlines() == [
        f"[1/2] {good}: created, published: Rome opens its night trains to Vienna",
        SUMMARY.format(ok=1, total=2, created=1, updated=0, failed=1),
    ]
    assert _imported_story(tmp_path, "rome-night-trains") == (True, newsroom.desks["europe"].pk)
