"""Refusals inside Wagtail's own page views (delete, move, edit, lock, the desk's approval
and its form) say the newsroom's reason where Wagtail said only "Sorry, you do not have
permission to access this area.", through the admin as people use it; and each action
still works for whoever may take it (the negative controls)."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from herald.newsroom import actions

pytestmark = pytest.mark.django_db
TITLE = "Ferry strike strands islanders"
GENERIC = "Sorry, you do not have permission to access this area."


@pytest.fixture
def newsroom(newsroom_from_module):
    """Desks and people built once for this module; each test rolls back its own writes."""
    return newsroom_from_module


def errors(response) -> list[str]:
    soup = BeautifulSoup(response.content, "html.parser")
    texts = (" ".join(li.get_text(" ").split()) for li in soup.select(".messages li.error"))
    # (the edit page's error messages carry Wagtail's "Go to the first error" button)
    return [text.removesuffix(" Go to the first error") for text in texts if text]


def edit_url(story) -> str:
    return f"/admin/pages/{story.pk}/edit/"


def test_deleting_a_published_story_says_who_may_and_what_to_do(client, newsroom, make_story):
    story = make_story(TITLE)
    client.force_login(newsroom.people["europe-editor"])
    response = client.get(f"/admin/pages/{story.pk}/delete/", follow=True)
    assert response.redirect_chain[-1][0] == edit_url(story)
    assert errors(response) == [
        f"“{TITLE}” is published: only the publisher may delete a published story. To take "
        "it off the site, withdraw it from the edit page’s menu; its text is kept as a draft."]
    # Negative control: a draft of the desk's is the editor's to delete.
    draft = make_story("A draft to drop", publish=False)
    assert client.get(f"/admin/pages/{draft.pk}/delete/").status_code == 200


def test_a_story_waiting_for_its_desk_is_not_the_reporters_to_delete(client, newsroom,
                                                                    submitted_story):
    """Wagtail lets whoever may change a draft delete it, so the desk's reporters could
    delete a story from the editors' queue while the edit page told them only the desk
    may change it. Now they are refused in the same words; the desk's editor may still."""
    from herald.articles.models import ArticlePage

    url = f"/admin/pages/{submitted_story.pk}/delete/"
    client.force_login(newsroom.people["europe-reporter"])
    response = client.get(url, follow=True)
    assert response.redirect_chain[-1][0] == edit_url(submitted_story)
    assert errors(response) == [
        f"“{submitted_story.title}” is waiting for the Europe Desk’s validation: only the "
        "desk’s editors can change it until they approve it or send it back."]
    client.post(url)
    assert ArticlePage.objects.filter(pk=submitted_story.pk).exists()
    edit_page = client.get(edit_url(submitted_story)).content.decode()
    assert url not in edit_page  # the menu offers no Delete
    # Negative control: the desk's editor, who reviews it, may delete it.
    client.force_login(newsroom.people["europe-editor"])
    assert client.get(url).status_code == 200
    client.post(url)
    assert not ArticlePage.objects.filter(pk=submitted_story.pk).exists()


def test_moving_a_published_story_is_refused_in_words(client, newsroom, make_story):
    story = make_story(TITLE)
    client.force_login(newsroom.people["europe-reporter"])
    response = client.get(f"/admin/pages/{story.pk}/move/", follow=True)
    (message,) = errors(response)
    assert message.startswith(f"“{TITLE}” is published: only the publisher may move")
    assert "its desk’s editors withdraw it" in message and GENERIC not in response.content.decode()


def test_another_desks_editor_is_told_whose_story_it_is(client, newsroom, make_story):
    story = make_story(TITLE)
    client.force_login(newsroom.people["world-editor"])
    response = client.get(edit_url(story), follow=True)
    assert response.redirect_chain[-1][0] == "/admin/"
    assert errors(response) == [
        f"“{TITLE}” belongs to the Europe Desk: only its reporters and editors and the "
        "publisher may edit its stories."]
    # Negative control: the desk's own reporter edits it.
    client.force_login(newsroom.people["europe-reporter"])
    assert client.get(edit_url(story)).status_code == 200


def test_a_reporter_who_tries_to_lock_is_told_who_locks(client, newsroom, make_story):
    story = make_story(TITLE)
    client.force_login(newsroom.people["europe-reporter"])
    response = client.post(f"/admin/pages/{story.pk}/lock/", follow=True)
    assert errors(response) == [
        "Only the Europe Desk’s editors and the publisher lock its stories."]
    # Negative control: the desk's editor locks it.
    client.force_login(newsroom.people["europe-editor"])
    client.post(f"/admin/pages/{story.pk}/lock/")
    story.refresh_from_db()
    assert story.locked


def approve_form_url(story) -> str:
    state = story.current_workflow_task_state
    return f"/admin/pages/workflow/action/{story.pk}/approve/{state.pk}/"


@pytest.mark.parametrize("person, reason", [
    ("europe-editor", "You wrote this story; the desk's rule is that nobody approves their own "
                      "work. Europe Desk editors who can: europe-editor2."),
    ("europe-reporter", "Only the Europe Desk’s editors approve or send back its stories. "
                        "Europe Desk editors who can: europe-editor2."),
], ids=["its author, an editor", "a reporter"])
def test_an_approval_the_desk_refuses_says_why_and_who_can(client, newsroom, make_story,
                                                           person, reason):
    author = newsroom.people["europe-editor"]
    story = make_story(TITLE, publish=False, author=author)
    actions.submit_to_desk(story, by=author)
    story.refresh_from_db()
    client.force_login(newsroom.people[person])
    response = client.get(approve_form_url(story), follow=True)
    assert errors(response) == [reason]
    assert GENERIC not in response.content.decode()
    # Negative control: the desk's other editor gets the approval form.
    client.force_login(newsroom.people["europe-editor2"])
    assert client.get(approve_form_url(story)).status_code == 200
