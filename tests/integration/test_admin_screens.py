"""What people see in the admin: labels, menus, lists and the dashboard."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model

from herald.newsroom import actions
from tests.integration.test_admin_workflow import add_url, admin_form_data, dashboard_review_panel

pytestmark = pytest.mark.django_db


@pytest.fixture
def newsroom(newsroom_from_module):
    """Desks and people built once for this module; each test rolls back its own writes."""
    return newsroom_from_module


def test_story_editor_calls_the_title_a_headline_with_style_help(client, newsroom):
    client.force_login(newsroom.people["europe-reporter"])
    html = client.get(add_url(newsroom.desks["europe"])).content.decode()
    label = re.search(r'<label[^>]*for="id_title"[^>]*>(.*?)</label>', html, re.S).group(1)
    assert re.sub(r"<[^>]+>|\s+", " ", label).split() == ["Headline*"] or "Headline" in label
    assert "Page title" not in label
    assert "Sentence case, present tense" in html
    assert "The page title as you'd like it to be seen by the public" not in html


def test_story_editor_headline_box_says_headline_not_page_title(client, newsroom):
    """The title panel hides its label; the empty box's placeholder is all a reporter
    reads there, and Wagtail's default was "Page title*"."""
    client.force_login(newsroom.people["europe-reporter"])
    html = client.get(add_url(newsroom.desks["europe"])).content.decode()
    box = re.search(r'<textarea[^>]*id="id_title"[^>]*>', html).group(0)
    assert 'placeholder="Headline*"' in box
    assert "Page title" not in html


def test_admin_pages_request_no_external_avatar(client, newsroom):
    client.force_login(newsroom.people["publisher"])
    html = client.get("/admin/").content.decode()
    assert "gravatar.com" not in html
    assert re.search(r'<img[^>]+class="[^"]*avatar', html) or "avatar" in html


def test_reporter_sees_no_reader_revenue_menu(client, newsroom):
    client.force_login(newsroom.people["europe-reporter"])
    html = client.get("/admin/").content.decode()
    assert "Reader revenue" not in html
    client.force_login(newsroom.people["publisher"])
    assert "Reader revenue" in client.get("/admin/").content.decode()


def test_users_list_shows_staff_not_readers(client, newsroom):
    reader = get_user_model().objects.create_user("r-3f9a1c", "reader@example.org")
    client.force_login(newsroom.people["publisher"])
    html = client.get("/admin/users/").content.decode()
    assert "europe-reporter" in html and "publisher" in html
    assert reader.username not in html
    # Still reachable for the publisher who has its address.
    assert client.get(f"/admin/users/edit/{reader.pk}/").status_code == 200


def test_editor_who_last_edited_is_told_who_can_approve(client, newsroom, make_story):
    story = make_story("Vienna restores its night train", publish=False)
    reporter = newsroom.people["europe-reporter"]
    actions.submit_to_desk(story, by=reporter)
    editor = newsroom.people["europe-editor"]
    client.force_login(editor)
    edit_url = f"/admin/pages/{story.pk}/edit/"
    assert client.post(edit_url, admin_form_data(
        client, edit_url, title=story.title, slug=story.slug, standfirst="Via Venice.",
    )).status_code == 302

    html = client.get("/admin/").content.decode()
    assert "Vienna restores its night train" not in dashboard_review_panel(client)
    panel = re.search(r'id="waiting-for-another-editor-section".*?</section>', html, re.S).group(0)
    text = " ".join(re.sub(r"<[^>]+>", " ", panel).split())
    assert "Vienna restores its night train" in text
    assert "You made the latest edit to this story" in text
    editor2 = newsroom.people["europe-editor2"]
    assert f"Europe Desk editors: {editor2.get_full_name() or editor2.username}" in text

    client.force_login(editor2)
    assert "Vienna restores its night train" in dashboard_review_panel(client)
    assert "waiting-for-another-editor" not in client.get("/admin/").content.decode()


def test_approve_action_in_the_editor_says_it_once(client, newsroom, make_story):
    story = make_story("Vienna restores its night train", publish=False)
    actions.submit_to_desk(story, by=newsroom.people["europe-reporter"])
    client.force_login(newsroom.people["europe-editor"])
    html = client.get(f"/admin/pages/{story.pk}/edit/").content.decode()
    assert "Approve and publish" in html
    assert "and Publish" not in html
