"""A story's whole path through the product, as people do it in a browser:
a reporter writes it in the Wagtail editor and submits it to the desk, a desk
editor approves it from the dashboard, and a reader sees the article page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

HEADLINE = "Rome brings back night trains to Munich and Vienna"
SLUG = "rome-night-trains-munich-vienna"
STANDFIRST = "Three sleeper routes return in December, subsidised by the regions they cross."
FIRST_PARAGRAPH = (
    "Night trains to Munich and Vienna will leave Termini every evening at 21:40 "
    "from the second week of December, the transport ministry said on Monday."
)


@pytest.fixture
def discovery(newsroom, make_story):
    """Three older Europe Desk stories for More, picks and reads for the sidebars."""
    from herald.discovery.models import EditorsPick, EditorsPicks
    from herald.discovery.trending import record_view

    related = [
        make_story(f"Related story {n}", paragraphs=[f"Opening words of related story {n}."])
        for n in range(3)
    ]
    # Read most: Trending shows them, so More (never repeating a block) does not.
    popular = [make_story(f"Popular story {n}") for n in range(3)]
    world = [make_story(f"World story {n}", desk="world", dateline="NAIROBI") for n in range(2)]
    picks = EditorsPicks.for_site(newsroom.home.get_site())
    for order, story in enumerate(world):
        picks.picks.add(EditorsPick(article=story, sort_order=order))
    picks.save()
    for n, story in enumerate(popular + world):
        for reader in range(n + 1):
            record_view(
                story.pk, address=f"192.0.2.{reader + 1}", user_agent="Mozilla/5.0 Firefox/140"
            )
    return {"related": related, "picks": world}


def write_and_submit_story(page, desk) -> None:
    """The reporter's part: a new story under the desk, submitted to it."""
    page.goto(f"/admin/pages/{desk.pk}/")
    page.get_by_role("link", name="Add child page").first.click()
    page.get_by_role("textbox", name="Headline").fill(HEADLINE)
    page.get_by_role("textbox", name="Standfirst").fill(STANDFIRST)
    page.get_by_role("textbox", name="Dateline").fill("ROME")
    page.get_by_role("button", name="Insert a block").first.click()
    page.get_by_role("option", name="Paragraph").click()
    body = page.locator("[contenteditable=true]").first
    body.click()
    # Entered in one input event, as pasting does: typed key by key, it cost chromium
    # two seconds of CPU (Draftail redraws the block after every key).
    page.keyboard.insert_text(FIRST_PARAGRAPH)
    expect(body).to_contain_text(FIRST_PARAGRAPH)
    # Draftail writes its content to the form's hidden input a moment after
    # typing stops; submitting earlier would send an empty paragraph.
    page.wait_for_function(
        "words => [...document.querySelectorAll('input[type=hidden]')]"
        ".some(input => input.value.includes(words))",
        arg=FIRST_PARAGRAPH.split(",")[0][:40],
    )
    # The slug does not yet fill itself from the headline (the headline panel is a
    # plain FieldPanel, not Wagtail's TitleFieldPanel), so the reporter types it.
    page.get_by_role("tab", name="Promote").click()
    page.get_by_role("textbox", name="Slug").fill(SLUG)
    page.get_by_role("tab", name="Content").click()
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Submit to Europe Desk validation").click()
    expect(page.locator(".messages")).to_contain_text(
        f"Story ‘{HEADLINE}’ created and submitted to Europe Desk for validation.")


def approve_from_dashboard(page) -> None:
    """The desk editor's part: approve the story from "Awaiting your review"."""
    row = page.locator("tr", has_text=HEADLINE)
    expect(row).to_be_visible()
    row.get_by_role("button", name="Actions").click()
    row.get_by_role("button", name="Approve and publish").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_be_visible()
    for finding in dialog.get_by_role("checkbox").all():
        finding.check()  # the validation assistant asks editors to acknowledge findings
    dialog.get_by_role("button", name="Approve and publish").click()
    # Approval runs the validation assistant: slow on a busy machine.
    expect(page.get_by_role("heading", name="Awaiting your review")).to_have_count(0, timeout=45_000)
    expect(page.locator(".messages")).to_contain_text(f"‘{HEADLINE}’ approved and published.")


def article_blocks(page, publication: str):
    """Every block of the article page, in the order a reader meets them."""
    heading = page.get_by_role("heading", exact=True, level=2)
    return {
        "headline": page.get_by_role("heading", level=1, name=HEADLINE),
        "standfirst": page.locator(".story__standfirst", has_text=STANDFIRST),
        "byline": page.locator(".story__byline", has_text="Europe Desk"),
        "body": page.locator(".story__body p").first,
        "more": heading.filter(has_text=re.compile(r"^More$")),
        "support": heading.filter(has_text="Show your support"),
        "author box": heading.filter(has_text=re.compile(r"^Europe Desk$")),
        "picks": heading.filter(has_text="Editor’s Picks"),
        "trending": heading.filter(has_text="Trending Stories"),
        "subscribe": heading.filter(has_text=f"Discover more from {publication}"),
        "continue": page.get_by_role("link", name="Back to the story"),
    }


def check_article_page(page, publication: str, related, assert_in_order) -> None:
    blocks = article_blocks(page, publication)
    for name, locator in blocks.items():
        expect(locator, f"{name} block").to_be_visible()
    expect(blocks["body"]).to_have_text(re.compile(r"^ROME — " + re.escape(FIRST_PARAGRAPH)))
    expect(page.locator(".story__byline time")).to_have_attribute(
        "datetime", re.compile(r"^\d{4}-")
    )
    more = page.locator("section", has=blocks["more"]).get_by_role("listitem")
    expect(more).to_have_count(3)
    for story in related:
        expect(more.filter(has_text=story.title)).to_contain_text("ROME —")
    expect(page.locator(".author-box")).to_contain_text("The Europe Desk validates news stories.")
    expect(page.locator(".picks li")).to_have_count(2)
    expect(page.locator(".trending li").first).to_be_visible()
    assert_in_order(page, blocks)


def test_reporter_story_validated_by_desk_reaches_readers_with_every_block(
    open_context, sign_in, assert_in_order, newsroom, discovery, screenshot
):
    from herald.articles.models import ArticlePage

    desk = newsroom.desks["europe"]
    reporter = open_context().new_page()
    sign_in(reporter, "europe-reporter")  # the login form: test_newcomer_findings.py
    write_and_submit_story(reporter, desk)
    screenshot(reporter, "1-reporter-submitted")
    story = ArticlePage.objects.get(title=HEADLINE)
    assert not story.live
    assert story.current_workflow_task.name == "Europe Desk validation"

    editor = open_context().new_page()
    sign_in(editor, "europe-editor")
    editor.goto("/admin/")
    screenshot(editor, "2-editor-dashboard")
    approve_from_dashboard(editor)
    story.refresh_from_db()
    assert story.live
    assert story.url == f"/europe/{SLUG}/"

    reader = open_context().new_page()
    reader.goto(story.url)
    check_article_page(reader, "The Test Ledger", discovery["related"], assert_in_order)
    screenshot(reader, "3-reader-article")

    phone = open_context(viewport={"width": 390, "height": 844}).new_page()
    phone.goto(story.url)
    check_article_page(phone, "The Test Ledger", discovery["related"], assert_in_order)
    screenshot(phone, "4-reader-article-mobile")

    no_script = open_context(java_script_enabled=False).new_page()
    no_script.goto(story.url)
    check_article_page(no_script, "The Test Ledger", discovery["related"], assert_in_order)
    screenshot(no_script, "5-reader-article-no-javascript")
