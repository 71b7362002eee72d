"""The demo's stories carry a newsroom's history: a reporter wrote and submitted
them, and they last changed when they were published."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from wagtail.models import Revision

from herald.articles.importing import import_file
from herald.demo.loader import settle_history

pytestmark = pytest.mark.django_db

STORY = """---
title: Kyiv council debates a new tram line
desk: europe
dateline: KYIV
{published}
---
The council will vote on the route next week.
"""


def imported(tmp_path, name, published=""):
    path = tmp_path / f"{name}.md"
    path.write_text(STORY.format(published=published), encoding="utf-8")
    result = import_file(path)
    assert result.ok, result.message
    settle_history(result.page)
    result.page.refresh_from_db()
    return result.page


def test_published_story_was_written_and_last_changed_when_it_ran(tmp_path, newsroom):
    story = imported(tmp_path, "tram", "published: 2026-03-02T08:15:00+00:00")
    when = dt.datetime(2026, 3, 2, 8, 15, tzinfo=dt.UTC)
    reporter = newsroom.people["europe-reporter"]
    assert (story.owner, story.latest_revision_created_at, story.last_published_at) == (
        reporter, when, when)
    assert {(r.user, r.created_at) for r in Revision.page_revisions.filter(object_id=str(story.pk))} == {
        (reporter, when)}


def test_queued_story_shows_its_reporter_as_submitter(client, tmp_path, newsroom):
    story = imported(tmp_path, "tram-draft")
    client.force_login(newsroom.people["europe-editor"])
    html = client.get("/admin/").content.decode()
    panel = re.search(r'id="awaiting-review-section".*?</section>', html, re.S).group(0)
    row = re.search(r"<tr>(?:(?!</tr>).)*Kyiv council debates(?:(?!</tr>).)*</tr>", panel, re.S).group(0)
    assert "europe-reporter" in row
    assert story.current_workflow_state.requested_by == newsroom.people["europe-reporter"]
