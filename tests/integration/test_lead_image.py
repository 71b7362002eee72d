"""A story's lead picture: set by an editor in the admin, shown at the top of the
story, on every story list, in link previews and feeds; a gated story's picture
goes out only at signed addresses.

Everything is read over HTTP as a reader (or a feed reader, or a link preview)
gets it.
"""

from __future__ import annotations

import json
import re
from html import unescape

import feedparser
import pytest
from django.test import Client
from wagtail.images.models import Filter

from herald.articles import lead_images
from herald.articles.models import LEAD_IMAGE_NEEDS_ALT, ArticlePage, Topic
from tests.admin_forms import admin_form_data
from tests.pictures import saved_image

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]

ALT = "A crane lifts a container onto a ship at the quay at dusk"
CAPTION = "Illustration: the container quay at Genoa at dusk."
CREDIT = "Drawn for the Test Ledger"
PARAGRAPHS = ["The port of Genoa reopened its container quay on Monday.",
              "Crews worked through the weekend to finish it.", "The last paragraph."]
IMG = re.compile(r"<img\b[^>]*>")


@pytest.fixture
def newsroom(newsroom_from_module):
    """Desks and people built once for this module; each test rolls back its own writes."""
    return newsroom_from_module




def with_lead(story, image, newsroom, **fields):
    """The story with a lead picture, published by the publisher."""
    story.lead_image = image
    story.lead_image_alt = fields.get("alt", ALT)
    story.lead_image_caption, story.lead_image_credit = CAPTION, CREDIT
    publisher = newsroom.people["publisher"]
    story.save_revision(user=publisher).publish(user=publisher)
    return ArticlePage.objects.get(pk=story.pk)


def attributes(tag: str) -> dict[str, str]:
    return {k: unescape(v) for k, v in re.findall(r'([a-z-]+)="([^"]*)"', tag)} | {
        k: "" for k in re.findall(r'\s([a-z-]+)(?=[\s>])', tag)}


def images_with_class(html: str, css_class: str) -> list[dict]:
    return [attributes(tag) for tag in IMG.findall(html) if f'class="{css_class}"' in tag]


def story_picture(html: str) -> dict:
    figure = re.search(r'<figure class="figure story__picture">(.*?)</figure>', html, re.S)
    assert figure, "no lead picture on the page"
    (img,) = IMG.findall(figure.group(1))
    return attributes(img) | {"figure": figure.group(1)}


def renditions(image, spec: str) -> list:
    return list(image.get_renditions(*Filter.expand_spec(spec)).values())


def edit_url(story) -> str:
    return f"/admin/pages/{story.pk}/edit/"


def test_an_editor_sets_the_lead_picture_in_the_admin_and_it_leads_the_story(
        client, make_story, newsroom):
    story = make_story("Genoa reopens its container quay", paragraphs=PARAGRAPHS)
    image = saved_image("teal")
    client.force_login(newsroom.people["publisher"])
    data = admin_form_data(
        client, edit_url(story), paragraphs=PARAGRAPHS, lead_image=str(image.pk),
        lead_image_alt=ALT, lead_image_caption=CAPTION, lead_image_credit=CREDIT,
        **{"action-publish": "action-publish"},
    )
    response = client.post(edit_url(story), data)
    assert response.status_code == 302, response.content.decode()[:2000]

    story = ArticlePage.objects.get(pk=story.pk)
    assert (story.lead_image, story.lead_image_alt) == (image, ALT)
    html = Client().get(story.url).content.decode()
    lead = story_picture(html)
    small, medium, large = renditions(image, "width-{480,800,1200}|format-webp")
    assert lead["src"] == medium.url
    assert lead["srcset"] == f"{small.url} 480w, {medium.url} 800w, {large.url} 1200w"
    assert (lead["width"], lead["height"]) == ("800", "500")  # no shift while it loads
    assert lead["alt"] == ALT
    assert lead["fetchpriority"] == "high"
    assert "loading" not in lead  # the first thing on screen is never lazy
    assert f"<figcaption>{CAPTION} <span class=\"figure__credit\">{CREDIT}</span></figcaption>" in (
        lead["figure"])
    # Above the body, under the byline.
    assert html.index("story__byline") < html.index("story__picture") < html.index("story__body")


def test_the_admin_refuses_a_lead_picture_without_alt_text_unless_decorative(
        client, make_story, newsroom):
    story = make_story("Genoa reopens its container quay", paragraphs=PARAGRAPHS)
    image = saved_image("teal")
    client.force_login(newsroom.people["publisher"])
    fields = {"lead_image": str(image.pk), "lead_image_alt": "  ",
              "action-publish": "action-publish"}
    response = client.post(edit_url(story), admin_form_data(
        client, edit_url(story), paragraphs=PARAGRAPHS, **fields))
    assert response.status_code == 200
    assert LEAD_IMAGE_NEEDS_ALT in response.content.decode()
    assert ArticlePage.objects.get(pk=story.pk).lead_image is None

    fields["lead_image_decorative"] = "on"
    response = client.post(edit_url(story), admin_form_data(
        client, edit_url(story), paragraphs=PARAGRAPHS, **fields))
    assert response.status_code == 302
    story = ArticlePage.objects.get(pk=story.pk)
    assert (story.lead_image, story.lead_image_decorative) == (image, True)
    assert story_picture(Client().get(story.url).content.decode())["alt"] == ""


