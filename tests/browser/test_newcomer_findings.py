"""What a fresh-clone tryout tripped over, fixed and kept fixed: adding a story creates
nothing behind the reporter's back, the admin says "submitted to Europe Desk for
validation" and what an approval did, and the sections menu on a phone shows that it
scrolls."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

# The tests share the module's newsroom and stories (built once, committed for the
# module's live server); each changes only a story of its own.
pytestmark = [pytest.mark.browser]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
HEADLINE = "Ljubljana opens its first night bus line"


@pytest.fixture
def open_context(open_context_on_module_site):
    return open_context_on_module_site


@pytest.fixture(scope="module")
def newsroom(module_newsroom):
    return module_newsroom


@pytest.fixture(scope="module")
def stories(module_newsroom, module_make_story):
    """Each test's stories, by what the test does with them."""
    from herald.newsroom import actions

    reporter = module_newsroom.people["europe-reporter"]
    to_approve = module_make_story("Zagreb trams run all night in December", publish=False,
                                   dateline="ZAGREB")
    actions.submit_to_desk(to_approve, by=reporter)
    waiting = module_make_story("Bled caps day visitors at the lake in summer", publish=False)
    actions.submit_to_desk(waiting, by=reporter)
    live = module_make_story("Koper port adds a second rail link", publish=True)
    live.title = "Koper port adds a second rail link to Ljubljana"
    live.save_revision(user=reporter)
    actions.submit_to_desk(live, by=reporter)
    module_make_story("Maribor opens a night market", publish=True)
    return {
        "to approve": to_approve,
        "to edit": module_make_story("Ljubljana extends its night bus trial", publish=False,
                                     dateline="LJUBLJANA"),
        "draft": module_make_story("Piran closes its old town to cars in August",
                                   publish=False),
    }


def fill_new_story(page, desk, headline=HEADLINE):
    page.goto(f"/admin/pages/add/articles/articlepage/{desk.pk}/")
    # Typed in once Wagtail has noted the empty form (see the test below).
    expect(page.locator("form[data-edit-form]")).to_have_attribute(
        "data-w-unsaved-has-edits-value", "false", timeout=30_000)
    page.get_by_role("textbox", name="Headline").fill(headline)
    page.get_by_role("textbox", name="Standfirst").fill("Two routes, every half hour after midnight.")
    page.get_by_role("textbox", name="Dateline").fill("LJUBLJANA")
    page.get_by_role("button", name="Insert a block").first.click()
    page.get_by_role("option", name="Paragraph").click()
    body = page.locator("[contenteditable=true]").first
    body.click()
    # One input event, as pasting makes: Draftail redraws the block after every key typed.
    page.keyboard.insert_text("The city council approved the routes on Tuesday.")
    page.wait_for_function(
        "words => [...document.querySelectorAll('input[type=hidden]')]"
        ".some(input => input.value.includes(words))", arg="The city council approved")


def test_adding_a_story_saves_nothing_until_the_reporter_submits(open_context, sign_in, newsroom):
    from herald.articles.models import ArticlePage

    desk = newsroom.desks["europe"]
    page = open_context().new_page()
    sign_in(page, "europe-reporter")
    add_form_posts = []  # an autosave posts the form to its own address
    page.on("request", lambda request: add_form_posts.append(request.url)
            if request.method == "POST" and "/admin/pages/add/" in request.url else None)
    fill_new_story(page, desk)
    # Wagtail notes the form as it loaded two seconds after its scripts start and then
    # looks for changes twice a second; on the first change it sees, an edit form saves
    # itself half a second later (WAGTAIL_AUTOSAVE_INTERVAL). Wait until it has seen
    # the story typed in, then three times that half second: filled before the form
    # was noted, the story would be no change, and nothing would be saved either way.
    form = page.locator("form[data-edit-form]")
    expect(form).to_have_attribute("data-w-unsaved-has-edits-value", "true", timeout=30_000)
    page.wait_for_timeout(1500)
    assert add_form_posts == []
    assert not ArticlePage.objects.filter(title=HEADLINE).exists()

    page.get_by_role("tab", name="Promote").click()
    page.get_by_role("textbox", name="Slug").fill("ljubljana-night-bus")
    page.get_by_role("tab", name="Content").click()
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Submit to Europe Desk validation").click()
    expect(page.locator(".messages")).to_contain_text(
        f"Story ‘{HEADLINE}’ created and submitted to Europe Desk for validation.")
    expect(page.locator(".messages")).not_to_contain_text("moderation")
    assert ArticlePage.objects.filter(title=HEADLINE).count() == 1


