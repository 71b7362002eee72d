"""“Did you mean …”: misspelt searches get a suggestion, from words every reader may read."""

import re

import pytest

GATED_WORD = "quarantaine"  # only behind the cut of a members-only story


def suggestion(client, **params):
    response = client.get("/search/", params)
    assert response.status_code == 200
    found = re.search(r'Did you mean <a href="([^"]+)">([^<]+)</a>\?', response.content.decode())
    return (found.group(2), found.group(1).replace("&amp;", "&")) if found else (None, None)


@pytest.fixture
def newsroom(newsroom_from_module):
    """Desks and people built once for this module; each test rolls back its own writes."""
    return newsroom_from_module


@pytest.fixture(scope="module")
def published(shared_make_story):
    """Two stories published once for the module through the desk's workflow."""
    make_story = shared_make_story
    return {
        "ferry": make_story("Ferry strike strands islanders", paragraphs=[
            "Crews walked out at dawn over rosters.", "The harbour was quiet.",
            "The last paragraph of every story stays out of the vocabulary."]),
        "gated": make_story("Members hear of the lagoon plan", access="members", paragraphs=[
            "The board met on lagoon timetables.", "The second paragraph is open.",
            f"Behind the cut the plan orders a {GATED_WORD} of the islands.",
            "The last paragraph stays gated."]),
    }


@pytest.fixture
def archive(published):
    """The module's stories, fetched afresh for this test (a test unpublishes one)."""
    from herald.articles.models import ArticlePage

    return {name: ArticlePage.objects.get(pk=story.pk) for name, story in published.items()}


@pytest.mark.django_db
@pytest.mark.parametrize("query, expected", [
    ("feryy", "ferry"),                       # a doubled letter, a dropped one
    ("ferry strkie", "ferry strike"),         # two letters swapped, the known word kept
    ("islandres", "islanders"),
    ("harbor", "harbour"),                    # from the opening paragraphs of a free story
    ("lagon timetables", "lagoon timetables"),  # the open part of a members-only story
])
def test_a_misspelt_search_suggests_the_words_readers_can_see(client, archive, query, expected):
    shown, link = suggestion(client, q=query)
    assert shown == expected
    titles = re.findall(r'<h3 class="card__headline"><a href="[^"]+">([^<]+)</a>',
                        client.get(link).content.decode())
    assert titles  # the suggestion finds stories


@pytest.mark.django_db
def test_no_suggestion_for_a_word_spelt_right_or_far_from_any(client, archive):
    assert suggestion(client, q="ferry") == (None, None)
    assert suggestion(client, q="xylophone") == (None, None)


@pytest.mark.django_db
def test_a_word_behind_the_paywall_is_never_suggested(client, archive):
    shown, _ = suggestion(client, q="quarantain")
    assert shown is None


@pytest.mark.django_db
def test_the_suggestion_keeps_the_filters(client, archive):
    _, link = suggestion(client, q="feryy", desk="europe")
    assert link == "/search/?q=ferry&desk=europe"


@pytest.mark.django_db
def test_an_unpublished_story_leaves_the_vocabulary(client, archive):
    archive["ferry"].unpublish()
    assert suggestion(client, q="feryy") == (None, None)
