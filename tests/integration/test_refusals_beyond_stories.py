"""Refusals on pages that are not stories (the home page, a desk's own page) and in the
explorer's bulk actions say why in the newsroom's words, where Wagtail said "Sorry, you do
not have permission to access this area." or listed the pages under "You don't have
permission to … these pages" alone; through the admin as people use it, each with the
same request by someone who may (the negative controls)."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from herald.newsroom import actions
from tests.integration.test_refusals_in_words import GENERIC, errors

pytestmark = pytest.mark.django_db
TITLE = "Ferry strike strands islanders"


@pytest.fixture
def newsroom(newsroom_from_module):
    """Desks and people built once for this module; each test rolls back its own writes."""
    return newsroom_from_module


def test_a_reporter_editing_the_home_page_is_told_it_is_the_publishers(client, newsroom):
    client.force_login(newsroom.people["europe-reporter"])
    response = client.get(f"/admin/pages/{newsroom.home.pk}/edit/", follow=True)
    # Back to the explorer, not the dashboard: where a reporter may explore, their desk.
    assert response.redirect_chain[-1][0] == f"/admin/pages/{newsroom.desks['europe'].pk}/"
    assert errors(response) == [
        "“Home” is one of the publication’s own pages, not a story: only the publisher may edit it."
    ]
    assert GENERIC not in response.content.decode()
    client.force_login(newsroom.people["publisher"])
    assert client.get(f"/admin/pages/{newsroom.home.pk}/edit/").status_code == 200


def test_adding_under_the_home_page_says_stories_go_under_a_desk(client, newsroom):
    client.force_login(newsroom.people["europe-reporter"])
    response = client.get(f"/admin/pages/add/site/supportpage/{newsroom.home.pk}/", follow=True)
    assert errors(response) == [
        "Only the publisher adds pages under “Home”; a story is added under its desk."
    ]
    response = client.get(f"/admin/pages/{newsroom.home.pk}/add_subpage/", follow=True)
    assert errors(response) == [
        "Only the publisher adds pages under “Home”; a story is added under its desk."
    ]
    # Negative control: a story under the reporter's desk.
    desk = newsroom.desks["europe"]
    assert client.get(f"/admin/pages/add/articles/articlepage/{desk.pk}/").status_code == 200


def test_deleting_a_desks_own_page_is_the_publishers(client, newsroom):
    desk = newsroom.desks["europe"]
    client.force_login(newsroom.people["europe-editor"])
    response = client.get(f"/admin/pages/{desk.pk}/delete/", follow=True)
    assert errors(response) == [
        "“Europe Desk” is the desk’s own page, not a story: only the publisher may delete it."
    ]
    # Another desk's reporter is told whose page it is to edit.
    client.force_login(newsroom.people["world-reporter"])
    response = client.get(f"/admin/pages/{desk.pk}/edit/", follow=True)
    # Back to the explorer, at the desk they work on.
    assert response.redirect_chain[-1][0] == f"/admin/pages/{newsroom.desks['world'].pk}/"
    assert errors(response) == [
        "“Europe Desk” is the desk’s own page, not a story: only its editors and the "
        "publisher may edit it."
    ]
    # Negative control: the publisher is asked to confirm.
    client.force_login(newsroom.people["publisher"])
    assert client.get(f"/admin/pages/{desk.pk}/delete/").status_code == 200


def test_the_desks_reporter_adds_stories_under_it_but_does_not_edit_its_page(client, newsroom):
    desk = newsroom.desks["europe"]
    client.force_login(newsroom.people["europe-reporter"])
    refusal = [
        "“Europe Desk” is the desk’s own page, not a story: only its editors and the "
        "publisher may edit it."
    ]
    response = client.get(f"/admin/pages/{desk.pk}/edit/", follow=True)
    assert errors(response) == refusal
    # Back among the desk's stories, where the reporter adds one (not the dashboard).
    assert response.redirect_chain[-1][0] == f"/admin/pages/{desk.pk}/"
    response = client.post(
        f"/admin/pages/{desk.pk}/edit/",
        {"title": "Reporters’ Desk", "slug": desk.slug, "description": "Changed."},
        follow=True,
    )
    assert errors(response) == refusal
    desk.refresh_from_db()
    assert (desk.title, desk.has_unpublished_changes) == ("Europe Desk", False)
    # The explorer offers no edit link for the desk's page, and still offers adding under it.
    explorer = client.get(f"/admin/pages/{desk.pk}/").content.decode()
    assert f'href="/admin/pages/{desk.pk}/edit/"' not in explorer
    assert f'href="/admin/pages/{desk.pk}/add_subpage/"' in explorer
    assert client.get(f"/admin/pages/add/articles/articlepage/{desk.pk}/").status_code == 200
    # Negative control: the desk's editor edits the desk's page.
    client.force_login(newsroom.people["europe-editor"])
    assert client.get(f"/admin/pages/{desk.pk}/edit/").status_code == 200
    explorer = client.get(f"/admin/pages/{desk.pk}/").content.decode()
    assert f'href="/admin/pages/{desk.pk}/edit/"' in explorer


def test_a_desk_editor_saving_the_desk_page_keeps_who_sits_on_the_desk(client, newsroom):
    from wagtail.test.utils.form_data import querydict_from_html

    from herald.newsroom.models import DeskPage

    desk = newsroom.desks["europe"]
    client.force_login(newsroom.people["europe-editor"])
    url = f"/admin/pages/{desk.pk}/edit/"
    data = querydict_from_html(client.get(url).content.decode(), form_id="page-edit-form")
    data["description"] = "Stories from Lisbon to Kyiv, checked twice."
    assert client.post(url, data).status_code == 302
    saved = DeskPage.objects.get(pk=desk.pk).get_latest_revision_as_object()
    assert saved.description == "Stories from Lisbon to Kyiv, checked twice."
    assert (saved.editors_id, saved.reporters_id) == (desk.editors_id, desk.reporters_id)


def test_a_desk_editors_change_to_the_desk_page_is_approved_by_another_editor(client, newsroom):
    """The desk's own page is under its desk's workflow too: its editors' changes to it
    are approved as a story's are, with nothing for the validation assistant to check."""
    from herald.newsroom.models import DeskPage

    desk, editor = newsroom.desks["europe"], newsroom.people["europe-editor"]
    desk.description = "Stories from Lisbon to Kyiv, checked twice."
    desk.save_revision(user=editor)
    actions.submit_to_desk(desk, by=editor)
    task_state = DeskPage.objects.get(pk=desk.pk).current_workflow_task_state
    client.force_login(newsroom.people["europe-editor2"])
    response = client.get(f"/admin/pages/workflow/action/{desk.pk}/approve/{task_state.pk}/")
    assert response.status_code == 200
    assert "No findings: the checks found nothing to query." in response.json()["html"]
    actions.approve(desk, by=newsroom.people["europe-editor2"])
    assert DeskPage.objects.get(pk=desk.pk).description == "Stories from Lisbon to Kyiv, checked twice."


