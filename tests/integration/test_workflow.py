"""The desk validation workflow: every role against every transition, scheduling,
and the record each step leaves (log entries, task states, the admin history).

Submit, approve and send back go through the newsroom actions; publishing
directly goes through the Wagtail admin's edit view, as a person would."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.utils import timezone
from test_admin_workflow import PARAGRAPHS, admin_form_data
from wagtail.models import PageLogEntry, Revision, TaskState, WorkflowState

from herald.articles.models import ArticlePage
from herald.newsroom import actions
from tests.conftest import acknowledge_all

pytestmark = pytest.mark.django_db

NOT_A_MEMBER = "Only members of the Europe Desk can submit its stories."
NOT_A_VALIDATOR = (
    "Only an editor of this desk who neither wrote nor last edited the story may "
    "approve or send it back."
)
NEEDS_COMMENT = "Say what needs to change when sending a story back."
NOT_WAITING = "This story is not waiting for its desk."
HEADLINE = "Vienna restores its night train to Rome"

TRANSITIONS = ("submit", "approve", "send back", "publish directly")
# Who may do what. The story is always a Europe Desk story written by its
# reporter, except where the role's name says the actor wrote or last edited it.
PERMISSIONS = {
    #                                 submit approve send back publish directly
    "desk reporter":                  (True, False, False, False),
    "desk editor who wrote it":       (True, False, False, False),
    "desk editor who last edited it": (True, False, False, False),
    "second desk editor":             (True, True, True, False),
    "editor of another desk":         (False, False, False, False),
    "reporter of another desk":       (False, False, False, False),
    "anonymous":                      (False, False, False, False),
    "inactive desk editor":           (False, False, False, False),
    "publisher":                      (True, False, False, True),
}


@pytest.fixture
def newsroom(newsroom_from_module):
    """Desks and people built once for this module; each test rolls back its own writes."""
    return newsroom_from_module


def cases(transition):
    column = TRANSITIONS.index(transition)
    return [pytest.param(role, row[column], id=role) for role, row in PERMISSIONS.items()]


def actor_for(newsroom, role):
    from django.contrib.auth import get_user_model

    if role == "anonymous":
        return AnonymousUser()
    if role == "inactive desk editor":
        user = get_user_model().objects.create_user("europe-former", "former@example.org", "pw")
        actions.add_editor(newsroom.desks["europe"], user)
        user.is_active = False
        user.save()
        return user
    username = {
        "desk reporter": "europe-reporter",
        "desk editor who wrote it": "europe-editor",
        "desk editor who last edited it": "europe-editor",
        "second desk editor": "europe-editor2",
        "editor of another desk": "world-editor",
        "reporter of another desk": "world-reporter",
        "publisher": "publisher",
    }[role]
    return get_user_model().objects.get(username=username)


def write_story(newsroom, *, owner, title=HEADLINE, go_live_at=None, slug="") -> ArticlePage:
    story = ArticlePage(
        title=title, slug=slug, dateline="VIENNA", owner=owner, live=False, go_live_at=go_live_at,
        standfirst="Two departures a week, from December.",
        body=[{"type": "paragraph", "value": f"<p>{p}</p>"} for p in PARAGRAPHS],
    )
    newsroom.desks["europe"].add_child(instance=story)
    story.save_revision(user=owner)
    return story


def relation(role) -> str:
    """How the story a role acts on came about: who wrote it, who edited it last."""
    if role == "desk editor who wrote it":
        return "written by an editor"
    if role in {"desk editor who last edited it", "second desk editor"}:
        return "edited by an editor"
    return "written by the reporter"


def build_story(newsroom, relation, *, in_review: bool, slug="") -> ArticlePage:
    people = newsroom.people
    owner = people["europe-editor" if relation == "written by an editor" else "europe-reporter"]
    story = write_story(newsroom, owner=owner, slug=slug)
    if in_review:
        actions.submit_to_desk(story, by=owner)
    if relation == "edited by an editor":
        # The first editor tidies the story; the second must be the one to validate it.
        story.standfirst = "Two departures a week from December, via Venice."
        story.save_revision(user=people["europe-editor"])
    return story


@pytest.fixture(scope="module")
def shared_stories(shared_newsroom) -> dict[tuple[str, bool], int]:
    """Each kind of story the roles act on, in review or not, built once for the module
    (each test's transitions are rolled back): their ids."""
    kinds = ("written by the reporter", "written by an editor", "edited by an editor")
    return {
        (kind, in_review): build_story(shared_newsroom, kind, in_review=in_review,
                                       slug=f"night-train-{n}").pk
        for n, (kind, in_review) in enumerate(
            (kind, in_review) for kind in kinds for in_review in (False, True))
    }


@pytest.fixture
def story_for(shared_stories):
    def story_for(newsroom, role, *, in_review: bool) -> ArticlePage:
        """A Europe Desk story standing in the relation to the actor that `role` names."""
        return ArticlePage.objects.get(pk=shared_stories[relation(role), in_review])

    return story_for


def log_actions(story) -> list[tuple[str, str | None]]:
    return [
        (entry.action, entry.user.username if entry.user else None)
        for entry in PageLogEntry.objects.filter(page=story).order_by("timestamp", "pk")
    ]


@pytest.mark.parametrize("role, allowed", cases("submit"))
def test_submit(newsroom, story_for, role, allowed):
    actor = actor_for(newsroom, role)
    story = story_for(newsroom, role, in_review=False)
    if allowed:
        actions.submit_to_desk(story, by=actor)
        state = story.current_workflow_state
        assert (state.status, state.requested_by) == (WorkflowState.STATUS_IN_PROGRESS, actor)
        assert log_actions(story)[-1] == ("wagtail.workflow.start", actor.username)
    else:
        with pytest.raises(PermissionDenied, match=f"^{NOT_A_MEMBER}$"):
            actions.submit_to_desk(story, by=actor)
        assert story.current_workflow_state is None


@pytest.mark.parametrize("role, allowed", cases("approve"))
def test_approve(newsroom, story_for, role, allowed):
    actor = actor_for(newsroom, role)
    story = story_for(newsroom, role, in_review=True)
    task_state = story.current_workflow_task_state
    if allowed:
        actions.approve(story, by=actor, comment="Clear and sourced.",
                        acknowledged=acknowledge_all(story))
        story.refresh_from_db()
        assert story.live and story.first_published_at is not None
        task_state.refresh_from_db()
        assert (task_state.status, task_state.finished_by, task_state.comment) == (
            TaskState.STATUS_APPROVED, actor, "Clear and sourced.")
        assert log_actions(story)[-2:] == [
            ("wagtail.workflow.approve", actor.username),
            ("wagtail.publish", actor.username),
        ]
    else:
        with pytest.raises(PermissionDenied, match=f"^{NOT_A_VALIDATOR}$"):
            actions.approve(story, by=actor, acknowledged=acknowledge_all(story))
        story.refresh_from_db()
        assert not story.live and story.first_published_at is None
        task_state.refresh_from_db()
        assert task_state.status == TaskState.STATUS_IN_PROGRESS


@pytest.mark.parametrize("role, allowed", cases("send back"))
def test_send_back(newsroom, story_for, role, allowed):
    actor = actor_for(newsroom, role)
    story = story_for(newsroom, role, in_review=True)
    task_state = story.current_workflow_task_state
    if allowed:
        actions.send_back(story, by=actor, comment="Name the ministry's spokesperson.")
        task_state.refresh_from_db()
        assert (task_state.status, task_state.finished_by, task_state.comment) == (
            TaskState.STATUS_REJECTED, actor, "Name the ministry's spokesperson.")
        assert story.current_workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES
        assert log_actions(story)[-1] == ("wagtail.workflow.reject", actor.username)
    else:
        with pytest.raises(PermissionDenied, match=f"^{NOT_A_VALIDATOR}$"):
            actions.send_back(story, by=actor, comment="Name the ministry's spokesperson.")
        task_state.refresh_from_db()
        assert task_state.status == TaskState.STATUS_IN_PROGRESS
    story.refresh_from_db()
    assert not story.live


# How the admin answers a "Publish" post on a story in review, for each role:
# the desk's editors may edit it (a draft is saved, nothing published), its
# reporter finds it locked, outsiders are turned away.
PUBLISH_RESPONSE = {
    "desk reporter": (200, None),
    "desk editor who wrote it": (302, "/admin/pages/{story}/edit/"),
    "desk editor who last edited it": (302, "/admin/pages/{story}/edit/"),
    "second desk editor": (302, "/admin/pages/{story}/edit/"),
    "editor of another desk": (302, "/admin/"),
    "reporter of another desk": (302, "/admin/"),
    "anonymous": (302, "/admin/login/?next=/admin/pages/{story}/edit/"),
    "inactive desk editor": (302, "/admin/login/?next=/admin/pages/{story}/edit/"),
    "publisher": (302, "/admin/pages/{desk}/"),
}


@pytest.mark.parametrize("role, allowed", cases("publish directly"))
def test_publish_directly_through_the_admin(client, newsroom, story_for, role, allowed):
    actor = actor_for(newsroom, role)
    story = story_for(newsroom, role, in_review=True)
    edit_url = f"/admin/pages/{story.pk}/edit/"
    client.force_login(newsroom.people["publisher"])  # to read the form as rendered
    data = admin_form_data(client, edit_url, title=story.title, slug=story.slug,
                           **{"action-publish": "action-publish"})
    client.logout()
    if not isinstance(actor, AnonymousUser):
        client.force_login(actor)

    response = client.post(edit_url, data)

    status, location = PUBLISH_RESPONSE[role]
    assert response.status_code == status
    if location:
        location = location.format(desk=story.get_parent().pk, story=story.pk)
        assert response.headers["Location"] == location
    story.refresh_from_db()
    published_by = [user for action, user in log_actions(story) if action == "wagtail.publish"]
    if allowed:
        assert story.live and story.first_published_at is not None
        assert published_by == [actor.username]
        # Publishing directly ends the desk's review of that story.
        assert story.current_workflow_state is None
    else:
        assert not story.live and story.first_published_at is None
        assert published_by == []


def test_send_back_needs_a_comment(newsroom, story_for):
    story = story_for(newsroom, "second desk editor", in_review=True)
    with pytest.raises(PermissionDenied, match=f"^{NEEDS_COMMENT}$"):
        actions.send_back(story, by=newsroom.people["europe-editor2"], comment="  \n")
    assert story.current_workflow_task_state.status == TaskState.STATUS_IN_PROGRESS


def test_sent_back_story_cannot_be_approved_until_resubmitted(newsroom):
    reporter, editor = newsroom.people["europe-reporter"], newsroom.people["europe-editor"]
    story = write_story(newsroom, owner=reporter)
    actions.submit_to_desk(story, by=reporter)
    actions.send_back(story, by=editor, comment="Say who announced it.")

    with pytest.raises(PermissionDenied, match=f"^{NOT_WAITING}$"):
        actions.approve(story, by=editor, acknowledged=acknowledge_all(story))
    story.refresh_from_db()
    assert not story.live

    story.standfirst = "The transport ministry announced two departures a week."
    story.save_revision(user=reporter)
    actions.submit_to_desk(story, by=reporter)
    assert story.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    assert WorkflowState.objects.filter(object_id=str(story.pk)).count() == 1
    actions.approve(story, by=editor, acknowledged=acknowledge_all(story))
    story.refresh_from_db()
    assert story.live


def test_story_already_in_review_cannot_be_submitted_twice(newsroom):
    reporter = newsroom.people["europe-reporter"]
    story = write_story(newsroom, owner=reporter)
    actions.submit_to_desk(story, by=reporter)
    with pytest.raises(PermissionDenied, match="^This story is already waiting for its desk.$"):
        actions.submit_to_desk(story, by=reporter)


def test_scheduled_story_goes_live_only_when_its_time_comes(newsroom):
    reporter, editor = newsroom.people["europe-reporter"], newsroom.people["europe-editor"]
    go_live_at = (timezone.now() + dt.timedelta(days=2)).replace(microsecond=0)
    story = write_story(newsroom, owner=reporter, go_live_at=go_live_at)
    actions.submit_to_desk(story, by=reporter)
    actions.approve(story, by=editor, acknowledged=acknowledge_all(story))

    story.refresh_from_db()
    revision = story.get_latest_revision()
    assert (story.live, story.first_published_at) == (False, None)
    assert revision.approved_go_live_at == go_live_at
    assert ("wagtail.publish.schedule", "europe-editor") in log_actions(story)

    call_command("publish_scheduled", verbosity=0)
    story.refresh_from_db()
    assert not story.live

    # Let the time come: move the approved time (and the revision's) into the past.
    past = timezone.now() - dt.timedelta(minutes=1)
    revision.content["go_live_at"] = past.isoformat()
    Revision.objects.filter(pk=revision.pk).update(content=revision.content, approved_go_live_at=past)
    call_command("publish_scheduled", verbosity=0)
    story.refresh_from_db()
    assert story.live
    assert story.first_published_at is not None
    assert story.live_revision_id == revision.pk
    assert log_actions(story)[-1] == ("wagtail.publish.scheduled", None)


def test_every_step_is_recorded_and_shown_in_the_history(client, newsroom):
    reporter, editor = newsroom.people["europe-reporter"], newsroom.people["europe-editor"]
    story = write_story(newsroom, owner=reporter)
    actions.submit_to_desk(story, by=reporter)
    actions.send_back(story, by=editor, comment="Say who announced the service.")
    story.standfirst = "The transport ministry announced two departures a week."
    story.save_revision(user=reporter)
    actions.submit_to_desk(story, by=reporter)
    actions.approve(story, by=editor, comment="Ready to run.", acknowledged=acknowledge_all(story))

    steps = [
        (state.status, state.finished_by.username, state.comment)
        for state in TaskState.objects.for_instance(story).order_by("started_at", "pk")
    ]
    assert steps == [
        ("rejected", "europe-editor", "Say who announced the service."),
        ("approved", "europe-editor", "Ready to run."),
    ]
    assert all(s.finished_at is not None for s in TaskState.objects.for_instance(story))
    workflow_steps = [
        (entry.action, entry.user.username, entry.data.get("comment", ""))
        for entry in PageLogEntry.objects.filter(page=story, action__startswith="wagtail.workflow.")
        .order_by("timestamp", "pk")
    ]
    assert workflow_steps == [
        ("wagtail.workflow.start", "europe-reporter", ""),
        ("wagtail.workflow.reject", "europe-editor", "Say who announced the service."),
        ("wagtail.workflow.resume", "europe-reporter", ""),
        ("wagtail.workflow.approve", "europe-editor", "Ready to run."),
    ]
    assert ("wagtail.publish", "europe-editor") in log_actions(story)

    client.force_login(editor)
    response = client.get(f"/admin/pages/{story.pk}/history/")
    assert response.status_code == 200
    text = html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())))
    listing = text[text.index("Action User Date") + len("Action User Date "):text.index(" Page 1 of 1")]
    # Newest first; each entry names its user (the relative date is left out).
    assert re.sub(r" (Just now|\d+ minutes? ago)", "", listing) == (
        "Published Live version europe-editor "
        "Approved at 'Europe Desk validation'. 'Europe Desk validation' complete "
        "Comment: Ready to run. europe-editor "
        "Resubmitted 'Europe Desk validation'. Workflow resumed europe-reporter "
        "Rejected at 'Europe Desk validation'. Changes requested "
        "Comment: Say who announced the service. europe-editor "
        "'Europe Desk validation' started. Next step 'Europe Desk validation' europe-reporter "
        "Created europe-reporter"
    )
