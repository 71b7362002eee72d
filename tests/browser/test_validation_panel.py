"""The validation panel's buttons as a desk editor uses them: findings with their
reasons in the story editor, "Not a problem" recorded and reversible, and an
approval that asks for a tick on each finding still standing."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from wagtail.models import PageLogEntry

from herald.validation.models import DismissedFinding
from tests.conftest import submit_pipeline_story

# The tests share the module's newsroom (built once, committed for the module's live
# server); each submits a story of its own.
pytestmark = [pytest.mark.browser]


@pytest.fixture
def open_context(open_context_on_module_site):
    return open_context_on_module_site


@pytest.fixture(scope="module")
def newsroom(module_newsroom):
    return module_newsroom


@pytest.fixture
def submitted_story(module_newsroom, module_make_story):
    return submit_pipeline_story(module_newsroom, module_make_story)


def finding(panel, name):
    return panel.locator("li.herald-finding", has=panel.page.locator(
        ".herald-finding__name", has_text=name))


def test_desk_editor_marks_a_finding_not_a_problem_and_takes_it_back(
    open_context, sign_in, screenshot, submitted_story, newsroom
):
    page = open_context().new_page()
    sign_in(page, "europe-editor")
    page.goto(f"/admin/pages/{submitted_story.pk}/edit/")
    panel = page.locator("[data-herald-validation]")
    unnamed = finding(panel, "Unnamed source")
    expect(unnamed).to_have_count(1)
    expect(unnamed.locator(".herald-finding__evidence")).to_have_text("Officials said")
    expect(unnamed.locator(".herald-finding__reason")).to_contain_text("Why: ")
    expect(finding(panel, "State-affiliated media").locator(".herald-finding__reason")).to_contain_text(
        "TASS")
    screenshot(page, "panel", full_page=False)

    unnamed.get_by_role("button", name="Not a problem").click()
    expect(panel.get_by_text("1 marked not a problem")).to_be_visible()
    expect(finding(panel, "Unnamed source")).to_have_count(0)
    # Recorded with the story, in its history, and still so after a reload.
    assert DismissedFinding.objects.filter(page=submitted_story).count() == 1
    entry = PageLogEntry.objects.get(page=submitted_story, action="herald.validation.dismissed")
    assert entry.user == newsroom.people["europe-editor"]
    page.reload()
    panel = page.locator("[data-herald-validation]")
    expect(finding(panel, "Unnamed source")).to_have_count(0)
    panel.get_by_text("1 marked not a problem").click()
    screenshot(page, "panel-dismissed", full_page=False)

    panel.get_by_role("button", name="Report again").click()
    expect(finding(panel, "Unnamed source")).to_have_count(1)
    expect(panel.get_by_text("marked not a problem")).to_have_count(0)
    assert not DismissedFinding.objects.filter(page=submitted_story).exists()
    # Leave the editor, whose background requests would race the database's teardown.
    page.goto("about:blank")


def test_approval_asks_a_tick_for_each_finding_left_standing(
    open_context, sign_in, submitted_story, open_approval, awaiting_review
):
    page = open_context().new_page()
    sign_in(page, "europe-editor")
    page.goto(f"/admin/pages/{submitted_story.pk}/edit/")
    panel = page.locator("[data-herald-validation]")
    finding(panel, "Unnamed source").get_by_role("button", name="Not a problem").click()
    expect(panel.get_by_text("1 marked not a problem")).to_be_visible()

    modal = open_approval(page, submitted_story)
    names = modal.locator(".herald-finding__name").all_inner_texts()
    assert "Unnamed source" not in names and "State-affiliated media" in names
    boxes = modal.get_by_role("checkbox").all()
    assert len(boxes) >= 2  # state media and the headline are still to be checked
    for box in boxes[:-1]:
        box.check()
    modal.get_by_role("button", name="Approve and publish").click()
    expect(modal.get_by_role("alert")).to_contain_text(
        "Tick each finding once you have checked it before approving")
    submitted_story.refresh_from_db()
    assert not submitted_story.live

    for box in modal.get_by_role("checkbox").all():
        box.check()
    modal.get_by_role("button", name="Approve and publish").click()
    expect(page.locator(".messages")).to_contain_text(
        f"‘{submitted_story.title}’ approved and published.", timeout=30_000)
    expect(awaiting_review(page, submitted_story)).to_have_count(0)
    submitted_story.refresh_from_db()
    assert submitted_story.live
