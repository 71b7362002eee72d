"""Keyset pagination of the desk, topic and month listings: no OFFSET, however deep."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from herald.articles.models import ArticlePage, Topic


@pytest.fixture(scope="module")
def listing(shared_newsroom):
    """45 stories an hour apart in one month, on one desk and one topic, published
    once for the module (tests only read them)."""
    desk = shared_newsroom.desks["europe"]
    topic = Topic.objects.create(name="Transport", slug="transport")
    start = timezone.now().replace(day=2, hour=0, minute=0, second=0, microsecond=0)
    for n in range(45):
        story = ArticlePage(title=f"Story {n:02d}", slug=f"story-{n:02d}",
                            body=[{"type": "paragraph", "value": f"<p>Story {n}.</p>"}])
        desk.add_child(instance=story)
        story.topics.set([topic])
        story.save_revision().publish()
        ArticlePage.objects.filter(pk=story.pk).update(first_published_at=start + timedelta(hours=n))
    return {"desk": desk.url, "topic": "/topics/transport/",
            "month": f"/archive/{start:%Y}/{start:%m}/"}


def titles(html):
    return re.findall(r'<h3 class="card__headline"><a href="[^"]+">(Story \d+)</a>', html)


def link(html, rel_text):
    match = re.search(rf'<a href="(\?[^"]+)"[^>]*>{rel_text}</a>', html)
    return match.group(1).replace("&amp;", "&") if match else None


@pytest.mark.django_db
@pytest.mark.parametrize("where", ["desk", "topic"])
def test_walk_older_and_back_newer_without_offset(client, listing, where):
    url = listing[where]
    first = client.get(url).content.decode()
    assert titles(first) == [f"Story {n:02d}" for n in range(44, 24, -1)]
    assert link(first, "Newer stories") is None
    with CaptureQueriesContext(connection) as queries:
        second = client.get(url + link(first, "Older stories")).content.decode()
    assert titles(second) == [f"Story {n:02d}" for n in range(24, 4, -1)]
    assert not any("OFFSET" in q["sql"].upper() for q in queries.captured_queries)
    third = client.get(url + link(second, "Older stories")).content.decode()
    assert titles(third) == [f"Story {n:02d}" for n in range(4, -1, -1)]
    assert link(third, "Older stories") is None
    back = client.get(url + link(third, "Newer stories")).content.decode()
    assert titles(back) == titles(second)
    oldest = client.get(url + "?oldest=1").content.decode()
    assert titles(oldest) == [f"Story {n:02d}" for n in range(19, -1, -1)]
    assert link(oldest, "Older stories") is None
    assert titles(client.get(url + link(oldest, "Newer stories")).content.decode()) == [
        f"Story {n:02d}" for n in range(39, 19, -1)]


@pytest.mark.django_db
def test_month_archive_pages_by_keyset(client, listing):
    first = client.get(listing["month"]).content.decode()
    assert titles(first) == [f"Story {n:02d}" for n in range(44, -1, -1)]  # 50 a page
    assert link(first, "Older stories") is None


@pytest.mark.django_db
@pytest.mark.parametrize("cursor", ["?before=garbage", "?after=1_x", "?before=" + "9" * 40 + "_1", "?before=%00"])
def test_bad_cursors_answer_the_first_page(client, listing, cursor):
    response = client.get(listing["desk"] + cursor)
    assert response.status_code == 200
    assert titles(response.content.decode())[0] == "Story 44"


@pytest.mark.django_db
def test_a_listing_with_no_stories_says_so(client, listing, shared_newsroom):
    """A desk or topic with nothing published yet said nothing at all (the list's own
    "No stories yet." sat behind a test that an empty page failed); a month with no
    stories is not in the archive, so it is the publication's 404, not a blank page."""
    Topic.objects.create(name="Harbours", slug="harbours")
    for url in (shared_newsroom.desks["world"].url, "/topics/harbours/"):
        response = client.get(url)
        assert response.status_code == 200
        assert "No stories yet." in response.content.decode()
    for month in ("/archive/1999/01/", "/archive/2099/12/"):
        response = client.get(month)
        assert response.status_code == 404
        assert "We could not find that page" in response.content.decode()
    assert client.get(listing["month"]).status_code == 200


@pytest.mark.django_db
def test_a_year_lists_its_months_with_their_stories(client, listing):
    """A reader who shortened a month's address to its year (`/archive/2026/`) got the
    publication's 404: a year is a page of its months, each with how many stories it
    holds, between the archive and the month; a year with none is still a 404."""
    month = listing["month"]
    year = month.rsplit("/", 2)[0] + "/"
    html = client.get(year).content.decode()
    start = timezone.localtime(ArticlePage.objects.get(slug="story-00").first_published_at)
    assert f"<h1>{start:%Y}</h1>" in html
    assert re.search(rf'<a href="{month}">{start:%B}<span class="visually-hidden">,</span> '
                     r'<span class="month-list__count">45 stories</span></a>', html)
    assert f'<a href="{year}">{start:%Y}</a>' in client.get("/archive/").content.decode()
    assert f'<a href="{year}">{start:%Y}</a>' in client.get(month).content.decode()
    for empty in ("/archive/1999/", "/archive/2099/"):
        response = client.get(empty)
        assert response.status_code == 404
        assert "We could not find that page" in response.content.decode()
