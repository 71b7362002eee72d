"""Trending Stories: decay, bots and prefetches, de-duplication, the anti-rigging
rules, and no story twice among Picks, Trending and More on one page.

Every rule runs against both stores: the database (the default) and Redis (the
real server of the ``redis_url`` fixture, under a prefix of its own).
"""

import re
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from herald.articles.models import ArticlePage
from herald.discovery.models import EditorsPick, EditorsPicks
from herald.discovery.trending import Outcome, get_backend, record_view, trending_ids

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0"
HOUR = 3600.0


@pytest.fixture
def newsroom(newsroom_from_module):
    """Desks and people built once for this module; each test rolls back its own writes."""
    return newsroom_from_module


# Stories the tests only read (views are counted in the store, which each test empties),
# published once for the module.
READ_ONLY_STORIES = ("Read twice", "Read by a crowd", "Cookie set", "Not a reader",
                     "Ten reads at dawn", "Four reads now")


@pytest.fixture(scope="module")
def module_stories(shared_make_story):
    return {title: shared_make_story(title).pk for title in READ_ONLY_STORIES}


@pytest.fixture
def published(module_stories):
    """The module's published story with this title, fetched afresh."""
    return lambda title: ArticlePage.objects.get(pk=module_stories[title])


@pytest.fixture(params=["database", "redis"])
def store(request, settings):
    settings.HERALD_TRENDING_BACKEND = request.param
    if request.param == "redis":
        settings.CACHES = {
            "default": {
                "BACKEND": "django_redis.cache.RedisCache",
                "LOCATION": request.getfixturevalue("redis_url"),
                "KEY_PREFIX": f"test-trending-{uuid.uuid4().hex}",
            }
        }
    backend = get_backend()
    yield request.param
    backend.clear()
    if request.param == "redis":
        from django.core.cache import cache

        cache.delete_pattern("*")


def view(story, address="198.51.100.1", reader="", at=None, agent=BROWSER):
    return record_view(story.pk, address=address, reader_id=reader, user_agent=agent, now=at)


def trending_block(html):
    section = re.search(r'<section class="trending".*?</section>', html, re.S).group(0)
    return re.findall(r'<li><a href="[^"]+">([^<]+)</a>', section)


@pytest.mark.django_db
def test_fifteen_hundred_beacons_with_different_user_agents_do_not_rig_trending(
    store, make_story, settings
):
    genuine = make_story("Genuinely read", paragraphs=["Readers came for this one."])
    rigged = make_story("Rigged story", paragraphs=["Someone wants this at the top."])
    reader = make_story("The page readers are on", paragraphs=["An unrelated story."])
    for n in range(12):  # twelve readers, each at their own address, with a browser
        client = Client(REMOTE_ADDR=f"203.0.113.{n + 1}")
        assert client.post(f"/views/{genuine.pk}/", HTTP_USER_AGENT=BROWSER).status_code == 204
    attacker = Client(REMOTE_ADDR="192.0.2.66")
    answers = []
    for n in range(1500):
        attacker.cookies.clear()  # no cookie: the address alone is the reader
        answers.append(attacker.post(
            f"/views/{rigged.pk}/", HTTP_USER_AGENT=f"Mozilla/5.0 (rigging {n}) Firefox/{n}"
        ).status_code)
    # The beacon's rate limit per address and minute (the run may straddle two minutes).
    assert answers.count(429) >= 1500 - 2 * settings.HERALD_VIEW_BEACON_RATE
    assert trending_ids(3)[:2] == [genuine.pk, rigged.pk]
    html = Client().get(reader.url).content.decode()
    assert trending_block(html)[:2] == ["Genuinely read", "Rigged story"]