def test_lists_show_the_lead_picture_with_its_size_lazily_below_the_top_story(
        client, make_story, newsroom):
    topic = Topic.objects.create(name="Harbours", slug="harbours")
    make_story("A story without a picture", topics=[topic])
    older = with_lead(make_story("Genoa reopens its container quay", topics=[topic]),
                      saved_image("teal"), newsroom)
    top = with_lead(make_story("Trieste dredges its channel", topics=[topic]),
                    saved_image("olive"), newsroom)
    from django.core.management import call_command

    call_command("update_index", verbosity=0)
    month = older.first_published_at
    pages = {"home": "/", "desk": newsroom.desks["europe"].url, "topic": "/topics/harbours/",
             "archive": f"/archive/{month:%Y}/{month:%m}/", "search": "/search/?q=genoa"}
    for name, url in pages.items():
        html = client.get(url).content.decode()
        cards = images_with_class(html, "card__picture")
        stories = [older] if name == "search" else [top, older]
        assert len(cards) == len(stories), (name, cards)
        for card, story in zip(cards, stories, strict=True):
            small, medium, large = renditions(story.lead_image, lead_images.CARD)
            assert card["src"] == medium.url, name
            assert card["srcset"] == (
                f"{small.url} 400w, {medium.url} 800w, {large.url} 1200w"), name
            assert (card["width"], card["height"]) == ("800", "500"), name
            assert card["alt"] == ALT, name
            if name == "home" and story == top:  # the top story, above the fold
                assert card["fetchpriority"] == "high" and "loading" not in card
            else:
                assert card["loading"] == "lazy", name
    assert "card--pictured" in client.get("/").content.decode()


def test_link_previews_and_json_ld_use_the_lead_picture(client, make_story, newsroom):
    story = with_lead(make_story("Genoa reopens its container quay"), saved_image("teal"), newsroom)
    html = client.get(story.url).content.decode()
    share = story.lead_image.get_rendition(lead_images.SHARE)
    url = f"http://127.0.0.1:8000{share.url}"
    assert f'<meta property="og:image" content="{url}">' in html
    assert '<meta property="og:image:width" content="1200">' in html
    assert '<meta property="og:image:height" content="630">' in html
    assert f'<meta property="og:image:alt" content="{ALT}">' in html
    assert f'<meta name="twitter:image" content="{url}">' in html
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html).group(1))
    assert data["image"] == [url]


def test_a_gated_story_gives_its_lead_picture_only_at_signed_addresses(
        client, make_story, newsroom):
    gated = with_lead(make_story("Members quay story", access="members", paragraphs=PARAGRAPHS),
                      saved_image("navy"), newsroom)
    free = with_lead(make_story("Free quay story"), saved_image("teal"), newsroom)

    page = client.get(gated.url).content.decode()
    lead = story_picture(page)
    addresses = [lead["src"]] + [entry.split()[0] for entry in lead["srcset"].split(", ")]
    assert all(a.startswith("/media-signed/") for a in addresses), addresses
    assert client.get(addresses[0]).status_code == 200
    # Its link preview is the publication's, never the gated picture's.
    assert 'og:image" content="http://127.0.0.1:8000/static/syndication/share.png"' in page

    for url in ("/", newsroom.desks["europe"].url):
        cards = {
            ("navy" if "navy" in card["src"] else "teal"): card
            for card in images_with_class(client.get(url).content.decode(), "card__picture")
        }
        assert cards["navy"]["src"].startswith("/media-signed/"), url
        assert all(entry.startswith("/media-signed/")
                   for entry in cards["navy"]["srcset"].split(", ")), url
        assert cards["teal"]["src"].startswith("/media/images/"), url
    stored = {r.file.name for r in gated.lead_image.renditions.all()} | {gated.lead_image.file.name}
    for name in stored:
        assert Client().get(f"/media/{name}").status_code == 404, name
    assert client.get(free.lead_image.get_rendition(lead_images.SHARE).url).status_code == 200


def test_feeds_carry_the_picture_of_free_stories_only(client, make_story, newsroom):
    free = with_lead(make_story("Free quay story"), saved_image("teal"), newsroom)
    with_lead(make_story("Members quay story", access="members"), saved_image("navy"), newsroom)
    share = free.lead_image.get_rendition(lead_images.SHARE)
    url = f"http://testserver{share.url}"

    rss = feedparser.parse(client.get("/feeds/latest/").content)
    atom = feedparser.parse(client.get("/feeds/latest/atom/").content)
    for feed in (rss, atom):
        by_title = {entry.title: entry for entry in feed.entries}
        (enclosure,) = by_title["Free quay story"].enclosures
        assert (enclosure.href, enclosure.type, enclosure.length) == (
            url, "image/png", str(share.file.size))
        assert by_title["Members quay story"].enclosures == []
    items = {item["title"]: item for item in json.loads(client.get("/feeds/latest/json/").content)["items"]}
    assert items["Free quay story"]["image"] == url
    assert "image" not in items["Members quay story"]
