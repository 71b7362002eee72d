"""The search page's filters as a reader meets them: controls as large as the search box
and in the page's font, a label above each, on a phone and on a desktop."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

# The tests read the module's story (built once, committed for the module's live server).
pytestmark = [pytest.mark.browser]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
CONTROLS = ("Desk", "Kind", "Topic", "From", "To")


@pytest.fixture
def open_context(open_context_on_module_site):
    return open_context_on_module_site


@pytest.fixture(scope="module")
def story(module_make_story):
    return module_make_story("Tallinn opens a ferry terminal")


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390", "1280"])
def test_search_filters_are_full_size_controls_under_their_labels(
    open_context, story, screenshot, viewport
):
    page = open_context(viewport=viewport).new_page()
    page.goto("/search/?q=ferry")
    filters = page.get_by_role("group", name="Narrow the search")
    expect(filters).to_be_visible()
    box = page.get_by_role("searchbox", name="Search the archive").bounding_box()
    font = page.get_by_role("searchbox").evaluate("e => getComputedStyle(e).fontSize")
    fieldset = filters.bounding_box()
    for name in CONTROLS:
        control = filters.get_by_label(name, exact=True)
        size = control.bounding_box()
        label = filters.locator("label", has_text=name).first.bounding_box()
        # Tappable and readable: as tall as the search box (44 px), the same font size,
        # not the browser's 13 px default; inside the fieldset, its label above it.
        assert size["height"] >= 44 and size["height"] >= box["height"] - 1, (name, size)
        assert control.evaluate("e => getComputedStyle(e).fontSize") == font, name
        assert size["x"] + size["width"] <= fieldset["x"] + fieldset["width"], (name, size)
        assert label["y"] + label["height"] <= size["y"] + 1, (name, label, size)
    if viewport is DESKTOP:
        # Side by side where there is room, not one long column of tiny boxes.
        tops = {round(filters.get_by_label(n, exact=True).bounding_box()["y"]) for n in CONTROLS}
        assert len(tops) <= 2, tops
    screenshot(page, "filters", full_page=False)
