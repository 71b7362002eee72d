"""Odd and hostile input to every public reader URL parameter and form field answers
with a page or a 4xx, never a server error: two known cases, then a property-based
fuzz (Hypothesis) over the reader surfaces."""

from __future__ import annotations

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import add_letters_page

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def shared_site(shared_make_story, shared_newsroom):
    """A story, its topic and the letters page, built once for the module (each test's
    writes are rolled back): the addresses the tests fill in."""
    from django.utils import timezone

    from herald.articles.models import Topic

    newsroom = shared_newsroom
    topic = Topic.objects.create(name="Rail", slug="rail")
    story = shared_make_story("Night trains return to the Alps", access="metered",
                              topics=[topic])
    add_letters_page(newsroom.home)
    month = f"/archive/{timezone.localtime(story.first_published_at):%Y/%m}/"
    return {"story": story.url, "desk": newsroom.desks["europe"].url, "id": story.pk,
            "month": month}


@pytest.fixture
def site(shared_site):
    return shared_site


@pytest.mark.parametrize("query", ["\x00", '"', 'night "trains', "\x00\x01'\"\\%_*", "-", "OR"])
def test_search_with_odd_characters_answers_a_page(client, site, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code in (200, 400)
    assert b"Search" in response.content


TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=60) | st.sampled_from(
    ["\x00", '"', "'", "%", "-1", "0", "99999999999999999999", "../../etc/passwd", "<script>",
     "a" * 5000, "\u202e", "NaN", "[]", "{}", "evt_1", "2026-13-45"]
)
KEYSET = ("before", "after", "oldest")  # the listings' paging (herald.core.pagination)
GETS = [
    ("/search/", ("q", "page", "desk", "kind", "topic", "from", "to")), ("/", ("page",)),
    ("/archive/", ("page",)), ("{month}", KEYSET), ("/topics/", ("page",)),
    ("/topics/rail/", KEYSET), ("{desk}", ("page", "topic", *KEYSET)), ("{story}", ("page", "q")),
    ("/sitemap.xml", ("p",)), ("/sitemap-stories.xml", ("p",)), ("/sitemap-news.xml", ("p",)),
    ("/feeds/desks/europe/json/", ("page",)),
    ("/letters/", ("received",)), ("/account/sign-in/", ("next",)),
    ("/subscribe/", ("next",)), ("/feeds/latest/", ("page",)), ("/support/donate/", ("amount",)),
    ("/membership/", ("tier",)),
]
POSTS = [
    ("/letters/", ("name", "email", "town", "text", "token", "website")),
    ("/subscribe/", ("email", "consent", "website", "next")),
    ("/account/sign-in/", ("email", "next", "website")),
    ("/support/donate/", ("amount", "other_amount", "email", "recurring")),
    ("/views/{id}/", ()),
]
PATHS = ["/subscribe/confirm/{}/", "/account/sign-in/{}/", "/media-signed/{}/x.jpg", "/media/{}",
         "/topics/{}/", "/archive/2026/{}/", "/views/{}/"]


@settings(max_examples=240, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_no_reader_input_makes_a_server_error(site, data):
    client = Client(HTTP_ORIGIN="http://testserver", raise_request_exception=False)
    kind = data.draw(st.sampled_from(["get", "post", "path"]))
    if kind == "path":
        path = data.draw(st.sampled_from(PATHS)).format(
            data.draw(st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="/?#"),
                              min_size=1, max_size=40)))
        response = client.get(path)
    else:
        url, fields = data.draw(st.sampled_from(GETS if kind == "get" else POSTS))
        url = url.format(**site)
        values = {name: data.draw(TEXT) for name in fields}
        response = (client.get if kind == "get" else client.post)(url, values)
    assert response.status_code < 500, (kind, response.request, response.status_code)
