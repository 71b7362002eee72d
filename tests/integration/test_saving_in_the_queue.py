"""An editor who saves changes to a story waiting in the desk's queue is told it is still
waiting there: the admin said "saved as a draft", as if the story had left the queue."""

from __future__ import annotations

import pytest

from herald.newsroom import actions
from tests.integration.test_admin_messages import messages_of, submitted, write
from tests.integration.test_admin_workflow import admin_form_data

pytestmark = pytest.mark.django_db
TITLE = "Vienna restores its night train to Rome"


@pytest.fixture
def newsroom(newsroom_from_module):
    """Desks and people built once for this module; each test rolls back its own writes."""
    return newsroom_from_module


def save(client, story, **fields):
    edit = f"/admin/pages/{story.pk}/edit/"
    return messages_of(client.post(edit, admin_form_data(client, edit, **fields), follow=True))


def test_saving_a_story_in_the_desks_queue_says_it_is_still_waiting(client, newsroom):
    story = submitted(newsroom)
    client.force_login(newsroom.people["europe-editor"])

    said = save(client, story, standfirst="Three departures a week.")

    assert said[0].startswith(
        f"Story ‘{TITLE}’ saved; it is still waiting for the Europe Desk’s validation.")
    assert "as a draft" not in said[0]


def test_saving_a_story_sent_back_or_never_submitted_says_it_is_a_draft(client, newsroom):
    story = write(newsroom)
    client.force_login(newsroom.people["europe-reporter"])
    assert save(client, story)[0].startswith(f"Story ‘{TITLE}’ saved as a draft.")

    actions.submit_to_desk(story, by=newsroom.people["europe-reporter"])
    actions.send_back(story, by=newsroom.people["europe-editor"], comment="Name the operator.")
    assert save(client, story, standfirst="Run by the federal railway.")[0].startswith(
        f"Story ‘{TITLE}’ saved as a draft.")
