"""What the admin says after each step of the desk workflow, in the newsroom's words,
and that adding a story creates nothing until its reporter saves or submits it."""

from __future__ import annotations

import html
import re
from datetime import timedelta

import pytest
from django.utils import timezone
from test_admin_workflow import PARAGRAPHS, action_url, add_url, admin_form_data

from herald.articles.models import ArticlePage
from herald.newsroom import actions
from tests.conftest import acknowledge_all

pytestmark = pytest.mark.django_db
TITLE = "Vienna restores its night train to Rome"


@pytest.fixture
def newsroom(newsroom_from_module):
    return newsroom_from_module


def messages_of(response) -> list[str]:
    page = response.content.decode()
    return [html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", m)).strip())
            for m in re.findall(r'<li class="success[^"]*"[^>]*>(.*?)</li>', page, re.S)]


def write(newsroom, *, go_live_at=None):
    reporter = newsroom.people["europe-reporter"]
    story = ArticlePage(title=TITLE, dateline="VIENNA", owner=reporter, live=False,
                        standfirst="Two departures a week.", go_live_at=go_live_at,
                        body=[{"type": "paragraph", "value": f"<p>{p}</p>"} for p in PARAGRAPHS])
    newsroom.desks["europe"].add_child(instance=story)
    story.save_revision(user=reporter)
    return story


def submitted(newsroom, **kwargs):
    story = write(newsroom, **kwargs)
    actions.submit_to_desk(story, by=newsroom.people["europe-reporter"])
    return ArticlePage.objects.get(pk=story.pk)


def test_adding_a_story_says_which_desk_validates_it(client, newsroom):
    desk = newsroom.desks["europe"]
    client.force_login(newsroom.people["europe-reporter"])
    data = admin_form_data(client, add_url(desk), title=TITLE, slug="vienna-night-train",
                           dateline="VIENNA", **{"action-submit": "Submit"})
    response = client.post(add_url(desk), data, follow=True)

    assert messages_of(response)[0].startswith(
        f"Story ‘{TITLE}’ created and submitted to Europe Desk for validation.")
    assert "moderation" not in " ".join(messages_of(response))


def test_saving_a_new_story_says_it_is_a_draft(client, newsroom):
    desk = newsroom.desks["europe"]
    client.force_login(newsroom.people["europe-reporter"])
    data = admin_form_data(client, add_url(desk), title=TITLE, slug="vienna-night-train",
                           dateline="VIENNA")
    response = client.post(add_url(desk), data, follow=True)

    assert messages_of(response)[0].startswith(f"Story ‘{TITLE}’ saved as a draft.")
    assert "Page" not in messages_of(response)[0]


def test_saving_changes_to_a_published_story_says_readers_keep_the_approved_one(
        client, newsroom, make_story):
    story = make_story(TITLE)
    client.force_login(newsroom.people["europe-reporter"])
    edit = f"/admin/pages/{story.pk}/edit/"
    response = client.post(edit, admin_form_data(client, edit, standfirst="Three a week now."),
                           follow=True)

    assert messages_of(response)[0].startswith(
        f"Story ‘{TITLE}’ saved; readers see the published version until its desk approves "
        "the changes.")


def test_resubmitting_a_story_says_which_desk_validates_it(client, newsroom):
    story = write(newsroom)
    client.force_login(newsroom.people["europe-reporter"])
    edit = f"/admin/pages/{story.pk}/edit/"
    response = client.post(edit, admin_form_data(client, edit, **{"action-submit": "Submit"}),
                           follow=True)

    assert messages_of(response)[0].startswith(
        f"Story ‘{TITLE}’ submitted to Europe Desk for validation.")
    assert "View draft" in messages_of(response)[0]


def test_a_story_waiting_for_its_desk_tells_its_reporter_who_may_change_it(client, newsroom):
    story = submitted(newsroom)
    client.force_login(newsroom.people["europe-reporter"])
    page = html.unescape(client.get(f"/admin/pages/{story.pk}/edit/").content.decode())

    assert ("This story is waiting for the Europe Desk’s validation: only the desk’s editors "
            "can change it until they approve it or send it back.") in page
    assert "awaiting moderation" not in page


def test_approving_says_the_story_is_published(client, newsroom):
    story = submitted(newsroom)
    client.force_login(newsroom.people["europe-editor"])
    task_state = story.current_workflow_task_state
    response = client.post(action_url(story, "approve", task_state),
                           {"comment": "", "acknowledged": acknowledge_all(story)}, follow=True)

    assert messages_of(response)[0] == f"‘{TITLE}’ approved and published. View live"


def test_approving_with_the_newsletter_box_ticked_says_where_it_is_sent(client, newsroom):
    story = submitted(newsroom)
    client.force_login(newsroom.people["europe-editor"])
    task_state = story.current_workflow_task_state
    response = client.post(action_url(story, "approve", task_state),
                           {"comment": "", "acknowledged": acknowledge_all(story),
                            "send_to_newsletters": "on"}, follow=True)

    assert messages_of(response)[0] == (
        f"‘{TITLE}’ approved and published. Newsletters: sent to Europe Desk (0 subscribers)."
        " View live")


def test_approving_a_scheduled_story_for_the_newsletter_says_it_goes_once_published(
        client, newsroom):
    at = timezone.now() + timedelta(days=2)
    story = submitted(newsroom, go_live_at=at)
    client.force_login(newsroom.people["europe-editor"])
    task_state = story.current_workflow_task_state
    response = client.post(action_url(story, "approve", task_state),
                           {"comment": "", "acknowledged": acknowledge_all(story),
                            "send_to_newsletters": "on"}, follow=True)

    assert messages_of(response)[0].endswith(
        "Newsletters: it goes to Europe Desk (0 subscribers) once it is published.")


def test_approving_a_scheduled_story_says_when_it_goes_live(client, newsroom):
    at = timezone.localtime(timezone.now() + timedelta(days=2)).replace(hour=7, minute=0, second=0,
                                                                         microsecond=0)
    story = submitted(newsroom, go_live_at=at)
    client.force_login(newsroom.people["europe-editor"])
    task_state = story.current_workflow_task_state
    response = client.post(action_url(story, "approve", task_state),
                           {"comment": "", "acknowledged": acknowledge_all(story)}, follow=True)

    assert messages_of(response)[0] == (
        f"‘{TITLE}’ approved: it will be published on {at.day} {at:%B %Y} at 07:00.")


def test_sending_back_says_to_whom(client, newsroom):
    story = submitted(newsroom)
    client.force_login(newsroom.people["europe-editor"])
    task_state = story.current_workflow_task_state
    response = client.post(action_url(story, "reject", task_state),
                           {"comment": "Name the ministry's source."}, follow=True)
    reporter = newsroom.people["europe-reporter"]

    assert messages_of(response)[0] == (
        f"‘{TITLE}’ sent back to {reporter.get_full_name() or reporter.username} with your comment.")


def test_the_add_form_does_not_autosave_but_the_edit_form_does(client, newsroom):
    story = write(newsroom)
    client.force_login(newsroom.people["europe-reporter"])
    add = client.get(add_url(newsroom.desks["europe"])).content.decode()
    edit = client.get(f"/admin/pages/{story.pk}/edit/").content.decode()

    assert 'id="page-edit-form"' in add and "data-w-autosave-interval-value" not in add
    assert "data-w-autosave-interval-value" in edit
