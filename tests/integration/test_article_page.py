import json
import re

import pytest

BLOCK_HEADINGS = [
    "More",
    "Show your support",
    "Europe Desk",
    "Editor’s Picks",
    "Trending Stories",
    "Discover more from The Test Ledger",
]


@pytest.fixture
def newsroom(newsroom_from_module):
    """Desks and people built once for this module; each test rolls back its own writes."""
    return newsroom_from_module


def headings(html):
    return [re.sub(r"<[^>]+>", "", h).replace("&#x27;", "'").strip()
            for h in re.findall(r"<h2[^>]*>(.*?)</h2>", html, re.S)]


@pytest.mark.django_db
def test_article_page_shows_every_block_in_order(client, make_story):
    for n, city in enumerate(["Vienna", "Munich", "Zurich"]):
        make_story(f"Related story {n}", dateline=city.upper(), paragraphs=[
            f"Night trains from {city} will run again next year.",
            f"Operators in {city} bought sleeper carriages for {n + 3} routes.",
        ])
    story = make_story("Rome opens night trains", paragraphs=["Trains will run nightly.", "More detail."])
    response = client.get(story.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "/europe/rome-opens-night-trains/" == story.url
    order = [html.index("<h1"), html.index("<p class=\"story__standfirst\">A standfirst that adds to the headline."),
             html.index("story__byline"), html.index('<span class="dateline">ROME —</span> Trains will run nightly.')]
    assert order == sorted(order)
    found = [h for h in headings(html) if h in BLOCK_HEADINGS]
    assert found == BLOCK_HEADINGS
    assert html.count('<li>\n      <h3><a href="/europe/related-story-') == 3
    # The support prompt under the heading says something of its own, not the heading again.
    support = re.search(r'<section class="support-prompt".*?</section>', html, re.S).group(0)
    assert re.sub(r"<[^>]+>", "", support).count("Show your support") == 1


@pytest.mark.django_db
def test_article_json_ld_credits_desk_and_publisher(client, make_story):
    story = make_story("Brussels agrees grid plan", dateline="BRUSSELS")
    html = client.get(story.url).content.decode()
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Brussels agrees grid plan"
    assert data["author"][0] == {"@type": "Organization", "name": "Europe Desk", "url": "http://127.0.0.1:8000/europe/"}
    assert data["publisher"]["name"] == "The Test Ledger"
    assert data["datePublished"].startswith(str(story.first_published_at.year))
    assert f'<link rel="canonical" href="http://127.0.0.1:8000{story.url}">' in html
    assert '<meta property="og:title" content="Brussels agrees grid plan">' in html


@pytest.mark.django_db
def test_unpublishing_shows_on_next_request(client, make_story):
    story = make_story("Soon withdrawn")
    assert client.get(story.url).status_code == 200
    assert client.get(story.url).headers.get("X-Herald-Cache") == "hit"
    story.unpublish()
    assert client.get(story.url).status_code == 404


@pytest.mark.django_db
def test_correction_shows_on_next_request(client, make_story, newsroom):
    import datetime

    from herald.articles.models import Correction

    story = make_story("Needs a fix")
    client.get(story.url)
    story.corrections.add(Correction(date=datetime.date(2026, 9, 1), note="We misspelt the mayor's name."))
    story.save_revision(user=newsroom.people["publisher"]).publish()
    html = client.get(story.url).content.decode()
    assert "We misspelt the mayor’s name." in html  # typeset, like the story above it
    assert '<h2 id="corrections-heading">Corrections</h2>' in html


@pytest.mark.django_db
def test_article_page_query_count_is_bounded(client, make_story, django_assert_max_num_queries):
    for n in range(6):
        make_story(f"Story {n}")
    story = make_story("Measured story")
    from django.core.cache import cache

    cache.clear()
    with django_assert_max_num_queries(40):
        assert client.get(story.url).status_code == 200


@pytest.mark.django_db
def test_healthz_reports_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["checks"]["database"]["ok"] is True
