"""A changed slug gets its public redirect only when the change is published:
a draft's new headline must not leak through the redirect's address."""

from __future__ import annotations

import pytest
from wagtail.contrib.redirects.models import Redirect

from herald.newsroom import actions
from tests.conftest import acknowledge_all
from tests.integration.test_admin_workflow import admin_form_data

pytestmark = pytest.mark.django_db


def test_a_draft_slug_change_makes_no_redirect_until_published(
    client, make_story, newsroom, django_capture_on_commit_callbacks
):
    story = make_story("Harbour bath opens in Copenhagen", dateline="COPENHAGEN")
    old_url = story.url
    reporter = newsroom.people["europe-reporter"]
    client.force_login(reporter)
    edit_url = f"/admin/pages/{story.pk}/edit/"
    data = admin_form_data(
        client, edit_url, title="Mayor resigns over harbour bath costs",
        slug="mayor-resigns-over-harbour-bath",
        paragraphs=["The mayor resigned on Monday.", "The bath cost twice the budget."],
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(edit_url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert not Redirect.objects.exists()
    assert client.get(old_url).status_code == 200
    assert client.get("/europe/mayor-resigns-over-harbour-bath/").status_code == 404

    story.refresh_from_db()
    actions.submit_to_desk(story, by=reporter)
    story.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        actions.approve(story, by=newsroom.people["europe-editor"], acknowledged=acknowledge_all(story))
    redirect = Redirect.objects.get()
    assert (redirect.old_path, redirect.redirect_page_id) == (old_url.rstrip("/"), story.pk)
    response = client.get(old_url)
    assert (response.status_code, response.headers["Location"]) == (301, "/europe/mayor-resigns-over-harbour-bath/")


def test_renaming_an_unpublished_story_makes_no_redirect(
    client, make_story, newsroom, django_capture_on_commit_callbacks
):
    story = make_story("Harbour bath opens in Copenhagen", publish=False, dateline="COPENHAGEN")
    client.force_login(newsroom.people["europe-reporter"])
    edit_url = f"/admin/pages/{story.pk}/edit/"
    data = admin_form_data(
        client, edit_url, title="Mayor resigns over harbour bath costs",
        slug="mayor-resigns-over-harbour-bath", paragraphs=["The mayor resigned on Monday."],
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(edit_url, data).status_code == 302
    story.refresh_from_db()
    assert story.slug == "mayor-resigns-over-harbour-bath" and not story.live
    assert list(Redirect.objects.values_list("old_path", "redirect_page_id")) == []


def test_moving_a_published_story_keeps_its_old_address(
    client, make_story, newsroom, django_capture_on_commit_callbacks
):
    story = make_story("Harbour bath opens in Copenhagen", dateline="COPENHAGEN")
    draft = make_story("Harbour bath costs rise", publish=False, dateline="COPENHAGEN")
    old_url = story.url
    with django_capture_on_commit_callbacks(execute=True):
        story.move(newsroom.desks["world"], pos="last-child")
        draft.move(newsroom.desks["world"], pos="last-child")
    assert list(Redirect.objects.values_list("old_path", "redirect_page_id")) == [
        (old_url.rstrip("/"), story.pk)
    ]
