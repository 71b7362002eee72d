"""Members-only stories for chosen tiers: the editor picks the tiers, readers of
other tiers get the cut and an offer to change their membership."""

from __future__ import annotations

import pytest
from test_access import (
    GATED,
    GATED_LAST,
    PARAGRAPHS,
    body,
    is_full,
    json_ld,
    make_member,
    reader,
    signed_in,
)
from test_admin_workflow import admin_form_data

from herald.articles.importing import import_file
from herald.articles.models import ArticlePage
from herald.memberships.models import Tier

pytestmark = pytest.mark.django_db


@pytest.fixture
def newsroom(newsroom_from_module):
    """Desks and people built once for this module; each test rolls back its own writes."""
    return newsroom_from_module


def tier(slug, order=0):
    return Tier.objects.get_or_create(slug=slug, defaults={
        "name": slug.title(), "monthly_price": 5, "yearly_price": 50, "benefits": "Stories",
        "sort_order": order})[0]


@pytest.fixture
def patron_story(make_story):
    story = make_story("The patrons' briefing", access="members", paragraphs=PARAGRAPHS)
    story.access_tiers.set([tier("patron", 2), tier("founder", 3)])
    story.save_revision().publish()
    return ArticlePage.objects.get(pk=story.pk)


def member_of(django_user_model, slug):
    user = django_user_model.objects.create_user(slug, f"{slug}@example.org", "pw")
    make_member(user, slug)
    return signed_in(user, ip="192.0.2.60")


def test_member_of_a_chosen_tier_reads_the_story(patron_story, django_user_model):
    html = body(member_of(django_user_model, "patron").get(patron_story.url))
    assert is_full(html)
    assert "data-paywall" not in html


def test_member_of_another_tier_gets_the_cut_and_an_offer_to_change(patron_story, django_user_model):
    html = body(member_of(django_user_model, "supporter").get(patron_story.url))

    assert GATED not in html and GATED_LAST not in html
    assert 'data-paywall="tier"' in html
    assert "This story is for other members" in html
    assert "It is for members of the Patron and Founder tiers." in html
    assert "Change your membership" in html
    assert "articleBody" not in json_ld(html)


def test_anonymous_reader_gets_the_members_prompt(patron_story):
    html = body(reader().get(patron_story.url))
    assert GATED not in html
    assert 'data-paywall="members-only"' in html
    # The prompt names the tiers that open it and offers only what does.
    assert '<h2 id="paywall-heading">Become a member to read on</h2>' in html
    assert "It is for members of the Patron and Founder tiers." in html
    assert "Subscribe for free" not in html
    assert "Already a member? Sign in" in html


def test_members_only_story_without_tiers_is_open_to_every_tier(make_story, django_user_model):
    tier("patron")
    story = make_story("For every member", access="members", paragraphs=PARAGRAPHS)
    assert is_full(body(member_of(django_user_model, "supporter").get(story.url)))


def test_changing_the_tiers_shows_on_the_next_request(patron_story, django_user_model):
    supporter = member_of(django_user_model, "supporter")
    assert not is_full(body(supporter.get(patron_story.url)))

    patron_story.access_tiers.add(Tier.objects.get(slug="supporter"))
    patron_story.save_revision().publish()

    assert is_full(body(supporter.get(patron_story.url)))


def test_editor_restricts_a_story_to_tiers_in_the_admin(client, newsroom, make_story):
    story = make_story("A story for patrons", access="members", paragraphs=PARAGRAPHS, publish=False)
    patron = tier("patron")
    client.force_login(newsroom.people["europe-reporter"])
    edit_url = f"/admin/pages/{story.pk}/edit/"
    assert 'name="access_tiers"' in client.get(edit_url).content.decode()

    data = admin_form_data(client, edit_url, paragraphs=PARAGRAPHS, access="members",
                           access_tiers=[str(patron.pk)])
    response = client.post(edit_url, data)

    assert response.status_code == 302, response.content.decode()[:2000]
    saved = ArticlePage.objects.get(pk=story.pk).get_latest_revision_as_object()
    assert [t.slug for t in saved.access_tiers.all()] == ["patron"]


def test_tiers_on_a_story_that_is_not_members_only_are_refused(client, newsroom, make_story):
    story = make_story("A metered story", access="metered", paragraphs=PARAGRAPHS, publish=False)
    patron = tier("patron")
    client.force_login(newsroom.people["europe-reporter"])
    edit_url = f"/admin/pages/{story.pk}/edit/"

    data = admin_form_data(client, edit_url, paragraphs=PARAGRAPHS, access="metered",
                           access_tiers=[str(patron.pk)])
    response = client.post(edit_url, data)

    assert response.status_code == 200
    assert "Tiers apply only to members-only stories" in response.content.decode()
    assert not ArticlePage.objects.get(pk=story.pk).get_latest_revision_as_object().access_tiers.exists()


def write(tmp_path, front: str):
    path = tmp_path / "story.md"
    path.write_text(f"---\ntitle: A story\ndesk: europe\n{front}---\nFirst.\n\nSecond.\n\nThird.\n")
    return path


def test_import_sets_tiers_by_slug_or_name(newsroom, tmp_path):
    tier("patron")
    result = import_file(write(tmp_path, "access: members\ntiers: [Patron]\n"))
    assert result.ok, result.message
    assert [t.slug for t in result.page.get_latest_revision_as_object().access_tiers.all()] == ["patron"]


@pytest.mark.parametrize("front, message", [
    ("access: members\ntiers: [gold]\n", "unknown tier 'gold' (known tiers: patron)"),
    ("access: metered\ntiers: [patron]\n", "`tiers` apply only to members-only stories"),
])
def test_import_refuses_bad_tiers(newsroom, tmp_path, front, message):
    tier("patron")
    result = import_file(write(tmp_path, front))
    assert not result.ok
    assert message in result.message
    assert not ArticlePage.objects.filter(slug="story").exists()
