"""The explorer, asked for another desk's listing, says why it shows the user's own desk
instead (Wagtail moved them there without a word)."""

from __future__ import annotations

import html

import pytest

pytestmark = pytest.mark.django_db

NOT_LISTED = ("Only the World Desk’s reporters and editors and the publisher see {whose}: "
              "here are the pages you work on.")


@pytest.fixture
def newsroom(newsroom_from_module):
    """Desks and people built once for this module; each test rolls back its own writes."""
    return newsroom_from_module


def shown(client, page):
    """Where the explorer listing of ``page`` lands, and what the landing page says."""
    response = client.get(f"/admin/pages/{page.pk}/", follow=True)
    assert response.status_code == 200
    return response.redirect_chain, html.unescape(response.content.decode())


@pytest.mark.parametrize("person", ["europe-reporter", "europe-editor"])
def test_another_desks_listing_says_why_the_users_own_desk_is_shown(client, newsroom,
                                                                    make_story, person):
    story = make_story("Lagos opens its first rapid bus line", desk="world")
    europe, world = newsroom.desks["europe"], newsroom.desks["world"]
    client.force_login(newsroom.people[person])

    chain, page = shown(client, world)
    assert chain == [(f"/admin/pages/{europe.pk}/", 302)]
    assert NOT_LISTED.format(whose="its stories") in page

    chain, page = shown(client, story)
    assert chain == [(f"/admin/pages/{europe.pk}/", 302)]
    assert NOT_LISTED.format(
        whose="“Lagos opens its first rapid bus line” and its other stories") in page


def test_the_users_own_desk_and_the_pages_above_it_are_listed_without_a_refusal(client,
                                                                                newsroom):
    client.force_login(newsroom.people["europe-reporter"])
    europe = newsroom.desks["europe"]

    chain, page = shown(client, europe)
    assert chain == [] and "see its stories" not in page
    # Above the desk, Wagtail's explorer shows the desk: the way in, not a refusal.
    chain, page = shown(client, newsroom.home)
    assert chain == [(f"/admin/pages/{europe.pk}/", 302)]
    assert "here are the pages you work on" not in page


def test_the_publisher_lists_every_desk(client, newsroom):
    client.force_login(newsroom.people["publisher"])

    chain, page = shown(client, newsroom.desks["world"])
    assert chain == [] and "here are the pages you work on" not in page
