""""2 free stories left this month": the note under a story read on the meter, fetched
after load from /meter/<id>/ (the page is shared by the page caches; the meter cookie
is HTTP-only), from the same meter records the paywall decides on."""

import pytest
from django.test import Client

from herald.access import meter

PARAGRAPHS = ["The opening paragraph.", "The second paragraph.", "The third.", "The last."]
NOTE_LINE = '<p class="meter-note" data-meter-note="/meter/{}/" aria-live="polite"></p>'


@pytest.fixture
def newsroom(newsroom_from_module):
    return newsroom_from_module


@pytest.fixture(scope="module")
def published(shared_make_story):
    return {
        name: shared_make_story(f"{name.title()} story", access=access, paragraphs=PARAGRAPHS)
        for name, access in [("one", "metered"), ("two", "metered"), ("three", "metered"),
                             ("four", "metered"), ("members", "members"), ("free", "free")]
    }


@pytest.fixture
def stories(published, newsroom):
    from herald.access.models import AccessSettings

    settings = AccessSettings.for_site(newsroom.home.get_site())
    settings.meter_limit = 3
    settings.save()
    return published


def reader(ip="198.51.100.20"):
    return Client(REMOTE_ADDR=ip, HTTP_USER_AGENT="Reader/1.0")


def note(client, story) -> dict:
    response = client.get(f"/meter/{story.pk}/")
    assert response.status_code == 200
    assert response["Cache-Control"] == "max-age=0, no-cache, no-store, must-revalidate, private"
    return response.json()


@pytest.mark.django_db
def test_the_note_counts_down_once_most_of_the_meter_is_used(stories):
    client = reader()
    told = []
    for name in ("one", "two", "three", "four"):
        client.get(stories[name].url)
        told.append(note(client, stories[name]))

    assert told == [
        {"left": None, "note": ""},  # one of three used: nothing to tell yet
        {"left": 1, "note": "1 free story left this month."},
        {"left": 0, "note": "Your last free story this month."},
        {"left": None, "note": ""},  # the cut: the paywall says it
    ]


@pytest.mark.django_db
def test_the_note_is_never_cached_and_counts_nothing(stories):
    first = reader()
    for name in ("one", "two"):
        first.get(stories[name].url)
    stranger = reader(ip="203.0.113.9")

    assert note(first, stories["two"])["left"] == 1
    assert note(stranger, stories["two"]) == {"left": None, "note": ""}
    assert note(stranger, stories["three"]) == {"left": None, "note": ""}  # asked, not read
    stranger.get(stories["one"].url)
    stranger.get(stories["two"].url)
    assert note(stranger, stories["two"])["left"] == 1  # the note's request used up nothing


@pytest.mark.django_db
def test_a_deleted_cookie_still_gets_the_servers_count(stories):
    client = reader()
    for name in ("one", "two"):
        client.get(stories[name].url)
    client.cookies.pop(meter.COOKIE_NAME)

    assert note(client, stories["two"])["note"] == "1 free story left this month."


@pytest.mark.django_db
def test_only_stories_read_on_the_meter_carry_the_note_line(stories, django_user_model):
    from tests.integration.test_access import make_member

    client = reader()
    metered = client.get(stories["one"].url).content.decode()
    free = client.get(stories["free"].url).content.decode()
    user = django_user_model.objects.create_user("m", "m@example.org", "pw")
    make_member(user)
    member = reader(ip="192.0.2.77")
    member.force_login(user)
    as_member = member.get(stories["one"].url).content.decode()

    assert NOTE_LINE.format(stories["one"].pk) in metered
    assert "meter-note" not in free
    assert "meter-note" not in as_member
    assert note(member, stories["one"]) == {"left": None, "note": ""}
    assert note(client, stories["free"]) == {"left": None, "note": ""}


@pytest.mark.django_db
def test_the_cut_carries_no_note_line(stories):
    client = reader()
    for name in ("one", "two", "three"):
        client.get(stories[name].url)
    cut = client.get(stories["four"].url).content.decode()

    assert "data-paywall" in cut and "meter-note" not in cut


@pytest.mark.django_db
def test_no_note_for_a_story_that_is_not_published(stories, make_story):
    draft = make_story("A draft", access="metered", publish=False)

    assert reader().get(f"/meter/{draft.pk}/").status_code == 404
    assert reader().get("/meter/999999/").status_code == 404


@pytest.mark.django_db
def test_robots_keep_crawlers_off_the_note(client):
    assert "Disallow: /meter/" in client.get("/robots.txt").content.decode()