@pytest.mark.django_db
def test_one_address_weighs_at_most_the_cap_whatever_cookies_it_collects(
    store, make_story, settings
):
    story = make_story("Cookie jar")
    other = make_story("Five real readers")
    start = time.time() // 1800 * 1800 + 10  # the cap counts per half hour: stay inside one
    outcomes = [view(story, reader=f"cookie-{n}", at=start + n) for n in range(40)]
    assert outcomes.count(Outcome.COUNTED) == settings.HERALD_TRENDING_ADDRESS_CAP == 5
    assert set(outcomes[5:]) == {Outcome.CAPPED}
    for n in range(6):
        view(other, address=f"203.0.113.{n}", at=start)
    assert trending_ids(2, now=start + 60) == [other.pk, story.pk]


@pytest.mark.django_db
def test_a_reader_counts_once_per_story_per_half_hour(store, published):
    story = published("Read twice")
    start = time.time()
    assert view(story, reader="r1", at=start) == Outcome.COUNTED
    assert view(story, reader="r1", at=start + 1700) == Outcome.DUPLICATE
    # Another reader behind the same address (their own cookie) counts.
    assert view(story, reader="r2", at=start + 10) == Outcome.COUNTED
    assert view(story, reader="r1", at=start + 1801) == Outcome.COUNTED


@pytest.mark.django_db
@pytest.mark.parametrize("store", ["redis"], indirect=True)
def test_views_recorded_at_the_same_moment_each_get_their_own_outcome(store, published):
    # Concurrent request threads share Redis's connection pool and its one script:
    # each thread must still get its own view's answer, and a reader counts once.
    # (The database store writes its counts behind from whichever thread flushes:
    # not from threads of a test.)
    story = published("Read by a crowd")
    start = time.time()
    threads = 8
    barrier = threading.Barrier(threads)

    def read(n):
        barrier.wait()
        same = view(story, reader="one-reader", address="203.0.113.7", at=start)
        own = [view(story, reader=f"reader-{n}-{k}", address=f"198.51.{n}.{k}", at=start)
               for k in range(20)]
        return same, own

    with ThreadPoolExecutor(threads) as pool:
        answers = list(pool.map(read, range(threads)))

    assert sorted(same for same, _ in answers) == [Outcome.COUNTED] + [Outcome.DUPLICATE] * 7
    assert {outcome for _, own in answers for outcome in own} == {Outcome.COUNTED}
    assert get_backend().top(1, start) == [(story.pk, pytest.approx(1 + threads * 20))]


@pytest.mark.django_db
def test_the_beacon_sets_a_signed_reader_cookie_and_counts_its_reader_once(store, published):
    story = published("Cookie set")
    client = Client(REMOTE_ADDR="203.0.113.9")
    first = client.post(f"/views/{story.pk}/", HTTP_USER_AGENT=BROWSER)
    cookie = first.cookies["herald_reader"]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert client.post(f"/views/{story.pk}/", HTTP_USER_AGENT=BROWSER).cookies == {}
    forged = Client(REMOTE_ADDR="203.0.113.9")
    forged.cookies["herald_reader"] = "made-up-value"
    forged.post(f"/views/{story.pk}/", HTTP_USER_AGENT=BROWSER)  # unsigned: the address alone
    assert view(story, address="203.0.113.9") == Outcome.DUPLICATE
    assert trending_ids(1) == [story.pk]


@pytest.mark.django_db
@pytest.mark.parametrize("agent, headers", [
    ("Googlebot/2.1 (+http://www.google.com/bot.html)", {}),
    ("", {}),
    ("curl/8.5.0", {}),
    (BROWSER, {"HTTP_SEC_PURPOSE": "prefetch"}),
    (BROWSER, {"HTTP_SEC_PURPOSE": "prefetch;prerender"}),
    (BROWSER, {"HTTP_PURPOSE": "prefetch"}),
    (BROWSER, {"HTTP_X_PURPOSE": "preview"}),
])
def test_bots_and_prefetches_are_not_counted(store, published, agent, headers):
    story = published("Not a reader")
    response = Client().post(f"/views/{story.pk}/", HTTP_USER_AGENT=agent, **headers)
    assert response.status_code == 204
    assert "herald_reader" not in response.cookies
    assert trending_ids(1) == []


