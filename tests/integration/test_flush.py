"""A flush (what ends every ``transaction=True`` test) leaves the site answering:
the tests a worker runs after it find the home page and the default Wagtail site
that migrations create (``_home_page_after_flush`` in tests/conftest.py)."""

import pytest
from django.core.management import call_command
from wagtail.models import Site

from herald.site.models import HomePage


@pytest.mark.django_db(transaction=True)
def test_after_a_flush_the_default_site_serves_the_home_page(client):
    call_command("flush", interactive=False, verbosity=0)
    site = Site.objects.get(is_default_site=True)
    assert isinstance(site.root_page.specific, HomePage)
    assert client.get("/").status_code == 200


@pytest.mark.django_db(transaction=True)
def test_a_flush_empties_the_tables_a_newsroom_and_its_stories_fill(newsroom, make_story):
    """Rows that refer to each other (stories, their revisions and workflow, desks,
    people) go in one flush as a ``transaction=True`` test's end runs it, whatever the
    order of the tables (on PostgreSQL the suite's flush deletes rows, the foreign keys
    checked at its commit: tests/postgresql_flush_by_delete)."""
    from django.contrib.auth import get_user_model
    from wagtail.models import Revision, WorkflowState

    from herald.articles.models import ArticlePage
    from herald.newsroom.models import DeskPage

    make_story("A story to flush")
    filled = (get_user_model(), ArticlePage, DeskPage, Revision, WorkflowState)
    assert all(model.objects.exists() for model in filled)
    call_command("flush", interactive=False, verbosity=0, reset_sequences=False)
    assert [model.__name__ for model in filled if model.objects.exists()] == []
    assert isinstance(Site.objects.get(is_default_site=True).root_page.specific, HomePage)
