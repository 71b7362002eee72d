"""The reader site in a browser: the letters form end to end, the subscribe
prompt's "Continue reading", keyboard access and phone-sized layouts."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

# The tests read the module's pages (built once, committed for the module's live
# server); the letter a reader sends is a row of its own.
pytestmark = [pytest.mark.browser]

LETTER = (
    "Your report on the night trains missed one thing: the sleeper from Rome "
    "is the only way my mother can visit without a car.\n\n"
    "Please keep reporting on these routes."
)


@pytest.fixture
def open_context(open_context_on_module_site):
    return open_context_on_module_site


@pytest.fixture(scope="module")
def newsroom(module_newsroom):
    return module_newsroom


@pytest.fixture(scope="module")
def letters_page(newsroom):
    from herald.letters.models import LettersPage

    page = LettersPage(
        title="Write a letter to the editor", slug="letters", desk=newsroom.desks["world"]
    )
    newsroom.home.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture(scope="module")
def story(module_make_story):
    return module_make_story("Tallinn opens a ferry terminal in the old harbour",
                             dateline="TALLINN")


def test_reader_sends_a_letter_that_lands_in_the_desk_queue(
    open_context, letters_page, newsroom, screenshot
):
    from herald.letters.models import LetterSubmission

    page = open_context(viewport={"width": 390, "height": 844}).new_page()
    page.goto("/")
    page.get_by_role("navigation", name="Sections").get_by_role(
        "link", name="Write a letter"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Write a letter to the editor")
    form = page.locator("form.letter-form")
    form.get_by_label("Name").fill("Giulia Ferri")
    form.get_by_label("Email").fill("giulia@example.org")
    form.get_by_label("Town").fill("Bolzano")
    form.get_by_label("Your letter").fill(LETTER)
    screenshot(page, "1-form")
    form.get_by_role("button", name="Send your letter").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you for your letter")
    expect(page.get_by_role("main")).to_contain_text("We received your letter, Giulia Ferri")
    expect(page.get_by_role("main")).to_contain_text("It is now with the World Desk")
    screenshot(page, "2-confirmation")

    letter = LetterSubmission.objects.get(email="giulia@example.org")
    assert (letter.name, letter.email, letter.town) == (
        "Giulia Ferri",
        "giulia@example.org",
        "Bolzano",
    )
    assert letter.text == LETTER
    draft = letter.draft
    assert draft.kind == "letter"
    assert draft.live is False
    assert draft.get_parent().pk == newsroom.desks["world"].pk
    assert draft.title == "Letter from Giulia Ferri, Bolzano"
    assert draft.workflow_in_progress


def test_reader_shows_errors_next_to_the_fields_without_javascript(
    open_context, letters_page, screenshot
):
    from herald.letters.models import LetterSubmission

    letters_before = LetterSubmission.objects.count()
    page = open_context(java_script_enabled=False).new_page()
    page.goto(letters_page.url)
    form = page.locator("form.letter-form")
    form.get_by_label("Name").fill("Giulia Ferri")
    form.get_by_label("Email").fill("not an address")
    form.get_by_role("button", name="Send your letter").click()

    form = page.locator("form.letter-form")
    email = page.get_by_role("textbox", name="Email", exact=True)
    letter = page.get_by_role("textbox", name="Your letter")
    expect(form.locator(email)).to_have_attribute("aria-invalid", "true")
    expect(form.locator(".field--error", has=email)).to_contain_text("Enter a valid email address.")
    expect(form.locator(".field--error", has=letter)).to_contain_text("This field is required.")
    expect(form.get_by_label("Name")).to_have_value("Giulia Ferri")
    screenshot(page, "errors")
    assert LetterSubmission.objects.count() == letters_before


def test_continue_reading_dismisses_the_subscribe_prompt_and_keyboard_reaches_everything(
    open_context, story, screenshot
):
    page = open_context().new_page()
    page.goto(story.url)

    # The first Tab from the top of the page lands on the skip link, which shows itself.
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    screenshot(page, "1-skip-link", full_page=False)
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.keyboard.press("Tab")
    expect(page.get_by_role("main").get_by_role("link", name="Europe Desk").first).to_be_focused()

    prompt = page.get_by_role("complementary", name="Discover more from The Test Ledger")
    expect(prompt).to_be_visible()
    continue_reading = prompt.get_by_role("link", name="Back to the story")  # a free story
    continue_reading.focus()
    page.keyboard.press("Enter")
    expect(prompt).to_be_hidden()
    assert page.evaluate("document.activeElement.id") == "main"
    screenshot(page, "2-prompt-dismissed")
    page.get_by_role("banner").get_by_role("link", name="Subscribe").click()
    expect(prompt).to_be_visible()


def test_listing_pages_fit_a_phone_screen(open_context, story, screenshot):
    page = open_context(viewport={"width": 390, "height": 844}).new_page()
    for name, path in [
        ("home", "/"),
        ("desk", "/europe/"),
        ("archive", "/archive/"),
        ("search", "/search/?q=harbour"),
        ("not-found", "/no-such-page/"),
    ]:
        response = page.goto(path)
        assert response.status == (404 if name == "not-found" else 200), path
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, path
        expect(page.get_by_role("main").get_by_role("heading", level=1)).to_have_count(1)
        screenshot(page, name)
