"""A reader finds their way around: sign in and support from the masthead on any
screen, and the band's "Back to the story" (a gated story's "Continue reading") that
returns them to where they were."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

# The tests read the module's stories (built once, committed for the module's live
# server); the widest logo is put back as it was.
pytestmark = [pytest.mark.browser]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def open_context(open_context_on_module_site):
    return open_context_on_module_site


@pytest.fixture(scope="module")
def stories(module_make_story):
    return [
        module_make_story(f"Tallinn opens ferry terminal {n}", dateline="TALLINN",
                   paragraphs=[f"Paragraph {i} of story {n}, with enough words to fill a line." for i in range(12)])
        for n in range(3)
    ]


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "390"])
def test_masthead_offers_sign_in_support_and_subscribe(open_context, stories, screenshot, viewport):
    page = open_context(viewport=viewport).new_page()
    page.goto("/")
    banner = page.get_by_role("banner")
    for name in ("Sign in", "Support us", "Subscribe"):
        link = banner.get_by_role("link", name=name, exact=True)
        expect(link).to_be_visible()
        expect(link).to_be_in_viewport()
    expect(banner.get_by_role("link", name="Sign in")).to_have_attribute("href", "/account/sign-in/")
    screenshot(page, "home", full_page=False)
    # A list page's band has no link back: there is no story to return to.
    band = page.get_by_role("complementary", name="Discover more from The Test Ledger")
    expect(band).to_be_attached()
    expect(band.locator("[data-continue-reading]")).to_have_count(0)

    page.goto(stories[0].url)
    page.locator(".author-box").scroll_into_view_if_needed()
    screenshot(page, "article-foot", full_page=False)


# How many lines each of the masthead's actions takes, and whether it is on screen.
ACTION_LINES = """() => [...document.querySelectorAll('.masthead__actions > *')].map((action) => {
  const text = document.createRange();
  text.selectNodeContents(action);
  const box = action.getBoundingClientRect();
  return [action.textContent.trim(), text.getClientRects().length,
          box.left >= 0 && box.right <= innerWidth];
})"""


@pytest.fixture
def widest_logo(module_newsroom, media_root):
    """The widest logo the masthead shows (480 by 64 points; the demo's is 457 wide),
    for this test only."""
    from tests.pictures import saved_image

    publication = module_newsroom.settings
    publication.logo = saved_image("navy", (960, 128), name="logo")
    publication.save()
    yield
    publication.logo = None
    publication.save()


@pytest.mark.usefixtures("widest_logo")
def test_masthead_actions_keep_to_one_line_beside_the_widest_logo(
        open_context, stories, screenshot):
    page = open_context(viewport=DESKTOP).new_page()
    page.goto("/")
    expect(page.get_by_role("img", name="The Test Ledger")).to_be_visible()
    for width in (1440, 1280, 1152, 1024, 768, 390):
        page.set_viewport_size({"width": width, "height": 900})
        actions = page.evaluate(ACTION_LINES)
        assert actions == [["Sign in", 1, True], ["Support us", 1, True],
                           ["Subscribe", 1, True]], width
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        logo = page.get_by_role("img", name="The Test Ledger").bounding_box()
        signin = page.get_by_role("link", name="Sign in").bounding_box()
        beside = signin["y"] < logo["y"] + logo["height"]  # on the logo's row, or below it
        assert not beside or signin["x"] >= logo["x"] + logo["width"], width
        screenshot(page, f"masthead-{width}", full_page=False)

def test_continue_reading_returns_the_reader_to_where_they_left(open_context, stories):
    page = open_context(viewport=PHONE).new_page()
    page.goto(stories[0].url)
    page.mouse.wheel(0, 600)
    page.wait_for_function("window.scrollY > 500")
    left_at = page.evaluate("window.scrollY")
    page.evaluate("window.scrollTo(0, 0)")
    page.get_by_role("banner").get_by_role("link", name="Subscribe").click()
    band = page.get_by_role("complementary", name="Discover more from The Test Ledger")
    expect(band).to_be_in_viewport()
    band.get_by_role("link", name="Back to the story").click()  # a free story
    expect(band).to_be_hidden()
    assert page.evaluate("window.scrollY") < left_at
    expect(page.get_by_role("banner").get_by_role("link", name="Subscribe")).to_be_focused()
