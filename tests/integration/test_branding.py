"""The publication's branding, set by the publisher in the admin's settings and read
where readers meet it: the masthead, the favicon, the accent colour's stylesheet,
link previews, feeds and e-mails. Nothing set: Herald's own look."""

from __future__ import annotations

import json
import re

import feedparser
import pytest
from django.core import mail
from django.test import Client
from wagtail.images.models import Filter

from herald.newsroom.models import PublicationSettings
from tests.pictures import saved_image

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]


@pytest.fixture
def newsroom(newsroom_from_module):
    """Desks and people built once for this module; each test rolls back its own writes."""
    return newsroom_from_module




def settings_url(newsroom) -> str:
    return f"/admin/settings/newsroom/publicationsettings/{newsroom.home.get_site().pk}/"


def post_settings(client, newsroom, **fields):
    publication = PublicationSettings.for_site(newsroom.home.get_site())
    data = {"name": publication.name, "tagline": "Ports and quays",
            "support_prompt": publication.support_prompt,
            "subscribe_prompt": publication.subscribe_prompt,
            "free_story_subscribe_prompt": publication.free_story_subscribe_prompt, **fields}
    return client.post(settings_url(newsroom), data)


def rendition(image, spec: str):
    (found,) = image.get_renditions(*Filter.expand_spec(spec)).values()
    return found


@pytest.fixture
def branded(client, newsroom):
    """The publisher sets a logo, an accent colour, a favicon and a social image in the admin."""
    pictures = {"logo": saved_image(size=(1200, 300), name="logo"),
                "favicon": saved_image(size=(600, 600), name="icon"),
                "social_image": saved_image(size=(1600, 900), name="social")}
    client.force_login(newsroom.people["publisher"])
    response = post_settings(client, newsroom, accent_colour="#1F5A73",
                             **{name: str(image.pk) for name, image in pictures.items()})
    assert response.status_code == 302, response.content.decode()[:3000]
    client.logout()
    return pictures


def test_the_publisher_brands_the_reader_site_in_the_admin(client, newsroom, branded,
                                                          make_story):
    publication = PublicationSettings.for_site(newsroom.home.get_site())
    assert publication.accent_colour == "#1f5a73"
    html = client.get("/").content.decode()
    one, two = (rendition(branded["logo"], spec) for spec in ("max-480x64", "max-960x128"))
    assert (f'<a href="/"><img class="masthead__logo" src="{one.url}" srcset="{one.url} 1x, '
            f'{two.url} 2x" width="256" height="64" alt="The Test Ledger"></a>') in html
    icon = rendition(branded["favicon"], "fill-32x32|format-png")
    touch = rendition(branded["favicon"], "fill-180x180|format-png")
    assert f'<link rel="icon" href="{icon.url}" sizes="32x32" type="image/png">' in html
    assert f'<link rel="apple-touch-icon" href="{touch.url}" sizes="180x180">' in html
    assert "favicon.svg" not in html
    assert '<link rel="stylesheet" href="/brand/1f5a73.css">' in html
    css = client.get("/brand/1f5a73.css")
    assert css["Content-Type"] == "text/css; charset=utf-8"
    assert css.content.decode() == ":root { --accent: #1f5a73; --accent-dark: #184457; }\n"
    assert "immutable" in css["Cache-Control"]
    # A story without a picture of its own is shared with the publication's picture.
    story = make_story("A story without pictures")
    social = rendition(branded["social_image"], "fill-1200x630")
    page = client.get(story.url).content.decode()
    assert f'<meta property="og:image" content="http://127.0.0.1:8000{social.url}">' in page
    for address in (one.url, icon.url, social.url):  # a setting's pictures are public
        assert Client().get(address).status_code == 200, address


@pytest.mark.parametrize(("colour", "message"), [
    ("#ffcc00", "#ffcc00 has a contrast of 1.51:1 with white; the accent colours text on white "
                "and the background of white text on buttons, which need at least 4.5:1 to be "
                "read (WCAG AA). The same colour darkened enough: #8f7200."),
    ("#777", "#777777 has a contrast of 4.47:1 with white; the accent colours text on white "
             "and the background of white text on buttons, which need at least 4.5:1 to be "
             "read (WCAG AA). The same colour darkened enough: #767676."),
    ("tomato", "“tomato” is not a colour: write it in hex, like #a4161a."),
])
def test_an_accent_white_text_cannot_be_read_on_is_refused_with_a_shade_that_passes(
        client, newsroom, colour, message):
    client.force_login(newsroom.people["publisher"])
    response = post_settings(client, newsroom, accent_colour=colour)
    assert response.status_code == 200
    assert message in response.content.decode().replace("&quot;", '"').replace("&#x27;", "'")
    assert PublicationSettings.for_site(newsroom.home.get_site()).accent_colour == ""
    assert client.get(f"/brand/{colour.lstrip('#')}.css").status_code == 404


