"""Wagtail's moderation words in the admin, said as the newsroom says them: a story in its
desk's queue is "Awaiting desk validation" (Wagtail: "In Moderation"), as its status says, and a published
story is withdrawn (Wagtail: "unpublish"), from the edit page's menu to the confirmation;
the publication's other pages (the home page, a desk's own page) keep Wagtail's "Unpublish"."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from herald.newsroom import actions

pytestmark = pytest.mark.django_db
TITLE = "Ferry strike strands islanders"


def text_of(response) -> str:
    return " ".join(BeautifulSoup(response.content, "html.parser").get_text(" ").split())


def test_a_story_in_its_desks_queue_awaits_desk_approval(client, newsroom, make_story):
    story = make_story(TITLE, publish=False)
    client.force_login(newsroom.people["europe-editor"])
    # Negative control: a draft nobody submitted is a draft.
    assert "Awaiting desk validation" not in text_of(client.get(f"/admin/pages/{story.pk}/edit/"))
    actions.submit_to_desk(story, by=newsroom.people["europe-reporter"])
    page = text_of(client.get(f"/admin/pages/{story.pk}/edit/"))
    assert "Awaiting desk validation" in page and "In Moderation" not in page
    listing = text_of(client.get(f"/admin/pages/{newsroom.desks['europe'].pk}/"))
    assert "awaiting desk validation" in listing and "in moderation" not in listing


def test_withdrawing_is_said_in_the_newsrooms_words(client, newsroom, make_story):
    story = make_story(TITLE)
    client.force_login(newsroom.people["europe-editor"])
    soup = BeautifulSoup(client.get(f"/admin/pages/{story.pk}/edit/").content, "html.parser")
    link = soup.select_one(f'a[href^="/admin/pages/{story.pk}/unpublish/"]')
    assert " ".join(link.get_text(" ").split()) == "Withdraw"
    confirm = text_of(client.get(f"/admin/pages/{story.pk}/unpublish/"))
    assert f"Withdraw “{TITLE}”? Readers will no longer find it on the site" in confirm
    assert "Yes, withdraw it" in confirm and "No, keep it published" in confirm
    assert "unpublish" not in confirm.lower()
    # The form still withdraws it.
    client.post(f"/admin/pages/{story.pk}/unpublish/")
    story.refresh_from_db()
    assert not story.live


def unpublish_labels(client, url, page) -> set[str]:
    """The labels of every link on the admin page at ``url`` to ``page``'s unpublish view
    (the edit page's menu, its header's and the listing rows' "More" menus)."""
    soup = BeautifulSoup(client.get(url).content, "html.parser")
    links = soup.select(f'a[href^="/admin/pages/{page.pk}/unpublish/"]')
    assert links, f"no link to unpublish {page} on {url}"
    return {" ".join(link.get_text(" ").split()) for link in links}


def test_a_story_is_withdrawn_and_the_publications_own_pages_unpublished(
    client, newsroom, make_story
):
    story = make_story(TITLE)
    desk, home = newsroom.desks["europe"], newsroom.home
    client.force_login(newsroom.people["publisher"])
    # The story: its edit page (menu and header) and its row in the desk's listing.
    assert unpublish_labels(client, f"/admin/pages/{story.pk}/edit/", story) == {"Withdraw"}
    assert unpublish_labels(client, f"/admin/pages/{desk.pk}/", story) == {"Withdraw"}
    # Negative controls: the home page and the desk's own page, on their edit pages and in
    # the home page's listing, are unpublished.
    assert unpublish_labels(client, f"/admin/pages/{home.pk}/edit/", home) == {"Unpublish"}
    assert unpublish_labels(client, f"/admin/pages/{desk.pk}/edit/", desk) == {"Unpublish"}
    assert unpublish_labels(client, f"/admin/pages/{home.pk}/", desk) == {"Unpublish"}
    confirm = text_of(client.get(f"/admin/pages/{desk.pk}/unpublish/"))
    assert "Unpublish" in confirm and "Withdraw" not in confirm
