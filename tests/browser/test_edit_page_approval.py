"""A desk editor opens an imported story and approves it from the edit page's
menu in the browser: Draftail loads the paragraphs and posts them back, Wagtail
sees no change, saves no revision in the editor's name, and the story is
published."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

HEADLINE = "Rome opens its night trains to Vienna"
SOURCE = f"""---
title: {HEADLINE}
dek: Two departures a week, from December.
dateline: Rome
desk: Europe Desk
slug: rome-night-trains
---
The first train leaves *Termini* station on Friday evening, the **railway** said.

Tickets cost 49 euros and go on sale [next month](https://example.org/tickets).
"""


def test_editor_approves_an_imported_story_from_its_edit_page(
    newsroom, tmp_path, open_context, sign_in
):
    from wagtail.models import TaskState

    from herald.articles.importing import import_file
    from herald.articles.models import ArticlePage

    path = tmp_path / "night-trains.md"
    path.write_text(SOURCE)
    reporter, editor = newsroom.people["europe-reporter"], newsroom.people["europe-editor"]
    result = import_file(path, user=reporter)
    assert result.ok, result.message
    ArticlePage.objects.filter(pk=result.page.pk).update(owner=reporter)
    task_state = result.page.current_workflow_task_state
    revisions_before = result.page.revisions.count()

    page = open_context().new_page()
    sign_in(page, "europe-editor")
    page.goto(f"/admin/pages/{result.page.pk}/edit/")
    expect(page.locator(".Draftail-Editor").first).to_contain_text("Termini station")
    footer = page.locator("footer")
    footer.get_by_role("button", name="More actions").click()
    footer.get_by_role("button", name="Approve and publish").click()
    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_role("heading", name="Desk validation report")).to_be_visible()
    for finding in dialog.get_by_role("checkbox").all():
        finding.check()
    dialog.get_by_role("button", name="Approve and publish").click()

    messages = page.locator(".messages")
    expect(messages).to_contain_text(f"‘{HEADLINE}’ approved and published.", timeout=45_000)
    expect(messages).not_to_contain_text("Sorry, you do not have permission")
    story = ArticlePage.objects.get(pk=result.page.pk)
    task_state.refresh_from_db()
    assert story.live
    assert (task_state.status, task_state.finished_by) == (TaskState.STATUS_APPROVED, editor)
    assert story.revisions.count() == revisions_before