@pytest.mark.django_db
@pytest.mark.parametrize("half_life, first", [(6, "Four reads now"), (24, "Ten reads at dawn")])
def test_views_decay_with_the_configured_half_life(store, published, settings, half_life, first):
    settings.HERALD_TRENDING_HALF_LIFE_HOURS = half_life
    old = published("Ten reads at dawn")
    new = published("Four reads now")
    now = time.time()
    for n in range(10):
        view(old, address=f"203.0.113.{n}", at=now - 12 * HOUR)
    for n in range(4):
        view(new, address=f"203.0.113.{n}", at=now)
    ranked = trending_ids(2, now=now)
    assert ranked[0] == (new if first == "Four reads now" else old).pk


@pytest.mark.django_db
def test_ties_go_to_the_newer_story_and_unpublished_stories_drop_out(store, make_story):
    now = timezone.now()
    older = make_story("Older", published_at=now - timedelta(days=2))
    newer = make_story("Newer", published_at=now - timedelta(days=1))
    gone = make_story("Withdrawn")
    at = time.time()
    for story in (older, newer, gone):
        view(story, at=at, address=f"203.0.113.{story.pk}")
    gone.unpublish()
    assert trending_ids(5, now=at) == [newer.pk, older.pk]


@pytest.mark.django_db
def test_a_story_is_never_in_two_of_picks_trending_and_more(store, client, make_story, home,
                                                             module_stories):
    # The module's read-only stories are off the site for this test (rolled back after
    # it): the page's three blocks are to hold only this test's stories.
    ArticlePage.objects.filter(pk__in=module_stories.values()).update(live=False)
    base = ["Night trains from Vienna to Rome return.", "Sleeper cars were bought."]
    story = make_story("Night trains to Rome", paragraphs=base)
    related = [make_story(f"Night trains {n}", dateline=c, paragraphs=[
        f"Night trains from {c.title()} to Rome return.", f"{n} sleeper cars were bought."])
        for n, c in enumerate(["VIENNA", "MUNICH", "ZURICH", "PARIS"])]
    picks = EditorsPicks.for_site(home.get_site())
    EditorsPick.objects.create(picks=picks, article=related[0], sort_order=0)
    for n in range(3):
        view(related[0], address=f"203.0.113.{n}")
        view(related[1], address=f"203.0.113.{n}")
    html = client.get(story.url).content.decode()
    blocks = {}
    for name in ("more", "picks", "trending"):
        section = re.search(rf'<section class="{name}".*?</section>', html, re.S).group(0)
        blocks[name] = re.findall(r'<a href="[^"]+">([^<]+)</a>', section)
    assert blocks["picks"] == ["Night trains 0"]
    assert blocks["trending"] == ["Night trains 1"]
    assert "Night trains 0" not in blocks["more"] and "Night trains 1" not in blocks["more"]
    assert sorted(blocks["more"]) == ["Night trains 2", "Night trains 3"]


@pytest.mark.django_db
def test_desk_picks_and_expired_picks(client, make_story, home, newsroom):
    europe = make_story("A Europe story")
    world = make_story("A World story", desk="world", dateline="NAIROBI")
    everywhere = make_story("Picked for everyone")
    desk_pick = make_story("Picked for Europe")
    expired = make_story("Picked last week")
    picks = EditorsPicks.for_site(home.get_site())
    EditorsPick.objects.create(picks=picks, article=everywhere, sort_order=0)
    EditorsPick.objects.create(picks=picks, article=desk_pick, sort_order=1,
                               desk=newsroom.desks["europe"])
    EditorsPick.objects.create(picks=picks, article=expired, sort_order=2,
                               expires_at=timezone.now() - timedelta(hours=1))

    def shown(story):
        html = client.get(story.url).content.decode()
        section = re.search(r'<section class="picks".*?</section>', html, re.S).group(0)
        return re.findall(r'<a href="[^"]+">([^<]+)</a>', section)

    assert shown(europe) == ["Picked for Europe", "Picked for everyone"]
    assert shown(world) == ["Picked for everyone"]
