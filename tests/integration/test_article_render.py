"""What rendering one story costs, and that the editor's preview still shows unsaved edits."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from test_admin_workflow import admin_form_data

from herald.articles.models import Person, Topic

pytestmark = pytest.mark.django_db


@pytest.fixture
def newsroom(newsroom_from_module):
    """Desks and people built once for this module; each test rolls back its own writes."""
    return newsroom_from_module


@pytest.fixture
def credited_story(make_story):
    story = make_story("A story with a full byline")
    story.authors.set([Person.objects.create(name="Ana Ruiz"), Person.objects.create(name="Bo Lind")])
    story.topics.set([Topic.objects.create(name="Housing", slug="housing"),
                      Topic.objects.create(name="Transport", slug="transport")])
    story.save_revision().publish()
    return story


def queries_for(client, url, table: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return sum(f'FROM "{table}"' in query["sql"] for query in captured.captured_queries)


@pytest.mark.parametrize("table", ["articles_person", "articles_topic", "wagtailcore_site",
                                   "access_accesssettings"])
def test_a_first_render_reads_each_thing_once(client, credited_story, settings, table):
    settings.HERALD_PAGE_CACHE_SECONDS = 0  # nothing cached: every part renders (test_story_parts)

    assert queries_for(client, credited_story.url, table) == 1


def test_byline_json_ld_and_open_graph_all_list_the_people_and_topics(client, credited_story):
    html = client.get(credited_story.url).content.decode()
    assert html.count("Ana Ruiz") >= 2 and html.count("Bo Lind") >= 2  # byline and JSON-LD
    assert '<meta property="article:tag" content="Transport">' in html


def byline(html: str) -> str:
    found = re.search(r'<p class="story__byline">(.*?)<span class="story__dates">', html, re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", found.group(1))).strip()


def test_a_letter_is_bylined_as_written_to_the_desk(client, make_story, credited_story):
    """A news story is "By … for the Europe Desk"; a reader's letter was written to the
    desk, not for it: "A letter from … to the …", or "A letter to the …" unsigned."""
    assert byline(client.get(credited_story.url).content.decode()) == (
        "By Ana Ruiz, Bo Lind for the Europe Desk")
    letter = make_story("Keep the sleeper cars", kind="letter")
    assert byline(client.get(letter.url).content.decode()) == "A letter to the Europe Desk"
    letter.authors.set([Person.objects.create(name="Maria Rossi")])
    letter.save_revision().publish()
    assert byline(client.get(letter.url).content.decode()) == (
        "A letter from Maria Rossi to the Europe Desk")


def test_preview_shows_an_unsaved_byline(client, newsroom, credited_story):
    client.force_login(newsroom.people["europe-editor"])
    edit_url = f"/admin/pages/{credited_story.pk}/edit/"
    carla = Person.objects.create(name="Carla Mendes")
    data = admin_form_data(client, edit_url, title=credited_story.title, authors=[str(carla.pk)])
    preview_url = f"{edit_url}preview/"

    assert client.post(preview_url, data).json()["is_valid"] is True
    html = client.get(preview_url).content.decode()

    assert "Carla Mendes" in html and "Ana Ruiz" not in html


def test_a_preview_never_feeds_what_readers_get_from_cache(client, newsroom, credited_story):
    editor = Client()
    editor.force_login(newsroom.people["europe-editor"])
    edit_url = f"/admin/pages/{credited_story.pk}/edit/"
    draft = ["ROME — “We will build,” said Marta Kowalski, the housing minister.",
             "A second paragraph."]
    data = admin_form_data(editor, edit_url, title=credited_story.title, paragraphs=draft, topics=[])
    assert editor.post(f"{edit_url}preview/", data).json()["is_valid"] is True
    preview = editor.get(f"{edit_url}preview/").content.decode()
    assert "Marta Kowalski" in reader_box(preview)  # the preview's box names the new source

    html = client.get(credited_story.url).content.decode()

    assert "Marta Kowalski" not in html


def reader_box(html: str) -> str:
    return re.search(r'<section class="how-we-reported".*?</section>', html, re.S).group(0)
