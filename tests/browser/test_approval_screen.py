"""The desk's approval screen as an editor uses it: findings once, under their
human names; a refusal explained in the modal with the comment kept."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.conftest import submit_pipeline_story

# The tests share the module's newsroom (built once, committed for the module's live
# server); each queues a story of its own.
pytestmark = [pytest.mark.browser]

MOBILE = {"width": 390, "height": 844}


@pytest.fixture
def open_context(open_context_on_module_site):
    return open_context_on_module_site


@pytest.fixture
def queued(module_newsroom, module_make_story):
    return submit_pipeline_story(module_newsroom, module_make_story,
                                 "Government bows to US pressure over pipeline")


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 900}, MOBILE], ids=["1280", "390"])
def test_approval_modal_explains_a_refusal_and_keeps_the_comment(
    open_context, sign_in, screenshot, queued, viewport, open_approval, awaiting_review
):
    page = open_context(viewport=viewport).new_page()
    sign_in(page, "europe-editor")
    modal = open_approval(page, queued)
    names = modal.locator(".herald-finding__name").all_inner_texts()
    assert "State-affiliated media" in names and "Unnamed source" in names
    assert "Headline not supported by the story" in names
    expect(modal.get_by_text("According to TASS", exact=True)).to_have_count(1)
    for code in ("state_media", "anonymous_source", "(warning)", "(SC)"):
        assert code not in modal.inner_text()
    screenshot(page, "modal", full_page=False)

    modal.get_by_role("checkbox").first.check()
    modal.get_by_label("Comment (optional)").fill("Checked the TASS line with two diplomats.")
    modal.get_by_role("button", name="Approve and publish").click()
    alert = modal.get_by_role("alert")
    expect(alert).to_contain_text("Tick each finding once you have checked it before approving")
    expect(modal.get_by_label("Comment (optional)")).to_have_value(
        "Checked the TASS line with two diplomats.")
    expect(modal.get_by_role("checkbox").first).to_be_checked()
    button = modal.get_by_role("button", name="Approve and publish")
    expect(button).to_be_enabled()
    screenshot(page, "modal-refused", full_page=False)

    for box in modal.get_by_role("checkbox").all():
        box.check()
    button.click()
    # Approving publishes the story before the dashboard comes back: slow on a busy box.
    expect(page.locator(".messages")).to_contain_text(
        f"‘{queued.title}’ approved and published.", timeout=30_000)
    expect(awaiting_review(page, queued)).to_have_count(0)
    queued.refresh_from_db()
    assert queued.live


def test_headline_field_fits_a_phone(open_context, sign_in, screenshot, queued):
    page = open_context(viewport=MOBILE).new_page()
    sign_in(page, "europe-reporter")
    page.goto(f"/admin/pages/{queued.pk}/edit/")
    headline = page.get_by_role("textbox", name="Headline")
    expect(headline).to_be_visible()
    screenshot(page, "editor", full_page=False)
    box = headline.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= MOBILE["width"]
    # The whole headline shows: it wraps instead of running off the field.
    assert headline.evaluate("el => el.scrollWidth <= el.clientWidth")
    assert headline.evaluate("el => el.scrollHeight <= el.clientHeight + 2")
    expect(page.get_by_text("Sentence case, present tense")).to_be_attached()
    # Leave the editor, whose background requests would race the database's teardown.
    page.goto("about:blank")
