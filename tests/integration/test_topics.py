"""Topics as readers reach them: under each story, on desk pages, at /topics/."""

import re

import pytest

from herald.articles.models import ArticlePage, Topic


@pytest.fixture
def newsroom(newsroom_from_module):
    """Desks and people built once for this module; each test rolls back its own writes."""
    return newsroom_from_module


@pytest.fixture
def topics(db):
    return {slug: Topic.objects.create(name=slug.title(), slug=slug, description=f"About {slug}.")
            for slug in ("transport", "housing", "courts")}


def topic_nav(html, label):
    match = re.search(rf'<nav class="topic-links" aria-labelledby="[^"]+">\s*<h2[^>]*>{label}</h2>(.*?)</nav>',
                      html, re.S)
    return re.findall(r'<a href="([^"]+)" rel="tag">([^<]+)</a>', match.group(1)) if match else None


@pytest.mark.django_db
def test_a_story_links_its_topics_under_the_body(client, make_story, topics):
    story = make_story("Rome trams", topics=[topics["transport"], topics["housing"]])
    html = client.get(story.url).content.decode()
    assert topic_nav(html, "Topics") == [("/topics/housing/", "Housing"), ("/topics/transport/", "Transport")]
    assert html.index('class="story__body"') < html.index('class="topic-links"')
    plain = make_story("No topics here")
    assert topic_nav(client.get(plain.url).content.decode(), "Topics") is None


@pytest.mark.django_db
def test_topic_index_lists_topics_with_published_stories(client, make_story, topics):
    make_story("One", topics=[topics["transport"]])
    make_story("Two", topics=[topics["transport"], topics["housing"]])
    make_story("Draft", topics=[topics["courts"]], publish=False)
    response = client.get("/topics/")
    assert response.status_code == 200
    html = response.content.decode()
    items = re.findall(r'<li><a href="(/topics/[^"]+)">([^<]+)</a> <span class="topic-index__count">([^<]+)</span>', html)
    assert items == [("/topics/housing/", "Housing", "1 story"), ("/topics/transport/", "Transport", "2 stories")]
    assert "About transport." in html


@pytest.mark.django_db
def test_desk_page_links_the_desk_topics_most_used_first(client, make_story, topics, newsroom):
    make_story("One", topics=[topics["transport"]])
    make_story("Two", topics=[topics["transport"], topics["housing"]])
    make_story("Elsewhere", desk="world", topics=[topics["courts"]])
    html = client.get(newsroom.desks["europe"].url).content.decode()
    assert topic_nav(html, "Topics on the Europe Desk") == [
        ("/topics/transport/", "Transport"), ("/topics/housing/", "Housing")]


@pytest.mark.django_db
def test_topic_pages_are_paginated(client, newsroom, topics):
    desk = newsroom.desks["europe"]
    for n in range(21):
        story = ArticlePage(title=f"Transport story {n:02d}", slug=f"transport-{n:02d}",
                            body=[{"type": "paragraph", "value": f"<p>Story {n}.</p>"}])
        desk.add_child(instance=story)
        story.topics.set([topics["transport"]])
        story.save_revision().publish()
    first = client.get("/topics/transport/").content.decode()
    assert first.count('class="card') >= 20 and "Transport story 20" in first
    assert "Transport story 00" not in first
    older = re.search(r'<a href="(\?before=[^"]+)" rel="next">Older stories</a>', first).group(1)
    second = client.get("/topics/transport/" + older.replace("&amp;", "&")).content.decode()
    assert "Transport story 00" in second and 'rel="prev"' in second
    assert ArticlePage.objects.live().count() == 21
