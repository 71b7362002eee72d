"""The subscribe panel of a free story in a browser: once per visit, after the
reader has scrolled into the story, never over the text for good, and the
plain subscribe band for readers without JavaScript (herald/site/README.md)."""

from __future__ import annotations

import pytest
from django.core import mail
from playwright.sync_api import expect

# The tests read the module's stories (built once, committed for the module's live
# server); the one that signs up writes a subscriber of its own.
pytestmark = [pytest.mark.browser]

PHONE = {"width": 390, "height": 844}
PANEL = "Subscribe to The Test Ledger"
BAND = "Discover more from The Test Ledger"
PARAGRAPHS = [
    f"Paragraph {n} of the story. The ferry terminal in the old harbour opens on Monday "
    "after four years of building, and the port authority expects a million passengers "
    "in its first year, most of them on the crossing to Helsinki that now takes two hours."
    for n in range(1, 13)
]


@pytest.fixture
def open_context(open_context_on_module_site):
    return open_context_on_module_site


@pytest.fixture(scope="module")
def free_stories(module_make_story):
    return [
        module_make_story(title, dateline="TALLINN", paragraphs=PARAGRAPHS)
        for title in ("Tallinn opens a ferry terminal", "Helsinki adds night crossings")
    ]


@pytest.fixture(scope="module")
def gated_stories(module_make_story):
    """Two metered stories and a members-only one, under a meter of one story (free
    stories are never metered: the other tests do not see it)."""
    from herald.access.models import AccessSettings

    metered = [
        module_make_story(f"Metered story {n}", access="metered", paragraphs=PARAGRAPHS)
        for n in range(2)
    ]
    members = module_make_story("Members story", access="members", paragraphs=PARAGRAPHS)
    settings = AccessSettings.for_site(members.get_site())
    settings.meter_limit = 1
    settings.save()
    return metered, members


def panel(page):
    return page.get_by_role("region", name=PANEL)


def panel_style(page, name: str) -> str:
    return page.evaluate(
        f"getComputedStyle(document.querySelector('[data-subscribe-panel]')).{name}"
    )


def next_frames(page) -> None:
    """Wait two rendering steps: scroll events and IntersectionObserver callbacks have run."""
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")


def scroll_into_story(page) -> None:
    """Scroll as a reader does to the story's fifth paragraph (past the third)."""
    page.evaluate("document.querySelectorAll('.story__body p')[4].scrollIntoView()")
    next_frames(page)


def wait_until_open(page) -> None:
    expect(panel(page)).to_be_visible()
    page.wait_for_function(  # the slide-in has finished
        "() => getComputedStyle(document.querySelector('[data-subscribe-panel]'))"
        ".transform === 'none'"
    )


def test_panel_slides_in_after_scrolling_and_continue_reading_puts_it_away_for_the_visit(
    open_context, free_stories, screenshot
):
    first, second = free_stories
    visit = open_context()
    page = visit.new_page()
    page.goto(first.url)
    next_frames(page)
    expect(panel(page)).to_be_hidden()
    expect(page.locator("[data-subscribe-panel]")).to_have_count(1)
    page.mouse.wheel(0, 60)  # a little scrolling, still above the third paragraph
    next_frames(page)
    expect(panel(page)).to_be_hidden()

    scroll_into_story(page)
    wait_until_open(page)
    # It announces itself politely and leaves focus where the reader is.
    expect(page.get_by_role("status")).to_have_text(
        f"{PANEL}: a sign-up form is open at the bottom of the screen. "
        "Press Escape or Continue reading to close it."
    )
    assert page.evaluate("document.activeElement === document.body")
    # Fixed at the bottom: the story scrolls on beneath it, and every line can be
    # scrolled clear of it.
    box = panel(page).bounding_box()
    assert box["y"] + box["height"] == pytest.approx(900, abs=1)
    assert panel_style(page, "position") == "fixed"
    last = page.locator(".story__body p").last
    before = page.evaluate("scrollY")
    page.evaluate(
        """() => {
            const last = [...document.querySelectorAll('.story__body p')].pop();
            const top = document.querySelector('[data-subscribe-panel]').getBoundingClientRect().top;
            scrollBy(0, last.getBoundingClientRect().bottom - top + 8);
        }"""
    )
    assert page.evaluate("scrollY") > before
    expect(panel(page)).to_be_visible()
    assert page.evaluate(
        """() => {
            const last = [...document.querySelectorAll('.story__body p')].pop();
            const box = last.getBoundingClientRect();
            return document.elementFromPoint(box.left + 20, box.bottom - 5) === last;
        }"""
    )
    expect(last).to_be_in_viewport()
    screenshot(page, "1-open", full_page=False)

    panel(page).get_by_role("button", name="Continue reading").click()
    expect(panel(page)).to_be_hidden()
    expect(page.get_by_role("status")).to_have_text("")
    screenshot(page, "2-dismissed", full_page=False)

    # The next free story in the same visit (another tab of the same browser): not again.
    later = visit.new_page()
    later.goto(second.url)
    scroll_into_story(later)
    later.mouse.wheel(0, 400)
    next_frames(later)
    expect(panel(later)).to_be_hidden()

    # A new visit (a new browser session): once more.
    again = open_context().new_page()
    again.goto(second.url)
    scroll_into_story(again)
    wait_until_open(again)


