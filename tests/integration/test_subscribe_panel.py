"""Who gets the subscribe panel of a free story in the page's HTML (herald/site/README.md).

Whether it shows in a visit is decided in the browser (tests/browser/test_subscribe_prompt.py);
the server only decides who gets the markup at all."""

from __future__ import annotations

import pytest
from test_access import make_member, reader, signed_in

pytestmark = pytest.mark.django_db

PANEL = '<section class="subscribe-prompt subscribe-panel" id="subscribe-panel"'
BAND = 'id="subscribe" aria-labelledby="subscribe-heading" data-subscribe-prompt'


@pytest.fixture
def newsroom(newsroom_from_module):
    """Desks and people built once for this module; each test rolls back its own writes."""
    return newsroom_from_module


def page_of(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def free_story(make_story):
    return make_story("Tallinn opens a ferry terminal", dateline="TALLINN")


@pytest.fixture
def subscriber(django_user_model):
    return django_user_model.objects.create_user("sub", "sub@example.org", "pw")


@pytest.fixture
def member(django_user_model):
    user = django_user_model.objects.create_user("member", "member@example.org", "pw")
    make_member(user)
    return user


def test_anonymous_readers_get_the_panel_hidden_in_the_shared_cached_page(free_story):
    first = reader().get(free_story.url)
    second = reader(ip="203.0.113.7").get(free_story.url)

    assert (first.headers["X-Herald-Cache"], second.headers["X-Herald-Cache"]) == ("miss", "hit")
    assert first.content == second.content
    html = first.content.decode()
    assert html.count(PANEL) == 1
    assert 'aria-labelledby="subscribe-panel-heading" data-subscribe-panel hidden>' in html
    assert '<form class="subscribe-form" method="post" action="/subscribe/">' in html
    assert f'<input type="hidden" name="next" value="{free_story.url}">' in html
    assert "csrfmiddlewaretoken" not in html  # the endpoint checks the Origin instead
    assert html.index("</article>") < html.index(PANEL) < html.index(BAND)


@pytest.mark.parametrize("who", ["subscriber", "member"])
def test_signed_in_readers_do_not_get_the_panel(free_story, request, who):
    html = page_of(signed_in(request.getfixturevalue(who)), free_story.url)

    assert '<h1 class="story__headline">Tallinn opens a ferry terminal</h1>' in html
    assert "data-subscribe-panel" not in html
    assert PANEL not in html


@pytest.mark.parametrize("access", ["members", "metered"])
def test_gated_stories_do_not_get_the_panel(make_story, access):
    from herald.access.models import AccessSettings

    story = make_story("Riga budget talks", access=access)
    settings = AccessSettings.for_site(story.get_site())
    settings.meter_limit = 0  # a metered story is over the meter at once
    settings.save()

    html = page_of(reader(), story.url)

    assert "data-paywall=" in html
    assert "data-subscribe-panel" not in html


@pytest.mark.parametrize("who, band, masthead", [
    ("anonymous", "Discover more from The Test Ledger", '<a class="button" href="#subscribe">Subscribe</a>'),
    ("subscriber", "Read everything The Test Ledger publishes", '<a class="button" href="/account/">Your account</a>'),
    ("member", None, '<a class="button" href="/account/">Your account</a>'),
])
def test_the_band_after_the_page_offers_what_the_reader_has_not_got(free_story, request, who, band, masthead):
    client = reader() if who == "anonymous" else signed_in(request.getfixturevalue(who))
    html = page_of(client, free_story.url)

    assert masthead in html
    bands = ["Discover more from The Test Ledger", "Read everything The Test Ledger publishes"]
    assert [b for b in bands if b in html] == ([band] if band else [])
    if who == "subscriber":
        assert '<a class="button" href="/membership/">Become a member</a>' in html


def band_of(html: str) -> tuple[str, str]:
    """The subscribe band's sentence and its link back, as a reader sees them."""
    from bs4 import BeautifulSoup

    band = BeautifulSoup(html, "html.parser").select_one("#subscribe")
    return (band.select_one("h2 + p").get_text(), band.select_one("[data-continue-reading]").get_text())


def test_a_free_story_read_to_its_end_is_not_followed_by_keep_reading(free_story, make_story):
    html = page_of(reader(), free_story.url)

    assert band_of(html) == (
        "Subscribe for free to get our newsletters, with our new stories in your inbox.",
        "Back to the story",
    )
    assert "keep reading" not in html.lower()  # the slide-in panel says the same
    assert "Continue reading</button>" in html  # the panel's, which puts it away mid-story
    # Negative control: where a gated story is cut, the band keeps its "keep reading".
    gated = make_story("Riga budget talks", access="members")
    html = page_of(reader(), gated.url)
    assert "data-paywall=" in html
    assert band_of(html) == (
        "Subscribe now to keep reading and get access to the full archive.",
        "Continue reading",
    )
