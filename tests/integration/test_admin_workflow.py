"""The desk workflow as people use it in the Wagtail admin, through the test client."""

from __future__ import annotations

import re

import pytest
from wagtail.models import PageLogEntry, TaskState, WorkflowState

from herald.articles.models import ArticlePage
from herald.newsroom import actions
from tests import admin_forms
from tests.conftest import acknowledge_all

pytestmark = pytest.mark.django_db

PARAGRAPHS = [
    "The federal railway will restore the night train to Rome in December, the "
    "transport ministry said on Tuesday.",
    "Tickets go on sale next month.",
]
DENIED = "Sorry, you do not have permission to access this area."


@pytest.fixture
def newsroom(newsroom_from_module):
    """Desks and people built once for this module; each test rolls back its own writes."""
    return newsroom_from_module


def admin_form_data(client, form_url, *, paragraphs=PARAGRAPHS, **fields) -> dict:
    return admin_forms.admin_form_data(client, form_url, paragraphs=paragraphs, **fields)


def add_url(desk) -> str:
    return f"/admin/pages/add/articles/articlepage/{desk.pk}/"


def action_url(story, action, task_state) -> str:
    return f"/admin/pages/workflow/action/{story.pk}/{action}/{task_state.pk}/"


def text_of(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def dashboard_review_panel(client) -> str:
    """The "Awaiting your review" panel of the dashboard, or "" when it is absent."""
    html = client.get("/admin/").content.decode()
    match = re.search(r'<section[^>]*id="awaiting-review-section".*?</section>', html, re.S)
    return match.group(0) if match else ""


@pytest.fixture
def submitted(newsroom):
    """A Europe Desk story its reporter wrote and sent to the desk."""
    reporter = newsroom.people["europe-reporter"]
    story = ArticlePage(
        title="Vienna restores its night train to Rome", dateline="VIENNA", owner=reporter,
        standfirst="Two departures a week, from December.", live=False,
        body=[{"type": "paragraph", "value": f"<p>{p}</p>"} for p in PARAGRAPHS],
    )
    newsroom.desks["europe"].add_child(instance=story)
    story.save_revision(user=reporter)
    actions.submit_to_desk(story, by=reporter)
    return ArticlePage.objects.get(pk=story.pk)


def test_reporter_writes_a_story_and_submits_it_to_the_desk(client, newsroom):
    reporter, desk = newsroom.people["europe-reporter"], newsroom.desks["europe"]
    client.force_login(reporter)
    data = admin_form_data(
        client, add_url(desk), title="Vienna restores its night train to Rome",
        slug="vienna-night-train", standfirst="Two departures a week, from December.",
        dateline="VIENNA", **{"action-submit": "Submit to Europe Desk validation"},
    )
    response = client.post(add_url(desk), data)

    assert response.status_code == 302
    assert response.headers["Location"] == f"/admin/pages/{desk.pk}/"
    story = ArticlePage.objects.get(slug="vienna-night-train")
    assert (story.title, story.standfirst, story.dateline) == (
        "Vienna restores its night train to Rome", "Two departures a week, from December.", "VIENNA")
    assert story.get_parent().pk == desk.pk and story.desk_id == desk.pk
    assert story.owner == reporter
    assert story.paragraphs == PARAGRAPHS
    assert not story.live and story.first_published_at is None
    state = story.current_workflow_state
    assert (state.status, state.requested_by, state.workflow.name) == (
        WorkflowState.STATUS_IN_PROGRESS, reporter, "Europe Desk validation")
    assert state.current_task_state.task.name == "Europe Desk validation"
    assert PageLogEntry.objects.filter(page=story, action="wagtail.workflow.start",
                                       user=reporter).count() == 1


def test_reporter_cannot_add_a_story_under_another_desk(client, newsroom):
    client.force_login(newsroom.people["europe-reporter"])
    world = newsroom.desks["world"]
    for response in (
        client.get(add_url(world)),
        client.post(add_url(world), {"title": "Smuggled in", "slug": "smuggled-in",
                                     "action-publish": "action-publish"}),
    ):
        assert response.status_code == 302
        assert response.headers["Location"] == "/admin/"
    assert not ArticlePage.objects.filter(slug="smuggled-in").exists()
    dashboard = text_of(client.get("/admin/"))
    assert "Only the World Desk’s reporters and editors and the publisher add stories" in dashboard
    assert DENIED not in dashboard


def test_desk_editor_approves_from_the_dashboard(client, newsroom, submitted):
    editor = newsroom.people["europe-editor"]
    task_state = submitted.current_workflow_task_state
    client.force_login(editor)

    panel = dashboard_review_panel(client)
    assert "Awaiting your review" in panel
    assert "Vienna restores its night train to Rome" in panel
    assert f'data-workflow-action-url="{action_url(submitted, "approve", task_state)}"' in panel
    assert f'data-workflow-action-url="{action_url(submitted, "reject", task_state)}"' in panel

    modal = client.get(action_url(submitted, "approve", task_state))
    assert modal.status_code == 200
    response = client.post(action_url(submitted, "approve", task_state), {
        "comment": "Ready to run.", "acknowledged": acknowledge_all(submitted),
    })
    assert response.status_code == 302

    submitted.refresh_from_db()
    task_state.refresh_from_db()
    assert submitted.live and submitted.first_published_at is not None
    assert (task_state.status, task_state.finished_by, task_state.comment) == (
        TaskState.STATUS_APPROVED, editor, "Ready to run.")
    assert "Vienna restores its night train to Rome" not in dashboard_review_panel(client)
    client.logout()
    assert client.get(submitted.url).status_code == 200


def test_reporter_gets_no_approve_action(client, newsroom, submitted):
    task_state = submitted.current_workflow_task_state
    client.force_login(newsroom.people["europe-reporter"])

    assert dashboard_review_panel(client) == ""
    edit = client.get(f"/admin/pages/{submitted.pk}/edit/").content.decode()
    assert 'workflow-action-name="approve"' not in edit
    assert 'name="action-publish"' not in edit
    for response in (
        client.get(action_url(submitted, "approve", task_state)),
        client.post(action_url(submitted, "approve", task_state),
                    {"comment": "", "acknowledged": acknowledge_all(submitted)}),
    ):
        # Refused in words (where Wagtail said DENIED), back on the story's edit page.
        edit = f"/admin/pages/{submitted.pk}/edit/"
        assert (response.status_code, response.headers["Location"]) == (302, edit)
    page = text_of(client.get(edit))
    assert page.count("Only the Europe Desk’s editors approve or send back its stories.") == 2
    assert DENIED not in page
    submitted.refresh_from_db()
    task_state.refresh_from_db()
    assert not submitted.live and task_state.status == TaskState.STATUS_IN_PROGRESS


@pytest.mark.parametrize("username", ["world-editor", "europe-editor"])
def test_other_desk_editor_and_story_editor_cannot_approve_through_the_url(
    client, newsroom, submitted, username
):
    if username == "europe-editor":
        # The editor tidies the story during review; they are now its last editor.
        client.force_login(newsroom.people[username])
        edit_url = f"/admin/pages/{submitted.pk}/edit/"
        response = client.post(edit_url, admin_form_data(
            client, edit_url, title=submitted.title, slug=submitted.slug,
            standfirst="Two departures a week from December, via Venice."))
        assert response.status_code == 302
    task_state = submitted.current_workflow_task_state
    client.force_login(newsroom.people[username])
    response = client.post(action_url(submitted, "approve", task_state),
                           {"comment": "", "acknowledged": acknowledge_all(submitted)})
    # Another desk's editor is sent to the dashboard, the desk's own to the story; each is
    # told why (tests/integration/test_refusals_in_words.py).
    back = "/admin/" if username == "world-editor" else f"/admin/pages/{submitted.pk}/edit/"
    assert (response.status_code, response.headers["Location"]) == (302, back)
    reason = ("belongs to the Europe Desk" if username == "world-editor"
              else "You made the latest edit to this story")
    assert reason in text_of(client.get(back))
    submitted.refresh_from_db()
    assert not submitted.live

    # The desk's second editor can.
    client.force_login(newsroom.people["europe-editor2"])
    response = client.post(action_url(submitted, "approve", task_state),
                           {"comment": "", "acknowledged": acknowledge_all(submitted)})
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.live


def test_reporter_edit_view_has_no_publish_button(client, newsroom):
    reporter, desk = newsroom.people["europe-reporter"], newsroom.desks["europe"]
    client.force_login(reporter)
    client.post(add_url(desk), admin_form_data(
        client, add_url(desk), title="A draft", slug="a-draft", **{"action-save": "1"}))
    story = ArticlePage.objects.get(slug="a-draft")
    edit_url = f"/admin/pages/{story.pk}/edit/"

    html = client.get(edit_url).content.decode()
    assert 'name="action-submit"' in html
    assert 'name="action-publish"' not in html

    response = client.post(edit_url, admin_form_data(
        client, edit_url, title="A draft, published?", slug="a-draft",
        **{"action-publish": "action-publish"}))
    assert response.status_code == 302
    story.refresh_from_db()
    assert not story.live and story.first_published_at is None
    assert story.get_latest_revision().as_object().title == "A draft, published?"
    assert not PageLogEntry.objects.filter(page=story, action="wagtail.publish").exists()


def test_send_back_through_the_admin_needs_a_comment(client, newsroom, submitted):
    task_state = submitted.current_workflow_task_state
    client.force_login(newsroom.people["europe-editor"])
    url = action_url(submitted, "reject", task_state)

    modal = client.post(url, {"comment": "  "}, headers={"x-requested-with": "XMLHttpRequest"})
    assert modal.status_code == 200
    assert "Say what needs to change when sending a story back." in modal.json()["html"]
    client.post(url, {"comment": ""})
    task_state.refresh_from_db()
    assert task_state.status == TaskState.STATUS_IN_PROGRESS

    response = client.post(url, {"comment": "Name the ministry's spokesperson."})
    assert response.status_code == 302
    task_state.refresh_from_db()
    assert (task_state.status, task_state.comment) == (
        TaskState.STATUS_REJECTED, "Name the ministry's spokesperson.")
    assert submitted.current_workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES
