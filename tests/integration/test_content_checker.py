"""Wagtail's content checker, as a reporter meets it in the story editor's Checks panel,
checks the story's own content (the page's <main>), not the masthead, bands and footer
every page shares: it showed a reporter "Misusing paragraphs as headings:
.site-footer__name", which nothing on the story's edit page can change."""

from __future__ import annotations

import json

import pytest
from bs4 import BeautifulSoup

pytestmark = pytest.mark.django_db


@pytest.fixture
def newsroom(newsroom_from_module):
    """Desks and people built once for this module; each test rolls back its own writes."""
    return newsroom_from_module


def axe_context(html: str) -> dict:
    """The axe context the page's content checker runs with (the checks panel's, or the
    userbar's on a page)."""
    soup = BeautifulSoup(html, "html.parser")
    script = soup.select_one("#checker-axe-configuration")
    assert script is not None, "no content checker configuration on the page"
    return json.loads(script.string)["context"]


def test_the_story_editors_checks_cover_the_story_not_the_sites_chrome(client, newsroom,
                                                                      make_story):
    story = make_story("Ferry strike strands islanders", publish=False)
    client.force_login(newsroom.people["europe-reporter"])

    context = axe_context(client.get(f"/admin/pages/{story.pk}/edit/").content.decode())

    assert context["include"] == ["main"]


def test_the_sites_layout_keeps_the_pages_own_content_in_main(client, newsroom, make_story):
    story = make_story("Ferry strike strands islanders")
    soup = BeautifulSoup(client.get(story.url).content, "html.parser")

    main = soup.select_one("main")
    assert main is not None and "Ferry strike strands islanders" in main.get_text()
    assert main.select_one(".site-footer__name") is None
    assert soup.select_one(".site-footer__name") is not None


def test_the_checks_panels_word_count_reads_the_story_not_the_lists_beside_it(
        client, newsroom, make_story):
    """Wagtail's word count and reading time read the page's <main> (its content extractor
    takes the first `main, [role="main"]`), and a story's <main> also held the More,
    Support, Editor's Picks and Trending lists and the desk's author box: an 80-word story
    counted 339 words. They sit in a complementary landmark after <main>, in the same
    order."""
    make_story("Harbour cranes idle for a week")
    story = make_story("Ferry strike strands islanders")
    soup = BeautifulSoup(client.get(story.url).content, "html.parser")

    main = soup.select_one("main")
    assert "Ferry strike strands islanders" in main.get_text()
    for part in (".more", ".support-prompt", ".author-box", ".discovery"):
        assert main.select_one(part) is None, part
    extras = main.find_next_sibling("aside")
    assert extras is not None and extras.select_one(".more") is not None
    assert "Harbour cranes idle for a week" in extras.get_text()
    assert extras.select_one(".support-prompt") and extras.select_one(".author-box")
    assert extras.select_one(".discovery")
    assert extras.get("aria-label")
