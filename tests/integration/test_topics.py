"""Topics as readers reach them: under each story, on desk pages, at /topics/."""

import io
import re
from datetime import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

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


def topic_counts(client):
    html = client.get("/topics/").content.decode()
    return re.findall(r'<a href="/topics/([^"/]+)/">[^<]+</a> <span class="topic-index__count">'
                      r'([^<]+)</span>', html)


def archive_months(client):
    return re.findall(r'<a href="/archive/(\d{4}/\d{2})/">', client.get("/archive/").content.decode())


@pytest.mark.django_db
def test_topic_and_month_counts_follow_publishing_editing_unpublishing_and_deleting(
        client, make_story, topics):
    """The indexes read counts kept at publish time; every change to a story moves them."""
    march = timezone.make_aware(datetime(2025, 3, 14, 9))
    june = timezone.make_aware(datetime(2025, 6, 2, 9))
    one = make_story("One", topics=[topics["transport"]], published_at=march)
    two = make_story("Two", topics=[topics["transport"], topics["housing"]], published_at=june)
    make_story("Draft", topics=[topics["courts"]], published_at=march, publish=False)
    assert topic_counts(client) == [("housing", "1 story"), ("transport", "2 stories")]
    assert archive_months(client) == ["2025/06", "2025/03"]

    edited = ArticlePage.objects.get(pk=two.pk)  # a new revision moves it to other topics
    edited.topics.set([topics["courts"]])
    edited.save_revision().publish()
    assert topic_counts(client) == [("courts", "1 story"), ("transport", "1 story")]

    ArticlePage.objects.get(pk=one.pk).unpublish()
    assert topic_counts(client) == [("courts", "1 story")]
    assert archive_months(client) == ["2025/06"]

    ArticlePage.objects.get(pk=two.pk).delete()
    assert topic_counts(client) == []
    assert archive_months(client) == []
    assert "Nothing published yet." in client.get("/archive/").content.decode()


@pytest.mark.django_db
def test_reindex_recounts_months_and_topics(client, make_story, topics):
    """``herald reindex`` puts the counts right after stories changed behind publishing."""
    story = make_story("One", topics=[topics["transport"]],
                       published_at=timezone.make_aware(datetime(2025, 3, 14, 9)))
    # A bulk load writes rows without publishing (bench/archive does).
    ArticlePage.objects.filter(pk=story.pk).update(
        first_published_at=timezone.make_aware(datetime(2024, 11, 3, 9)))
    ArticlePage.topics.through.objects.create(articlepage=story, topic=topics["housing"])
    assert archive_months(client) == ["2025/03"]
    call_command("reindex", stdout=io.StringIO(), stderr=io.StringIO())
    assert archive_months(client) == ["2024/11"]
    assert topic_counts(client) == [("housing", "1 story"), ("transport", "1 story")]
