"""The edit page's status panel of a story its desk sent back says so: Wagtail heads every
page in a workflow "In Moderation" (the newsroom's catalogue: "Awaiting desk validation"),
a sent-back story included, which told its reporter the desk still had it."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from herald.newsroom import actions

pytestmark = pytest.mark.django_db


@pytest.fixture
def newsroom(newsroom_from_module):
    """Desks and people built once for this module; each test rolls back its own writes."""
    return newsroom_from_module


def status_panel(client, story) -> str:
    soup = BeautifulSoup(client.get(f"/admin/pages/{story.pk}/edit/").content, "html.parser")
    panel = soup.select_one('[data-side-panel="status"]')
    assert panel is not None, "no status panel on the edit page"
    return " ".join(panel.get_text(" ").split())


@pytest.mark.parametrize("person", ["europe-reporter", "europe-editor"])
def test_a_story_sent_back_is_not_said_to_await_its_desk(client, newsroom, make_story, person):
    story = make_story("Ferry strike strands islanders", publish=False)
    actions.submit_to_desk(story, by=newsroom.people["europe-reporter"])
    client.force_login(newsroom.people[person])
    # Control: waiting for the desk, it says so (tests/integration/test_newsroom_words.py).
    assert "Awaiting desk validation" in status_panel(client, story)

    actions.send_back(story, by=newsroom.people["europe-editor"], comment="Name the skipper.")
    panel = status_panel(client, story)

    assert "Sent back for changes" in panel
    assert "Awaiting desk validation" not in panel and "In Moderation" not in panel
    assert "Changes requested" in panel

    # Submitted again, it waits for the desk again.
    actions.submit_to_desk(story, by=newsroom.people["europe-reporter"])
    assert "Awaiting desk validation" in status_panel(client, story)