def test_unpublishing_the_home_page_is_the_publishers(client, newsroom):
    client.force_login(newsroom.people["europe-editor"])
    response = client.get(f"/admin/pages/{newsroom.home.pk}/unpublish/", follow=True)
    assert errors(response) == [
        "“Home” is one of the publication’s own pages, not a story: only the publisher may "
        "unpublish it."
    ]
    client.force_login(newsroom.people["publisher"])
    assert client.get(f"/admin/pages/{newsroom.home.pk}/unpublish/").status_code == 200


def bulk(client, action, *pages):
    ids = "&".join(f"id={page.pk}" for page in pages)
    response = client.get(f"/admin/bulk/wagtailcore/page/{action}/?{ids}")
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def refused(soup) -> list[str]:
    return [" ".join(span.get_text(" ").split()) for span in soup.select(".herald-refusal")]


def test_bulk_delete_says_why_each_page_is_left_out(client, newsroom, make_story):
    story = make_story(TITLE)
    draft = make_story("A draft to drop", publish=False)
    client.force_login(newsroom.people["europe-editor"])
    soup = bulk(client, "delete", story, draft, newsroom.home)
    assert refused(soup) == [  # in the order of the pages' ids
        "— “Home” is one of the publication’s own pages, not a story: only the publisher may "
        "delete it.",
        f"— “{TITLE}” is published: only the publisher may delete a published story. To take "
        "it off the site, withdraw it from the edit page’s menu; its text is kept as a draft.",
    ]
    # Negative control: the draft is the editor's to delete, listed without a refusal.
    assert "A draft to drop" in soup.get_text() and not any(
        "draft to drop" in r for r in refused(soup)
    )


def test_bulk_unpublish_and_publish_say_who_may(client, newsroom, make_story):
    story = make_story(TITLE)
    draft = make_story("A draft to drop", publish=False)
    client.force_login(newsroom.people["europe-reporter"])
    assert refused(bulk(client, "unpublish", story)) == [
        f"— Only the Europe Desk’s editors and the publisher may withdraw “{TITLE}”: the desk "
        "that approved a story is the one that takes it down."
    ]
    assert refused(bulk(client, "publish", draft)) == [
        "— “A draft to drop” is published when the Europe Desk approves it: submit it for "
        "validation from its edit page."
    ]
    # Negative control: the desk's editor may withdraw it; nothing is refused.
    client.force_login(newsroom.people["europe-editor"])
    soup = bulk(client, "unpublish", story)
    assert refused(soup) == [] and TITLE in soup.get_text()
