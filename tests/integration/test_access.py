"""The paywall over HTTP: the meter, members-only stories, the archive rule, the cache."""

import json
import re
from datetime import timedelta

import pytest
from django.core import signing
from django.test import Client
from django.utils import timezone

from herald.access import meter

OPEN_1 = "The opening paragraph sets out the story."
OPEN_2 = "The second paragraph is still open to all."
GATED = "The third paragraph is behind the paywall."
GATED_LAST = "The last paragraph closes the story."
PARAGRAPHS = [OPEN_1, OPEN_2, GATED, GATED_LAST]


@pytest.fixture
def newsroom(newsroom_from_module):
    """Desks and people built once for this module; each test rolls back its own writes."""
    return newsroom_from_module


@pytest.fixture
def access_settings(newsroom):
    from herald.access.models import AccessSettings

    settings = AccessSettings.for_site(newsroom.home.get_site())
    settings.meter_limit = 2
    settings.save()
    return settings


@pytest.fixture(scope="module")
def published_stories(shared_make_story):
    """Published once for the module through the desk's workflow; tests only read them."""
    return {
        name: shared_make_story(f"{name.title()} story", access=access, paragraphs=PARAGRAPHS)
        for name, access in [
            ("first", "metered"), ("second", "metered"), ("third", "metered"),
            ("members", "members"), ("free", "free"),
        ]
    }


@pytest.fixture
def stories(published_stories, access_settings):
    return published_stories


def reader(ip="198.51.100.10", agent="Reader/1.0"):
    return Client(REMOTE_ADDR=ip, HTTP_USER_AGENT=agent)


def make_member(user, tier_slug="supporter"):
    from herald.memberships.models import Member, Tier

    tier, _ = Tier.objects.get_or_create(
        slug=tier_slug,
        defaults={"name": tier_slug.title(), "monthly_price": 5, "yearly_price": 50,
                  "benefits": "Every story"},
    )
    return Member.objects.create(user=user, tier=tier, status="active", provider="development")


def signed_in(user, **kwargs):
    client = reader(**kwargs)
    client.force_login(user)
    return client


def member_client(django_user_model, name="member"):
    user = django_user_model.objects.create_user(name, f"{name}@example.org", "pw")
    make_member(user)
    return signed_in(user, ip="192.0.2.50")


def body(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def json_ld(html) -> dict:
    return json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))


def is_full(html) -> bool:
    return GATED in html and GATED_LAST in html


def is_cut(html) -> bool:
    return OPEN_1 in html and OPEN_2 in html and GATED not in html and GATED_LAST not in html


@pytest.mark.django_db
def test_anonymous_reader_within_the_meter_reads_a_metered_story_in_full(stories):
    response = reader().get(stories["first"].url)
    html = body(response)
    assert is_full(html)
    assert '<div class="paywalled">' in html
    assert 'data-paywall=' not in html
    assert meter.COOKIE_NAME in response.cookies
    assert "private" in response.headers["Cache-Control"]
    data = json_ld(html)
    assert data["isAccessibleForFree"] is False
    assert data["hasPart"] == {"@type": "WebPageElement", "isAccessibleForFree": False,
                               "cssSelector": ".paywalled"}
    assert GATED in data["articleBody"]


@pytest.mark.django_db
def test_anonymous_reader_beyond_the_meter_gets_the_cut_and_the_prompt(stories):
    client = reader()
    body(client.get(stories["first"].url))
    body(client.get(stories["second"].url))
    html = body(client.get(stories["third"].url))
    assert is_cut(html)
    assert '<span class="dateline">ROME —</span> ' + OPEN_1 in html
    assert '<h1 class="story__headline">Third story</h1>' in html
    assert 'data-paywall="meter-spent"' in html
    assert "You have read your free stories for this month." in html
    assert 'href="/membership/"' in html
    assert 'href="/subscribe/"' in html
    assert 'href="/account/sign-in/?next=/europe/third-story/"' in html
    assert "paywalled" not in html.split("</head>")[1]
    data = json_ld(html)
    assert data["isAccessibleForFree"] is False
    assert "articleBody" not in data


@pytest.mark.django_db
def test_reloading_a_story_counts_it_once(stories):
    client = reader()
    for _ in range(4):
        assert is_full(body(client.get(stories["first"].url)))
    assert is_full(body(client.get(stories["second"].url)))
    assert is_cut(body(client.get(stories["third"].url)))
    assert is_full(body(client.get(stories["first"].url)))


@pytest.mark.django_db
def test_deleting_the_cookie_does_not_reset_the_meter(stories):
    client = reader()
    body(client.get(stories["first"].url))
    body(client.get(stories["second"].url))
    client.cookies.clear()
    response = client.get(stories["third"].url)
    assert is_cut(body(response))
    # The reply restores the cookie from the server's copy; stories read stay readable.
    assert meter.COOKIE_NAME in response.cookies
    assert is_full(body(client.get(stories["first"].url)))


