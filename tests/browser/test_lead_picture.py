"""The lead picture and the publication's branding in a browser: the picture at the
top of the story and on the front page, at phone and desktop widths, without
moving the page as it arrives; the logo in the masthead and the accent colour.

Pictures are held back by the browser's router until the text is on screen, so they
arrive after it: a picture without its size would push the text down, which the
browser records as a layout shift.
"""

from __future__ import annotations

import io
import re

import pytest
from playwright.sync_api import expect

# The tests read the module's story and branding (built once, committed for the
# module's live server).
pytestmark = [pytest.mark.browser]

ALT = "A crane lifts a container onto a ship at the quay at dusk"
WIDTHS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}
LAYOUT_SHIFT = """() => new Promise((resolve) => {
  let total = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) total += entry.value;
  }).observe({type: "layout-shift", buffered: true});
  setTimeout(() => resolve(total), 300);
})"""


def open_with_pictures_held(page, address, text):
    """Open ``address`` with its pictures held back until ``text`` is on screen (two
    frames drawn with it), then let them come."""
    held, released = [], []

    def hold(route):
        if released:
            route.continue_()
        else:
            held.append(route)

    page.route("**/media/**", hold)
    page.goto(address, wait_until="domcontentloaded")  # "load" would wait for the pictures
    expect(text(page)).to_be_visible()
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    released.append(True)
    for route in held:
        route.continue_()


@pytest.fixture
def open_context(open_context_on_module_site):
    return open_context_on_module_site


@pytest.fixture(scope="module")
def pictured_story(module_newsroom, module_make_story, tmp_path_factory):
    """A story with its lead picture, and the publication's logo and accent colour; the
    pictures in a folder of the module's own."""
    from django.test import override_settings

    with override_settings(MEDIA_ROOT=str(tmp_path_factory.mktemp("media"))):
        yield build_pictured_story(module_newsroom, module_make_story)


def build_pictured_story(newsroom, make_story):
    from django.core.files.base import ContentFile
    from PIL import Image as PILImage
    from wagtail.images.models import Image

    buffer = io.BytesIO()
    PILImage.new("RGB", (1600, 1000), "teal").save(buffer, "JPEG")
    image = Image(title="Quay", file=ContentFile(buffer.getvalue(), name="quay.jpg"))
    image.save()
    story = make_story("Genoa reopens its container quay", paragraphs=[
        "The port of Genoa reopened its container quay on Monday after a year of works.",
        "Crews worked through the weekend to finish the new crane rails.",
        "The port authority expects the first ship on Wednesday.",
    ])
    publication = newsroom.settings
    buffer = io.BytesIO()
    PILImage.new("RGB", (900, 120), "navy").save(buffer, "PNG")
    publication.logo = Image(title="Logo", file=ContentFile(buffer.getvalue(), name="logo.png"))
    publication.logo.save()
    publication.accent_colour = "#1f5a73"
    publication.save()
    story.lead_image, story.lead_image_alt = image, ALT
    story.lead_image_caption = "Illustration: the container quay at dusk."
    publisher = newsroom.people["publisher"]
    story.save_revision(user=publisher).publish(user=publisher)
    return story


@pytest.mark.parametrize("width", WIDTHS)
def test_the_lead_picture_arrives_without_moving_the_page(
        open_context, pictured_story, screenshot, width):
    page = open_context(viewport=WIDTHS[width]).new_page()
    open_with_pictures_held(page, pictured_story.url,
                            lambda page: page.locator(".story__body p").last)
    picture = page.locator(".story__picture img")
    expect(picture).to_have_attribute("alt", ALT)
    page.wait_for_function("() => document.querySelector('.story__picture img').complete")
    assert picture.get_attribute("loading") is None  # the lead is never lazy
    assert page.evaluate("document.querySelector('.story__picture img').naturalWidth") > 0
    box = picture.bounding_box()
    assert abs(box["height"] - box["width"] * 500 / 800) < 2, box  # the picture's own shape
    assert box["y"] < WIDTHS[width]["height"], "the lead picture is on the first screen"
    assert page.evaluate(LAYOUT_SHIFT) == 0
    logo = page.get_by_role("img", name="The Test Ledger")
    expect(logo).to_be_visible()
    page.wait_for_function("() => document.querySelector('.masthead__logo').complete")
    assert page.evaluate("document.querySelector('.masthead__logo').naturalWidth") > 0
    logo_box = logo.bounding_box()
    assert logo_box["x"] >= 0 and logo_box["x"] + logo_box["width"] <= WIDTHS[width]["width"]
    assert 30 <= logo_box["height"] <= 64, logo_box
    subscribe = page.get_by_role("link", name="Subscribe", exact=True)
    assert subscribe.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(31, 90, 115)"
    screenshot(page, "story", full_page=False)

    page = open_context(viewport=WIDTHS[width]).new_page()
    open_with_pictures_held(page, "/", lambda page: page.locator(".card--lead .card__headline"))
    card = page.locator(".card--lead .card__picture")
    expect(card).to_have_attribute("alt", ALT)
    page.wait_for_function("() => document.querySelector('.card--lead .card__picture').complete")
    assert page.evaluate(LAYOUT_SHIFT) == 0
    screenshot(page, "front", full_page=False)
    box = card.bounding_box()  # a click on the picture opens the story (the headline's link covers the card)
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    expect(page).to_have_url(re.compile(re.escape(pictured_story.url) + "$"))
