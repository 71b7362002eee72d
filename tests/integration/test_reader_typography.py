"""Readers see typographic quotes and dashes in a story's headline, standfirst, body and
in story lists; code, addresses, attributes and the machine-readable copies stay as typed,
and hostile words stay words."""

from __future__ import annotations

import datetime
import json
import re

import pytest

pytestmark = pytest.mark.django_db

HEADLINE = 'The mayor\'s "new deal" -- explained'
STANDFIRST = "What's in it... and what isn't"


@pytest.fixture
def newsroom(newsroom_from_module):
    return newsroom_from_module


@pytest.fixture
def story(make_story):
    return make_story(HEADLINE, standfirst=STANDFIRST, paragraphs=[
        'She said "it\'s done" -- and left.',
        'See <a href="https://example.org/plan--v2?x=\'1\'" title="the &quot;plan&quot;">the "plan"</a>'
        ' at https://example.org/plan--v2 and run <code>herald import --dry-run "x"</code>.',
        "A last paragraph, with nothing to change.",
    ])


def test_article_page_shows_typographic_headline_standfirst_and_body(client, story):
    html = client.get(story.url).content.decode()

    assert '<h1 class="story__headline">The mayor’s “new deal” — explained</h1>' in html
    assert '<p class="story__standfirst">What’s in it… and what isn’t</p>' in html
    assert "She said “it’s done” — and left." in html
    assert 'the “plan”</a>' in html


def test_correction_notes_are_typeset_like_the_story(client, story, newsroom):
    """The foot of a story read "The port authority's figure" under a body of curly quotes."""
    from herald.articles.models import Correction

    story.corrections.add(Correction(date=datetime.date(2026, 8, 6), note='The port authority\'s figure was 23, not "31".'))
    story.save_revision(user=newsroom.people["publisher"]).publish()
    html = client.get(story.url).content.decode()
    assert "The port authority’s figure was 23, not “31”." in html
    assert "authority's" not in html


def test_addresses_attributes_and_code_stay_as_typed(client, story):
    html = client.get(story.url).content.decode()

    assert 'href="https://example.org/plan--v2?x=\'1\'" title="the &quot;plan&quot;"' in html
    assert " at https://example.org/plan--v2 and run " in html
    assert '<code>herald import --dry-run "x"</code>' in html


def test_json_ld_and_open_graph_carry_the_headline_as_typed(client, story):
    html = client.get(story.url).content.decode()
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)[1])
    graph = data["@graph"] if "@graph" in data else [data]

    assert HEADLINE in [item.get("headline") for item in graph]
    assert 'content="The mayor&#x27;s &quot;new deal&quot; -- explained"' in html


def test_story_lists_show_typographic_headlines(client, story, newsroom):
    desk = client.get(newsroom.desks["europe"].url).content.decode()
    home = client.get("/").content.decode()

    assert "The mayor’s “new deal” — explained" in desk
    assert "What’s in it… and what isn’t" in desk
    assert "The mayor’s “new deal” — explained" in home


def test_hostile_headline_is_shown_as_words(client, make_story):
    story = make_story('"><script>alert("--")</script> it\'s', standfirst="<img src=x onerror=alert(1)>",
                       paragraphs=["One.", "Two."])
    html = client.get(story.url).content.decode()

    assert "<script>alert" not in html and "<img src=x" not in html
    assert "“&gt;&lt;script&gt;alert(“—”)&lt;/script&gt; it’s</h1>" in html