@pytest.mark.django_db
def test_a_forged_cookie_does_not_reset_the_meter(stories):
    client = reader()
    body(client.get(stories["first"].url))
    body(client.get(stories["second"].url))
    client.cookies[meter.COOKIE_NAME] = "e30:forged:signature"
    assert is_cut(body(client.get(stories["third"].url)))


@pytest.mark.django_db
def test_a_cookie_claiming_a_story_under_a_forged_signature_is_refused_every_time(stories):
    """A worker verifies each cookie value once and keeps the answer: a refused value
    stays refused on every request (and on every reader who sends it)."""
    client = reader()
    body(client.get(stories["first"].url))
    real = body_cookie(client.get(stories["second"].url))
    listed, signature = real.split(":")
    forged = f"{listed}-{stories['third'].pk}.{meter.day_of(timezone.now())}:{signature}"
    for agent in ("Reader/1.0", "Reader/1.0", "Another/2.0"):
        other = reader(agent=agent)
        other.cookies[meter.COOKIE_NAME] = forged
        if agent == "Another/2.0":  # a reader whose server copy is empty
            body(other.get(stories["first"].url))
            body(other.get(stories["second"].url))
            other.cookies[meter.COOKIE_NAME] = forged
        assert is_cut(body(other.get(stories["third"].url)))


@pytest.mark.django_db
def test_a_replayed_older_cookie_does_not_reset_the_meter(stories):
    client = reader()
    older = body_cookie(client.get(stories["first"].url))
    body(client.get(stories["second"].url))
    for _ in range(2):  # the second time, the worker knows the value already
        client.cookies[meter.COOKIE_NAME] = older
        assert is_cut(body(client.get(stories["third"].url)))


@pytest.mark.django_db
def test_the_cookie_lasts_until_the_newest_read_leaves_the_window(stories):
    from django.utils.http import http_date

    today = meter.day_of(timezone.now())
    response = reader().get(stories["first"].url)
    cookie = response.cookies[meter.COOKIE_NAME]
    assert cookie["expires"] == http_date((today + meter.WINDOW_DAYS) * meter.DAY_SECONDS)
    assert (cookie["httponly"], cookie["samesite"]) == (True, "Lax")


@pytest.mark.django_db
def test_a_read_decided_before_midnight_is_written_in_the_cookie_for_that_day(stories, monkeypatch):
    from datetime import UTC, datetime

    from django.utils import timezone as django_timezone

    body(reader(ip="203.0.113.9").get(stories["first"].url))  # the full page, kept
    today = meter.day_of(timezone.now())
    before_midnight = datetime.fromtimestamp((today + 1) * meter.DAY_SECONDS - 0.1, UTC)
    readings = iter([before_midnight])
    monkeypatch.setattr(django_timezone, "now",
                        lambda: next(readings, before_midnight + timedelta(seconds=1)))
    response = reader().get(stories["first"].url)
    assert response.headers["X-Herald-Cache"] == "hit"
    listed = signing.Signer(salt=meter.SALT).unsign(response.cookies[meter.COOKIE_NAME].value)
    assert listed == f"{stories['first'].pk}.{today}"


def body_cookie(response) -> str:
    """The meter cookie ``response`` sets, its page read."""
    body(response)
    return response.cookies[meter.COOKIE_NAME].value


@pytest.mark.django_db
def test_readers_over_and_within_the_meter_share_the_cache_but_not_the_page(stories):
    spent = reader()
    body(spent.get(stories["first"].url))
    body(spent.get(stories["second"].url))
    assert is_cut(body(spent.get(stories["third"].url)))

    newcomer = reader(ip="203.0.113.77")
    first_look = newcomer.get(stories["third"].url)
    assert is_full(body(first_look))
    second_newcomer = reader(ip="203.0.113.78")
    response = second_newcomer.get(stories["third"].url)
    assert is_full(body(response))
    assert response.headers["X-Herald-Cache"] == "hit"

    response = spent.get(stories["third"].url)
    assert is_cut(body(response))
    assert response.headers["X-Herald-Cache"] == "hit"


@pytest.mark.django_db
def test_member_reads_members_only_story(stories, django_user_model):
    html = body(member_client(django_user_model).get(stories["members"].url))
    assert is_full(html)
    assert GATED in json_ld(html)["articleBody"]


@pytest.mark.django_db
def test_anonymous_and_free_readers_get_the_cut_of_a_members_only_story(stories, django_user_model):
    html = body(reader().get(stories["members"].url))
    assert is_cut(html)
    assert 'data-paywall="members-only"' in html
    assert "This story is for members." in html

    subscriber = django_user_model.objects.create_user("sub", "sub@example.org", "pw")
    html = body(signed_in(subscriber).get(stories["members"].url))
    assert is_cut(html)
    assert 'href="/membership/"' in html
    assert 'href="/subscribe/"' not in html  # already a subscriber


