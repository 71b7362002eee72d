"""A desk's editors withdraw (unpublish) the desk's published stories; another desk's
editors and the reporters may not, and are told why. Through the admin as they use it."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from herald.articles.models import ArticlePage

pytestmark = pytest.mark.django_db


@pytest.fixture
def newsroom(newsroom_from_module):
    """Desks and people built once for this module; each test rolls back its own writes."""
    return newsroom_from_module


TITLE = "Ferry strike strands islanders"


@pytest.fixture
def story(make_story):
    return make_story(TITLE)


def unpublish_url(story) -> str:
    return f"/admin/pages/{story.pk}/unpublish/"


def messages_of(response, level) -> list[str]:
    """The admin's messages of ``level`` (success, error) as text, with their buttons'
    labels; not the empty ones of its scripts' templates."""
    soup = BeautifulSoup(response.content, "html.parser")
    texts = (" ".join(li.get_text(" ").split()) for li in soup.select(f".messages li.{level}"))
    return [text for text in texts if text]


def test_the_desks_editor_sees_unpublish_on_a_published_story(client, newsroom, story):
    client.force_login(newsroom.people["europe-editor"])
    page = client.get(f"/admin/pages/{story.pk}/edit/").content.decode()
    assert f'href="{unpublish_url(story)}' in page


def test_the_desks_editor_withdraws_a_story_and_readers_lose_it(client, newsroom, story):
    assert client.get(story.url).status_code == 200
    client.force_login(newsroom.people["europe-editor"])
    response = client.post(unpublish_url(story), follow=True)

    assert messages_of(response, "success") == [
        f"‘{TITLE}’ withdrawn: readers no longer find it on the site, in the feeds or in "
        "search. Its text is kept as a draft. Edit"]
    assert ArticlePage.objects.get(pk=story.pk).live is False
    client.logout()
    assert client.get(story.url).status_code == 404


@pytest.mark.parametrize("person, reason", [
    ("world-editor", "Only the Europe Desk’s editors and the publisher may withdraw "
                     f"“{TITLE}”: the desk that approved a story is the one that takes it down."),
    ("europe-reporter", "Only the Europe Desk’s editors and the publisher may withdraw "
                        f"“{TITLE}”: the desk that approved a story is the one that takes it "
                        "down."),
], ids=["another desk's editor", "the desk's reporter"])
def test_others_are_refused_and_told_why(client, newsroom, story, person, reason):
    client.force_login(newsroom.people[person])
    response = client.post(unpublish_url(story), follow=True)

    (refusal,) = messages_of(response, "error")
    # On the edit page Wagtail gives an error its "Go to the first error" button.
    assert refusal.removesuffix(" Go to the first error") == reason
    assert ArticlePage.objects.get(pk=story.pk).live is True


def test_the_desks_reporter_sees_no_unpublish(client, newsroom, story):
    client.force_login(newsroom.people["europe-reporter"])
    page = client.get(f"/admin/pages/{story.pk}/edit/").content.decode()
    assert f'href="/admin/pages/{story.pk}/edit/' in page  # the reporter's own story, open
    assert f'href="{unpublish_url(story)}' not in page


def test_the_publisher_still_withdraws_any_story(client, newsroom, story):
    client.force_login(newsroom.people["publisher"])
    client.post(unpublish_url(story))
    assert ArticlePage.objects.get(pk=story.pk).live is False
