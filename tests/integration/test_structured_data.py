"""What search engines and link previews read from an article page: NewsArticle
JSON-LD and Open Graph parsed with extruct (the extractor crawlers' pipelines
use), the Twitter card, and the picture they share."""

from __future__ import annotations

import io
import re

import extruct
import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.fixture
def newsroom(newsroom_from_module):
    """Desks and people built once for this module; each test rolls back its own writes."""
    return newsroom_from_module


# Google's Article structured data: required and recommended properties.
NEWS_ARTICLE = {"@context", "@type", "headline", "image", "datePublished", "dateModified",
                "author", "publisher", "mainEntityOfPage"}
# extruct's uniform output gives og:type as "@type".
OPEN_GRAPH = {"@type", "og:title", "og:description", "og:url", "og:image", "og:site_name"}
TWITTER = re.compile(r'<meta name="(twitter:[a-z:]+)" content="([^"]*)">')


def picture(colour: str):
    from django.core.files.base import ContentFile
    from PIL import Image as PILImage
    from wagtail.images.models import Image

    buffer = io.BytesIO()
    PILImage.new("RGB", (1600, 1000), colour).save(buffer, "PNG")
    image = Image(title=f"A {colour} harbour", file=ContentFile(buffer.getvalue(),
                                                                  name=f"{colour}.png"))
    image.save()
    return image


def with_figure(story, image, newsroom):
    body = list(story.body.raw_data)
    body.insert(1, {"type": "figure", "value": {"image": image.pk, "alt_text": "Cranes at dusk",
                                                "caption": "", "credit": ""}})
    story.body = body
    publisher = newsroom.people["publisher"]
    story.save_revision(user=publisher).publish(user=publisher)
    return story


def metadata(html: str, url: str) -> tuple[dict, dict, dict]:
    data = extruct.extract(html, base_url=url, syntaxes=["json-ld", "opengraph"], uniform=True)
    (article,) = [item for item in data["json-ld"] if item.get("@type") == "NewsArticle"]
    (graph,) = data["opengraph"]
    return article, graph, dict(TWITTER.findall(html))


@pytest.fixture(scope="module")
def published(shared_make_story, shared_newsroom, tmp_path_factory):
    """Three stories, two with a picture, published once for the module (tests read them)."""
    from django.test import override_settings

    make_story, newsroom = shared_make_story, shared_newsroom
    with override_settings(MEDIA_ROOT=str(tmp_path_factory.mktemp("structured-data-media"))):
        free = with_figure(make_story("Cranes return to the harbour"), picture("teal"), newsroom)
        gated = with_figure(make_story("Members harbour story", access="members"),
                            picture("navy"), newsroom)
        plain = make_story("A story without pictures")
        # The shared picture's renditions, made once with the module's rows: made in a
        # test, they would be rolled back and their files left, and the next test's
        # would be stored under another name.
        for story in (free, gated, plain):
            assert Client().get(story.url).status_code == 200
        yield {"free": free, "gated": gated, "plain": plain}


@pytest.fixture
def stories(published):
    """The module's stories, fetched afresh for this test."""
    from herald.articles.models import ArticlePage

    return {name: ArticlePage.objects.get(pk=story.pk) for name, story in published.items()}


def test_news_article_and_open_graph_carry_the_required_properties(client, stories):
    story = stories["free"]
    html = client.get(story.url).content.decode()

    article, graph, twitter = metadata(html, f"http://testserver{story.url}")

    assert NEWS_ARTICLE <= set(article), NEWS_ARTICLE - set(article)
    assert article["@context"] == "https://schema.org"
    assert article["headline"] == "Cranes return to the harbour"
    assert article["author"][0] == {"@type": "Organization", "name": "Europe Desk",
                                    "url": "http://127.0.0.1:8000/europe/"}
    assert article["publisher"]["name"] == "The Test Ledger"
    assert article["datePublished"] == story.first_published_at.isoformat()
    assert article["mainEntityOfPage"] == f"http://127.0.0.1:8000{story.url}"
    assert OPEN_GRAPH <= set(graph), OPEN_GRAPH - set(graph)
    assert graph["@type"] == "article" and graph["og:title"] == "Cranes return to the harbour"
    assert graph["og:image"] == article["image"][0] == twitter["twitter:image"]
    assert twitter["twitter:card"] == "summary_large_image"
    assert twitter["twitter:title"] == "Cranes return to the harbour"


def test_a_free_story_shares_its_first_picture_at_a_public_address(client, stories):
    story = stories["free"]
    _, graph, _ = metadata(client.get(story.url).content.decode(), "http://testserver/")

    image = graph["og:image"]
    assert re.fullmatch(r"http://127\.0\.0\.1:8000/media/images/teal\.[^/]*fill-1200x630[^/]*\.png",
                        image), image
    assert (graph["og:image:width"], graph["og:image:height"]) == ("1200", "630")
    assert graph["og:image:alt"] == "Cranes at dusk"
    assert Client().get(image.removeprefix("http://127.0.0.1:8000")).status_code == 200


@pytest.mark.parametrize("name", ["gated", "plain"])
def test_a_gated_story_or_one_without_pictures_shares_the_default(client, stories, name):
    story = stories[name]
    html = client.get(story.url).content.decode()

    article, graph, twitter = metadata(html, "http://testserver/")

    assert graph["og:image"] == "http://127.0.0.1:8000/static/syndication/share.png"
    assert article["image"] == [graph["og:image"]] and twitter["twitter:image"] == graph["og:image"]
    assert "navy" not in graph["og:image"]
    if name == "gated":
        assert article["isAccessibleForFree"] is False
        assert "articleBody" not in article
