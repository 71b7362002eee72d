"""A reader finds their way around: topic links from a story, search with filters."""

import re

import pytest
from playwright.sync_api import expect

# The tests read the module's stories (built once, committed for the module's live server).
pytestmark = [pytest.mark.browser]


@pytest.fixture
def open_context(open_context_on_module_site):
    return open_context_on_module_site


@pytest.fixture(scope="module")
def transport_stories(module_make_story):
    from herald.articles.models import Topic

    transport = Topic.objects.create(name="Transport", slug="transport")
    module_make_story("Lisbon adds night buses", topics=[transport])
    return module_make_story("Rome trams run all night", topics=[transport])


@pytest.fixture(scope="module")
def ferry_stories(module_make_story):
    module_make_story("Ferry crews strike in Genoa", paragraphs=["Ferry crews walked out.", "More."])
    module_make_story("Lake Victoria ferry returns", desk="world", dateline="KISUMU",
                      paragraphs=["The ferry is back on the lake.", "Fares fell."])


def test_reader_follows_a_topic_link_from_a_story(open_context, transport_stories):
    story = transport_stories
    page = open_context().new_page()
    page.goto(story.url)
    topics = page.get_by_role("navigation", name="Topics")
    topics.get_by_role("link", name="Transport").click()
    expect(page).to_have_url(re.compile(r"/topics/transport/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Transport")
    expect(page.get_by_role("link", name="Lisbon adds night buses")).to_be_visible()
    expect(page.get_by_role("link", name="Rome trams run all night")).to_be_visible()


@pytest.mark.usefixtures("ferry_stories")
def test_reader_searches_filters_by_desk_and_opens_a_result(open_context):
    page = open_context().new_page()
    page.goto("/search/")
    page.get_by_label("Search the archive").fill("ferry")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("status")).to_have_text("2 results for “ferry”.")
    page.get_by_label("Desk").select_option(label="World Desk")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("status")).to_have_text("1 result for “ferry”.")
    expect(page.locator(".search-result mark").first).to_have_text(re.compile("ferry", re.I))
    page.get_by_role("link", name="Lake Victoria ferry returns").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Lake Victoria ferry returns")