def test_without_branding_the_site_keeps_herald_s_look(client, newsroom, make_story):
    html = client.get("/").content.decode()
    assert '<a href="/">The Test Ledger</a>' in html
    assert '<link rel="icon" href="/static/site/favicon.svg" type="image/svg+xml">' in html
    assert "/brand/" not in html
    story = make_story("A story without pictures")
    assert ('<meta property="og:image" content="http://127.0.0.1:8000/static/syndication/'
            'share.png">') in client.get(story.url).content.decode()
    rss = feedparser.parse(client.get("/feeds/latest/").content)
    assert "image" not in rss.feed
    feed = json.loads(client.get("/feeds/latest/json/").content)
    assert "icon" not in feed and "favicon" not in feed


def test_feeds_carry_the_icon_and_logo(client, newsroom, branded, make_story):
    make_story("A story")
    base = "http://testserver"
    rss_icon = rendition(branded["favicon"], "fill-144x144|format-png")
    icon = rendition(branded["favicon"], "fill-512x512|format-png")
    favicon = rendition(branded["favicon"], "fill-32x32|format-png")
    logo = rendition(branded["logo"], "max-960x128")
    rss = feedparser.parse(client.get("/feeds/latest/").content)
    assert (rss.feed.image.href, rss.feed.image.title) == (base + rss_icon.url, "The Test Ledger")
    atom = client.get("/feeds/latest/atom/").content.decode()
    assert f"<icon>{base}{icon.url}</icon>" in atom and f"<logo>{base}{logo.url}</logo>" in atom
    feed = json.loads(client.get("/feeds/latest/json/").content)
    assert (feed["icon"], feed["favicon"]) == (base + icon.url, base + favicon.url)


def test_the_donation_receipt_carries_the_logo_and_the_accent(newsroom, branded, settings):
    from herald.memberships.actions import send_donation_receipt
    from herald.memberships.models import Donation

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    donation = Donation.objects.create(email="donor@example.org", amount=2500, currency="EUR",
                                       kind="one_off", status="paid")
    assert send_donation_receipt(donation.pk)
    (message,) = mail.outbox
    html = message.alternatives[0][0]
    logo = rendition(branded["logo"], "max-960x128")
    assert (f'<img src="http://127.0.0.1:8000{logo.url}" width="256" height="64" '
            f'alt="The Test Ledger">') in html
    assert 'style="color: #1f5a73;"' in html


def test_the_newsletter_carries_the_logo_and_the_accent(newsroom, branded, make_story):
    from herald.newsletters.models import Issue, Newsletter
    from herald.newsletters.rendering import IssueRenderer

    story = make_story("A story for members", access="members")  # its "Join" button
    newsletter = Newsletter.objects.get(slug="europe")
    issue = Issue.objects.create(newsletter=newsletter, story=story, subject="A story")
    html = IssueRenderer(issue, [story]).rendered(branding_reader()).html
    logo = rendition(branded["logo"], "max-960x128")
    assert f'src="http://127.0.0.1:8000{logo.url}"' in html
    assert re.search(r'class="button"[^>]*style="[^"]*background: #1f5a73', html), html
    assert "#b4432a" not in html


def branding_reader():
    from herald.access.readers import SUBSCRIBER

    return SUBSCRIBER


def test_the_branding_is_read_once_and_a_new_logo_shows_on_the_next_request(
        client, newsroom, branded, settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.HERALD_PAGE_CACHE_SECONDS = 0  # every request renders the page
    client.get("/")  # the branding's markup is kept from here on
    with CaptureQueriesContext(connection) as queries:
        html = client.get("/").content.decode()
    pictures = [q["sql"] for q in queries.captured_queries if "wagtailimages_" in q["sql"]]
    assert pictures == []
    assert rendition(branded["logo"], "max-480x64").url in html

    client.force_login(newsroom.people["publisher"])
    new_logo = saved_image("navy", size=(800, 200), name="new-logo")
    response = post_settings(client, newsroom, accent_colour="#1F5A73", logo=str(new_logo.pk),
                             favicon=str(branded["favicon"].pk),
                             social_image=str(branded["social_image"].pk))
    assert response.status_code == 302
    client.logout()

    html = client.get("/").content.decode()
    assert rendition(new_logo, "max-480x64").url in html
    assert rendition(branded["logo"], "max-480x64").url not in html
