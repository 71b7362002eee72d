"""Today's desk choices become newsletter choices (newsletters 0002), on a database
migrated back to before it and forward again."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("memberships", "0004_subscriber_name"), ("newsletters", "0001_initial")]
AFTER = [("memberships", "0005_remove_subscriber_desks"),
         ("newsletters", "0002_desk_choices_to_newsletters")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_desk_choices_become_newsletter_subscriptions(newsroom):
    from herald.newsletters.models import Newsletter, Subscription

    Newsletter.objects.all().delete()  # as before the app existed
    apps = migrate(BEFORE)
    Subscriber = apps.get_model("memberships", "Subscriber")
    europe, world = newsroom.desks["europe"].pk, newsroom.desks["world"].pk
    ann = Subscriber.objects.create(email="ann@example.org", consent_text="yes",
                                    consented_at="2026-01-01T00:00:00Z")
    bo = Subscriber.objects.create(email="bo@example.org", consent_text="yes",
                                   consented_at="2026-01-01T00:00:00Z")
    ann.desks.set([europe, world])
    bo.desks.set([world])

    migrate(AFTER)

    assert sorted(Newsletter.objects.values_list("name", "slug")) == [
        ("Europe Desk", "europe"), ("World Desk", "world")]
    assert sorted(Subscription.objects.values_list("subscriber__email", "newsletter__slug")) == [
        ("ann@example.org", "europe"), ("ann@example.org", "world"), ("bo@example.org", "world")]
    assert list(Newsletter.objects.get(slug="europe").desks.values_list("pk", flat=True)) == [
        europe]