@pytest.mark.django_db
def test_a_members_page_is_never_served_to_an_anonymous_reader_from_cache(stories, django_user_model):
    member = member_client(django_user_model)
    for _ in range(2):
        assert is_full(body(member.get(stories["members"].url)))
    for _ in range(2):
        response = reader().get(stories["members"].url)
        assert is_cut(body(response))


@pytest.mark.django_db
def test_staff_read_everything(stories, newsroom):
    client = signed_in(newsroom.people["europe-reporter"])
    assert is_full(body(client.get(stories["members"].url)))


@pytest.mark.django_db
def test_free_story_is_the_same_cached_page_for_everyone(stories):
    first = reader().get(stories["free"].url)
    assert is_full(body(first))
    assert meter.COOKIE_NAME not in first.cookies
    assert "private" not in first.headers.get("Cache-Control", "")
    assert '<div class="paywalled">' not in body(first)
    assert "isAccessibleForFree" not in body(first)
    second = reader(ip="203.0.113.5").get(stories["free"].url)
    assert second.headers["X-Herald-Cache"] == "hit"


@pytest.mark.django_db
def test_archive_rule_keeps_old_stories_for_members(make_story, access_settings, django_user_model):
    old = make_story("Old story", paragraphs=PARAGRAPHS,
                     published_at=timezone.now() - timedelta(days=90))
    fresh = make_story("Fresh story", paragraphs=PARAGRAPHS)
    access_settings.archive_days = 30
    access_settings.save()
    html = body(reader().get(old.url))
    assert is_cut(html)
    assert 'data-paywall="archive"' in html
    assert "This story is in our archive, which members read in full." in html
    assert is_full(body(reader().get(fresh.url)))
    assert is_full(body(member_client(django_user_model).get(old.url)))


@pytest.mark.django_db
def test_changing_the_meter_shows_on_the_next_request(stories, access_settings):
    client = reader()
    body(client.get(stories["first"].url))
    body(client.get(stories["second"].url))
    assert is_cut(body(client.get(stories["third"].url)))
    access_settings.meter_limit = 3
    access_settings.save()
    assert is_full(body(client.get(stories["third"].url)))


@pytest.mark.django_db
def test_free_subscriber_is_metered_by_account(stories, django_user_model):
    user = django_user_model.objects.create_user("sub", "sub@example.org", "pw")
    body(signed_in(user).get(stories["first"].url))
    body(signed_in(user, ip="203.0.113.200").get(stories["second"].url))
    elsewhere = signed_in(user, ip="192.0.2.99", agent="Phone/2.0")
    assert is_cut(body(elsewhere.get(stories["third"].url)))


@pytest.mark.django_db
def test_the_editor_places_the_cut(make_story, access_settings):
    from herald.articles.models import ArticlePage

    story = make_story("Long read", access="members", paragraphs=PARAGRAPHS + ["A fifth."])
    ArticlePage.objects.filter(pk=story.pk).update(paywall_after=3)
    from herald.core import content_version

    content_version.bump()
    html = body(reader().get(story.url))
    assert OPEN_1 in html and OPEN_2 in html and GATED in html
    assert GATED_LAST not in html and "A fifth." not in html


@pytest.mark.django_db
def test_head_request_does_not_use_up_the_meter(stories):
    client = reader()
    client.head(stories["first"].url)
    client.head(stories["second"].url)
    body(client.get(stories["first"].url))
    assert is_full(body(client.get(stories["third"].url)))


@pytest.mark.django_db
def test_gated_story_page_query_count_is_bounded(stories, django_assert_max_num_queries):
    client = reader()
    body(client.get(stories["members"].url))
    with django_assert_max_num_queries(0):
        body(reader().get(stories["members"].url))  # served from the cut variant


@pytest.mark.django_db
def test_meter_kept_in_a_cache_of_its_own_still_survives_a_deleted_cookie(stories, settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages"},
        "meter": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "meter"},
    }
    settings.HERALD_METER_CACHE = "meter"
    from django.core.cache import caches

    client = reader()
    for name in ("first", "second", "first"):
        assert is_full(body(client.get(stories[name].url)))
    client.cookies.clear()
    assert is_cut(body(client.get(stories["third"].url)))
    assert is_cut(body(client.get(stories["third"].url)))
    # The record lived in the meter's cache, not the page cache: clearing it (and the
    # cookie) forgets the reader.
    caches["meter"].clear()
    client.cookies.clear()
    assert is_full(body(client.get(stories["third"].url)))