def test_a_story_already_on_screen_gets_the_panel_only_once_the_reader_scrolls(
    open_context, free_stories
):
    page = open_context(viewport={"width": 1280, "height": 2000}).new_page()
    page.goto(free_stories[0].url)
    third = page.locator(".story__body p").nth(2).bounding_box()
    assert third["y"] + third["height"] < 1000  # in the top half of the screen on load
    next_frames(page)
    expect(panel(page)).to_be_hidden()

    page.mouse.wheel(0, 100)
    wait_until_open(page)


def test_escape_puts_the_panel_away_and_returns_focus_from_inside_it(open_context, free_stories):
    page = open_context().new_page()
    page.goto(free_stories[0].url)
    scroll_into_story(page)
    wait_until_open(page)

    page.keyboard.press("Escape")
    expect(panel(page)).to_be_hidden()

    # The panel comes right after the story in the tab order; Escape from inside
    # it returns focus to where the reader was, not to the top of the page.
    page = open_context().new_page()
    page.goto(free_stories[0].url)
    scroll_into_story(page)
    wait_until_open(page)
    last_in_story = page.locator("article.story a").last  # the reader has tabbed through it
    last_in_story.focus()
    page.keyboard.press("Tab")
    dismiss = panel(page).get_by_role("button", name="Continue reading")
    expect(dismiss).to_be_focused()
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") == "solid"
    page.keyboard.press("Tab")
    expect(panel(page).get_by_role("textbox", name="Email address")).to_be_focused()
    page.keyboard.press("Escape")
    expect(panel(page)).to_be_hidden()
    expect(last_in_story).to_be_focused()


def test_panel_covers_less_than_two_fifths_of_a_phone_screen(
    open_context, free_stories, screenshot
):
    page = open_context(viewport=PHONE).new_page()
    page.goto(free_stories[0].url)
    scroll_into_story(page)
    wait_until_open(page)

    box = panel(page).bounding_box()
    assert box["width"] == 390
    assert box["y"] + box["height"] == pytest.approx(844, abs=1)
    assert box["height"] / 844 < 0.4, box
    expect(panel(page).get_by_role("button", name="Continue reading")).to_be_in_viewport()
    expect(panel(page).get_by_role("textbox", name="Email address")).to_be_in_viewport()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "phone", full_page=False)


def test_reduced_motion_shows_the_panel_without_sliding(open_context, free_stories):
    page = open_context(reduced_motion="reduce").new_page()
    page.goto(free_stories[0].url)
    scroll_into_story(page)
    expect(panel(page)).to_be_visible()
    assert panel_style(page, "transitionDuration") == "0s"


def test_reaching_the_subscribe_band_puts_the_panel_away(open_context, free_stories):
    page = open_context().new_page()
    page.goto(free_stories[0].url)
    scroll_into_story(page)
    wait_until_open(page)

    page.get_by_role("complementary", name=BAND).scroll_into_view_if_needed()
    expect(panel(page)).to_be_hidden()
    expect(page.get_by_role("complementary", name=BAND)).to_be_in_viewport()


def test_no_panel_on_gated_stories_with_the_paywall_prompt(open_context, gated_stories):
    metered, members = gated_stories
    page = open_context().new_page()
    page.goto(metered[0].url)  # the one story the meter allows

    for story in (metered[1], members):  # over the meter; members only
        page.goto(story.url)
        expect(page.locator("[data-paywall]")).to_be_visible()
        expect(page.locator("[data-subscribe-panel]")).to_have_count(0)
        page.mouse.wheel(0, 500)
        next_frames(page)
        expect(panel(page)).to_be_hidden()


def test_without_javascript_the_subscribe_band_stays_in_the_flow(
    open_context, free_stories, screenshot
):
    page = open_context(java_script_enabled=False).new_page()
    page.goto(free_stories[0].url)
    band = page.get_by_role("complementary", name=BAND)
    band.scroll_into_view_if_needed()
    expect(band).to_be_visible()
    expect(band.get_by_role("textbox", name="Email address")).to_be_visible()
    expect(band.get_by_role("button", name="Subscribe")).to_be_visible()
    assert band.evaluate("element => getComputedStyle(element).position") == "static"
    expect(panel(page)).to_be_hidden()
    screenshot(page, "band", full_page=False)


@pytest.mark.usefixtures("revenue_settings")
def test_panel_signs_up_from_a_cached_page_for_double_opt_in(open_context, free_stories):
    from herald.memberships.models import Subscriber

    story = free_stories[0]
    page = open_context().new_page()
    assert page.goto(story.url).header_value("x-herald-cache") == "miss"
    assert page.goto(story.url).header_value("x-herald-cache") == "hit"
    scroll_into_story(page)
    wait_until_open(page)
    form = panel(page)
    form.get_by_role("textbox", name="Email address").fill("reader@example.org")
    form.get_by_role("checkbox", name="Send me the newsletter").check()
    form.get_by_role("button", name="Subscribe").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Check your inbox")
    expect(page.get_by_role("link", name="Continue reading")).to_have_attribute("href", story.url)
    subscriber = Subscriber.objects.get(email="reader@example.org")
    assert subscriber.confirmed_at is None
    assert subscriber.source_path == story.url
    assert "/subscribe/confirm/" in mail.outbox[-1].body
