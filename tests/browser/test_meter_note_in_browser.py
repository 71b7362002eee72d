"""A reader on the meter is told how many free stories remain, once most are used: the
note fills its reserved line after load (no layout shift), is announced politely, fits
a phone's width, and is absent without JavaScript and for members. Headlines read with
typographic quotes."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

# The tests read the module's stories (built once, committed for the module's live
# server); the member's test adds a reader of its own.
pytestmark = [pytest.mark.browser]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
# Layout shifts since the page started, as the browser measures them (CLS's entries).
WATCH_SHIFTS = """() => {
  window.__shifts = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) { window.__shifts.push(entry.value); }
  }).observe({ type: "layout-shift", buffered: true });
}"""


@pytest.fixture
def open_context(open_context_on_module_site):
    return open_context_on_module_site


@pytest.fixture(scope="module")
def stories(module_make_story, module_newsroom):
    from herald.access.models import AccessSettings

    settings = AccessSettings.for_site(module_newsroom.home.get_site())
    settings.meter_limit = 3
    settings.save()
    paragraphs = [f"Paragraph {i}, with enough words in it to fill a line or two." for i in range(8)]
    return [
        module_make_story(f'Harbour "{n}" reopens -- at last', dateline="GDANSK", access="metered",
                   paragraphs=paragraphs)
        for n in ("one", "two", "three")
    ]


def open_story(page, story):
    with page.expect_response(lambda r: f"/meter/{story.pk}/" in r.url):
        page.goto(story.url)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "390"])
def test_reader_is_told_the_free_stories_left_without_a_layout_shift(open_context, stories,
                                                                     screenshot, viewport):
    page = open_context(viewport=viewport).new_page()
    page.add_init_script("window.addEventListener('DOMContentLoaded', " + WATCH_SHIFTS + ")")
    note = page.locator("[data-meter-note]")

    open_story(page, stories[0])
    expect(page.get_by_role("heading", level=1)).to_have_text("Harbour “one” reopens — at last")
    expect(note).to_have_attribute("aria-live", "polite")
    expect(note).to_be_empty()  # one of three used: nothing to say yet
    empty = note.bounding_box()

    open_story(page, stories[1])
    expect(note).to_contain_text("1 free story left this month.")
    expect(note.get_by_role("link", name="Become a member")).to_be_visible()
    assert note.bounding_box()["height"] == empty["height"]  # the line was reserved
    assert page.evaluate("window.__shifts.reduce((a, b) => a + b, 0)") == 0
    assert page.evaluate("(n) => n.scrollWidth <= n.clientWidth", note.element_handle())  # fits
    screenshot(page, "note", full_page=False)

    open_story(page, stories[2])
    expect(note).to_contain_text("Your last free story this month.")
    assert page.evaluate("(n) => n.scrollWidth <= n.clientWidth", note.element_handle())  # fits


def test_without_javascript_the_line_stays_empty(open_context, stories):
    page = open_context(java_script_enabled=False).new_page()
    for story in stories[:2]:
        page.goto(story.url)
    expect(page.locator("[data-meter-note]")).to_be_empty()
    expect(page.locator("[data-meter-note]")).to_have_attribute("aria-live", "polite")


def test_members_get_no_note(open_context, module_live_site, stories, settings):
    from django.contrib.auth import get_user_model
    from django.test import Client

    from tests.integration.test_access import make_member

    user = get_user_model().objects.create_user("reader", "reader@example.org", "pw")
    make_member(user)
    client = Client()
    client.force_login(user)  # the session a mailed sign-in link would start
    context = open_context()
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "url": module_live_site,
                          "value": client.cookies[settings.SESSION_COOKIE_NAME].value}])
    page = context.new_page()
    for story in stories:
        page.goto(story.url)
    expect(page.get_by_role("banner").get_by_role("link", name="Your account")).to_be_visible()
    expect(page.locator(".story__body")).to_contain_text("Paragraph 7")
    expect(page.locator("[data-meter-note]")).to_have_count(0)