def test_approving_says_the_story_is_published(open_context, sign_in, stories):
    story = stories["to approve"]
    page = open_context().new_page()
    sign_in(page, "europe-editor")
    page.goto("/admin/")
    review = page.locator("#awaiting-review-section").locator("tr", has_text=story.title)
    review.get_by_role("button", name="Actions").click()
    review.get_by_role("button", name="Approve and publish").click()
    dialog = page.get_by_role("dialog")
    for finding in dialog.get_by_role("checkbox").all():
        finding.check()
    dialog.get_by_role("button", name="Approve and publish").click()
    message = page.locator(".messages")
    # Approval runs the validation assistant: slow on a busy machine.
    expect(message).to_contain_text("‘Zagreb trams run all night in December’ approved and published.",
                                    timeout=45_000)
    expect(message.get_by_role("link", name="View live")).to_have_attribute("href", story.url)


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390", "1280"])
def test_sections_menu_shows_that_it_scrolls(open_context, stories, screenshot, viewport):
    page = open_context(viewport=viewport).new_page()
    page.goto("/")
    menu = page.get_by_role("navigation", name="Sections").get_by_role("list")
    mask = "(list) => getComputedStyle(list).maskImage"
    if viewport is DESKTOP:
        expect(menu).to_have_attribute("data-scrolled", "none")
        assert page.evaluate(mask, menu.element_handle()) == "none"
        return
    assert page.evaluate("(l) => l.scrollWidth > l.clientWidth", menu.element_handle())
    expect(menu).to_have_attribute("data-scrolled", "start")
    fades_right = r"^linear-gradient\(to right, rgb\(0, 0, 0\) calc\(100% - 48px\), rgba\(0, 0, 0, 0\)\)$"
    assert re.search(fades_right, page.evaluate(mask, menu.element_handle()))
    screenshot(page, "sections-start", full_page=False)
    menu.evaluate("(l) => { l.scrollLeft = 40; }")
    expect(menu).to_have_attribute("data-scrolled", "middle")
    menu.evaluate("(l) => { l.scrollLeft = l.scrollWidth; }")
    expect(menu).to_have_attribute("data-scrolled", "end")
    screenshot(page, "sections-end", full_page=False)
    # The current section is brought into view on its own page.
    page.get_by_role("link", name="Search", exact=True).click()
    current = page.locator(".sections [aria-current=page]")
    expect(current).to_have_text("Search")
    expect(current).to_be_in_viewport(ratio=1)


def test_editing_a_saved_draft_saves_it_on_its_own(open_context, sign_in, stories):
    """The add form does not autosave (above); once the story exists, its edit form does."""
    from herald.articles.models import ArticlePage

    story = stories["to edit"]
    page = open_context().new_page()
    sign_in(page, "europe-reporter")
    page.goto(f"/admin/pages/{story.pk}/edit/")
    # Wagtail notes the form as it loaded two seconds after its scripts start, then looks
    # for changes twice a second (marking the form when it first looks): type after that.
    form = page.locator("#page-edit-form")
    expect(form).to_have_attribute("data-w-unsaved-has-edits-value", "false", timeout=30_000)
    page.get_by_role("textbox", name="Standfirst").click()
    page.keyboard.press("End")
    page.keyboard.type(" Three routes now.")
    # No button pressed: Wagtail saves the draft a moment after the typing stops.
    expect(page.get_by_text("Saved", exact=True)).to_be_visible(timeout=30_000)
    saved = ArticlePage.objects.get(pk=story.pk)
    assert saved.get_latest_revision().as_object().standfirst.endswith(" Three routes now.")
    assert not saved.live
    assert ArticlePage.objects.filter(title="Ljubljana extends its night bus trial").count() == 1

    page.reload()  # nothing asks to leave unsaved changes, and the text is there
    expect(page.get_by_role("textbox", name="Standfirst")).to_have_value(
        re.compile(r" Three routes now\.$"))


@pytest.mark.parametrize("user", ["europe-reporter", "publisher"])
def test_the_admin_asks_no_other_host_for_anything(
        open_context, sign_in_with_the_form, stories, module_live_site, user):
    """No avatar service, no update check: a newsroom's network may block them, and they
    tell a third party who uses the admin."""
    story = stories["draft"]
    page = open_context().new_page()
    elsewhere = []
    page.on("request", lambda request: None if request.url.startswith((module_live_site, "data:"))
            else elsewhere.append(request.url))
    sign_in_with_the_form(page, user)  # the login page, then the dashboard
    page.wait_for_load_state("networkidle")
    for address in (f"/admin/pages/{story.get_parent().pk}/", f"/admin/pages/{story.pk}/edit/"):
        page.goto(address)
        page.wait_for_load_state("networkidle")
    assert elsewhere == []


@pytest.mark.parametrize("user", ["europe-reporter", "europe-editor"])
def test_the_desks_page_list_says_which_stories_await_desk_validation(
        open_context, sign_in, newsroom, stories, screenshot, user):
    page = open_context().new_page()
    sign_in(page, user)
    page.goto(f"/admin/pages/{newsroom.desks['europe'].pk}/")
    rows = page.get_by_role("row")
    expect(rows.filter(has_text="Bled caps day visitors")).to_contain_text("awaiting desk validation")
    expect(rows.filter(has_text="Koper port adds a second rail link")).to_contain_text(
        "live + awaiting desk validation")
    expect(rows.filter(has_text="Maribor opens a night market")).not_to_contain_text("awaiting")
    expect(page.get_by_role("main")).not_to_contain_text("moderation")
    screenshot(page, "desk-pages", full_page=False)
