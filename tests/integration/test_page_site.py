"""A page request's site, kept in the cache (herald.core.sites.find_site).

Wagtail looks a request's site up in the database on every request; Herald keeps
it per host and port under the reference version, with its root page. Each test
here serves a page once (the site is kept), changes what the kept site was read
from, and asks again: a site kept past the change would serve the old answer.
The second site is rooted at a desk, so its root page's own text, address and
state show on its pages.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.http import HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, Site

pytestmark = pytest.mark.django_db


@pytest.fixture
def newsroom(newsroom_from_module):
    """Desks and people built once for this module; each test rolls back its own writes."""
    return newsroom_from_module


OTHER, ELSEWHERE = "desk.example", "elsewhere.example"


@pytest.fixture(autouse=True)
def uncached_pages(settings):
    settings.HERALD_PAGE_CACHE_SECONDS = 0
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, OTHER, ELSEWHERE]


@pytest.fixture
def desk_site(newsroom):
    """A second site whose root page is the Europe Desk."""
    return Site.objects.create(hostname=OTHER, port=80, site_name="Europe",
                               root_page=Page.objects.get(pk=newsroom.desks["europe"].pk))


@pytest.fixture
def story(make_story):
    return make_story("Rome opens a night bus line",
                      paragraphs=["ROME — The line runs from midnight.", "Buses every hour."])


def on(host):
    return Client(HTTP_HOST=host)


def kept(host, path) -> HttpResponse:
    """The response for ``path`` on ``host`` once its site is read from the cache.

    The first request to a new site creates its settings, and creating them changes
    the reference version: the second request keeps the site, the third reads it.
    """
    on(host).get(path)
    on(host).get(path)
    with CaptureQueriesContext(connection) as captured:
        response = on(host).get(path)
    assert not [q for q in captured.captured_queries if "wagtailcore_site" in q["sql"]]
    return response


def test_a_story_is_routed_without_asking_the_database_for_its_site(client, story):
    assert client.get(story.url).status_code == 200  # the site is kept from here on

    with CaptureQueriesContext(connection) as captured:
        assert client.get(story.url).status_code == 200
    # Neither the site nor its home page (Wagtail routes from root_page.specific).
    assert captured.captured_queries == []


def test_each_host_gets_its_own_sites_pages(desk_site, story):
    assert on(OTHER).get(f"/{story.slug}/").status_code == 200
    assert on("testserver").get(f"/{story.slug}/").status_code == 404  # the default site's
    assert on("testserver").get(f"/europe/{story.slug}/").status_code == 200
    assert on(OTHER).get(f"/europe/{story.slug}/").status_code == 404  # none below the desk


def test_a_sites_new_hostname_is_used_from_the_next_request(desk_site, story, newsroom):
    assert kept(OTHER, f"/{story.slug}/").status_code == 200
    publisher = Client()
    publisher.force_login(newsroom.people["publisher"])

    response = publisher.post(f"/admin/sites/edit/{desk_site.pk}/", {
        "hostname": ELSEWHERE, "port": "80", "site_name": "Europe",
        "root_page": str(desk_site.root_page_id),
    })

    assert response.status_code == 302, response.content.decode()[:2000]
    assert on(OTHER).get(f"/{story.slug}/").status_code == 404  # the default site now
    assert on(ELSEWHERE).get(f"/{story.slug}/").status_code == 200


def test_a_new_site_takes_its_host_from_the_default_site(newsroom, story):
    assert kept(OTHER, f"/{story.slug}/").status_code == 404  # the default site's answer

    Site.objects.create(hostname=OTHER, port=80, site_name="Europe",
                        root_page=Page.objects.get(pk=newsroom.desks["europe"].pk))

    assert on(OTHER).get(f"/{story.slug}/").status_code == 200


def test_a_published_edit_of_the_root_page_shows_on_its_site(desk_site, newsroom):
    assert "Stories from Europe." not in kept(OTHER, "/").content.decode()

    desk = newsroom.desks["europe"]
    desk.description = "Stories from Europe."
    desk.save_revision().publish()

    assert "Stories from Europe." in on(OTHER).get("/").content.decode()


def test_an_unpublished_root_page_is_no_longer_served(desk_site, newsroom):
    assert kept(OTHER, "/").status_code == 200
    publisher = Client()
    publisher.force_login(newsroom.people["publisher"])

    response = publisher.post(f"/admin/pages/{newsroom.desks['europe'].pk}/unpublish/")

    assert response.status_code == 302, response.content.decode()[:2000]
    assert on(OTHER).get("/").status_code == 404


def test_a_moved_root_page_routes_to_its_stories_at_its_new_place(desk_site, story, newsroom):
    assert kept(OTHER, f"/{story.slug}/").status_code == 200

    # The Europe Desk's tree path changes with the move; a root page kept from before
    # would look for its stories under the old one.
    Page.objects.get(pk=newsroom.desks["europe"].pk).move(
        Page.objects.get(pk=newsroom.desks["world"].pk), pos="last-child")

    assert on(OTHER).get(f"/{story.slug}/").status_code == 200
    assert on("testserver").get(f"/world/europe/{story.slug}/").status_code == 200


def test_a_deleted_site_leaves_its_host_to_the_default_site(desk_site, story):
    assert kept(OTHER, f"/{story.slug}/").status_code == 200

    desk_site.delete()

    assert on(OTHER).get(f"/{story.slug}/").status_code == 404
    assert on(OTHER).get(f"/europe/{story.slug}/").status_code == 200


def test_a_story_at_a_sites_root_shows_its_new_revision(story):
    Site.objects.create(hostname=OTHER, port=80, site_name="One story",
                        root_page=Page.objects.get(pk=story.pk))
    assert "The line runs from midnight." in kept(OTHER, "/").content.decode()

    story.body = [{"type": "paragraph", "value": "<p>ROME — The line now runs all night.</p>"}]
    story.save_revision().publish()

    html = on(OTHER).get("/").content.decode()
    assert "The line now runs all night." in html
    assert "The line runs from midnight." not in html
