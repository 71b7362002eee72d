"""A story's parts cached per revision (herald.articles.fragments) and its one-query route.

Every test renders with the whole-page cache off, so each request renders the
page and reads the parts from their cache, as a signed-in reader's or a gated
story's request does.
"""

from __future__ import annotations

import datetime
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from test_access import make_member, signed_in
from test_admin_workflow import admin_form_data

from herald.articles.fragments import part_key
from herald.articles.models import ArticlePage, Correction, Person, Topic

pytestmark = pytest.mark.django_db

OPEN = ["ROME — The opening paragraph is open to all.", "The second is open too."]
GATED = "BEHIND-THE-CUT-5e1f the third paragraph."


@pytest.fixture
def newsroom(newsroom_from_module):
    """Desks and people built once for this module; each test rolls back its own writes."""
    return newsroom_from_module


@pytest.fixture(autouse=True)
def uncached_pages(settings):
    settings.HERALD_PAGE_CACHE_SECONDS = 0


@pytest.fixture(scope="module")
def shared_story(shared_make_story) -> int:
    """The story most tests read, published through the desk once for the module (each
    test's changes to it are rolled back)."""
    story = shared_make_story("Rome opens a night bus line",
                              paragraphs=[*OPEN, "A third paragraph."])
    story.authors.set([Person.objects.create(name="Ana Ruiz")])
    story.topics.set([Topic.objects.create(name="Transport", slug="transport")])
    story.save_revision().publish()
    return story.pk


@pytest.fixture
def story(shared_story):
    return ArticlePage.objects.get(pk=shared_story)


def queries(client, url) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return [query["sql"] for query in captured.captured_queries]


def reading(sql: list[str], table: str) -> int:
    return sum(f'FROM "{table}"' in query for query in sql)


def republish(story, *, authors=(), corrections=(), **changes):
    """A new revision of ``story`` with ``changes``, published by the publisher."""
    story = ArticlePage.objects.get(pk=story.pk)
    for name, value in changes.items():
        setattr(story, name, value)
    if authors:
        story.authors.set(authors)
    for correction in corrections:
        story.corrections.add(correction)
    story.save_revision().publish()
    return ArticlePage.objects.get(pk=story.pk)


def test_a_render_from_cached_parts_issues_no_query(client, story):
    client.get(story.url)  # the site, route, parts, fragments and settings cached from here on

    sql = queries(client, story.url)

    # The site with its home page is kept under the reference version
    # (herald.core.sites.find_site), the story under the content version.
    assert sql == []
    for table in ("articles_person", "articles_topic", "articles_correction",
                  "wagtailcore_pageviewrestriction", "access_accesssettings",
                  "newsroom_publicationsettings"):
        assert reading(sql, table) == 0, table


def test_a_render_from_cached_parts_reads_the_cache_in_four_round_trips(
        client, story, cache_reads):
    client.get(story.url)
    cache_reads.clear()

    assert client.get(story.url).status_code == 200

    # The site (with the reference version); the story the address leads to (with the
    # content version); what its page reads (the settings, view restrictions,
    # navigation, branding, the ids of the picks and of Trending, the story's parts);
    # the three discovery blocks.
    assert len(cache_reads) == 4, cache_reads
    assert cache_reads[0] == ["herald:reference-version", "site:testserver:80"]
    parts = [key for key in cache_reads[2] if key.startswith(f"story:{story.pk}:")]
    assert len(parts) == 7, cache_reads[1]


def test_a_members_gated_parts_come_in_one_round_trip_once_decided(
        client, make_story, django_user_model, cache_reads):
    story = make_story("Members read the budget", access="members", paragraphs=[*OPEN, GATED])
    user = django_user_model.objects.create_user("reader-member", "m@example.org", "pw")
    make_member(user)
    member = signed_in(user)
    assert GATED in member.get(story.url).content.decode()
    cache_reads.clear()

    assert GATED in member.get(story.url).content.decode()

    with_parts = [read for read in cache_reads if any(":body:" in key for key in read)]
    assert len(with_parts) == 1, cache_reads
    assert {key.split(":")[4:6][0] for key in with_parts[0]} == {
        "head", "header", "lead", "body", "footer", "how-we-reported", "author-box"}
    # Beside the story's, the site's, the route's and More/Picks/Trending's (and the
    # session's, where sessions live in the cache).
    others = [read for read in cache_reads if not read[0].startswith("django.contrib.sessions")]
    assert len(others) == 5, cache_reads


def test_a_members_render_from_cached_parts_reads_their_membership_in_one_query(
        story, django_user_model):
    user = django_user_model.objects.create_user("reader-member", "m@example.org", "pw")
    make_member(user)
    member = signed_in(user)
    assert 'href="/account/"' in member.get(story.url).content.decode()

    sql = [query for query in queries(member, story.url) if "django_session" not in query]

    membership = [query for query in sql if "memberships_" in query]
    assert len(membership) == 1 and "memberships_subscriber" in membership[0], membership
    # The account (Django's authentication) and the membership; whether the account
    # may use the admin is kept (``may_use_admin``), the site too (``find_site``).
    assert len(sql) == 2, sql


def test_the_userbar_is_for_staff_and_follows_the_groups_an_account_is_given(
        story, newsroom, django_user_model):
    user = django_user_model.objects.create_user("reader-member", "m@example.org", "pw")
    make_member(user)
    member = signed_in(user)
    assert "wagtail-userbar" not in member.get(story.url).content.decode()
    assert reading(queries(member, story.url), "auth_permission") == 0

    user.groups.add(newsroom.desks["europe"].editors)  # an editor from the next request on
    assert "wagtail-userbar" in member.get(story.url).content.decode()

    user.groups.remove(newsroom.desks["europe"].editors)
    assert "wagtail-userbar" not in member.get(story.url).content.decode()

    editor = signed_in(newsroom.people["world-editor"])
    assert "wagtail-userbar" in editor.get(story.url).content.decode()
    newsroom.desks["world"].editors.delete()  # the group and its members' rows with it
    assert "wagtail-userbar" not in editor.get(story.url).content.decode()


def test_after_a_publish_the_discovery_blocks_cost_two_queries_and_show_new_openings(
        client, story, make_story, newsroom):
    from herald.discovery.models import EditorsPick, EditorsPicks

    neighbour = make_story("Rome adds night buses to the airport",
                           paragraphs=["ROME — Night buses will reach the airport.", "More."])
    picked = make_story("Milan extends its tram hours")
    EditorsPick.objects.create(picks=EditorsPicks.for_site(newsroom.home.get_site()),
                               article=picked, sort_order=0)
    assert "Night buses will reach the airport." in client.get(story.url).content.decode()

    republish(neighbour, body=[
        {"type": "paragraph", "value": "<p>ROME — Night buses will reach both airports.</p>"}])
    sql = queries(client, story.url)
    html = client.get(story.url).content.decode()

    # The related stories' list and, as one of them has a new revision,
    # More's stories; the picks and Trending list neither, so their lists and HTML are kept.
    assert len(sql) == 2, sql
    assert reading(sql, "discovery_editorspick") == 0
    assert reading(sql, "discovery_articleviewcount") == 0
    more = re.search(r'<section class="more".*?</section>', html, re.S).group(0)
    assert "Night buses will reach both airports." in more
    assert "Night buses will reach the airport." not in more
    assert "Milan extends its tram hours" in re.search(
        r'<section class="picks".*?</section>', html, re.S).group(0)


def test_publishing_a_story_no_block_lists_keeps_the_blocks(client, story, make_story, newsroom):
    from herald.discovery.models import EditorsPick, EditorsPicks

    EditorsPick.objects.create(picks=EditorsPicks.for_site(newsroom.home.get_site()),
                               article=make_story("Milan extends its tram hours"), sort_order=0)
    for stop in ("the airport", "the station", "the port"):  # More's three, about the same
        make_story(f"Rome's night bus line reaches {stop}",
                   paragraphs=[f"ROME — The night bus line opens a stop at {stop}.", "More."])
    assert "reaches the port" in client.get(story.url).content.decode()

    make_story("Glaciers retreat in the Andes", desk="world", dateline="SANTIAGO",
               paragraphs=["SANTIAGO — Ice fields shrank again this summer.", "Scientists said."])
    sql = queries(client, story.url)

    # The related stories' list (any publish may change it); the story's route is kept,
    # and the three blocks' HTML, as none of the stories they list changed.
    assert len(sql) == 1, sql
    assert reading(sql, "discovery_relatedstory") == 1


def test_a_picked_or_trending_storys_new_headline_shows_and_unpublishing_removes_it(
        client, story, make_story, newsroom):
    from herald.discovery.models import EditorsPick, EditorsPicks
    from herald.discovery.trending import record_view, trending_ids

    picked = make_story("Milan extends its tram hours")
    trending = make_story("Turin opens a cable car")
    EditorsPick.objects.create(picks=EditorsPicks.for_site(newsroom.home.get_site()),
                               article=picked, sort_order=0)
    record_view(trending.pk, address="198.51.100.7", user_agent="Mozilla/5.0 Firefox/140.0")
    trending_ids(1)  # the database store writes views behind: write them now

    def block(name):
        html = client.get(story.url).content.decode()
        return re.search(rf'<section class="{name}".*?</section>', html, re.S).group(0)

    assert "Milan extends its tram hours" in block("picks")
    assert "Turin opens a cable car" in block("trending")

    republish(picked, title="Milan runs its trams until midnight")
    republish(trending, title="Turin opens its first cable car")
    assert "Milan runs its trams until midnight" in block("picks")
    assert "Turin opens its first cable car" in block("trending")

    ArticlePage.objects.get(pk=picked.pk).unpublish()
    ArticlePage.objects.get(pk=trending.pk).unpublish()
    assert "Milan runs its trams" not in block("picks")
    assert "Turin opens" not in block("trending")


def test_a_first_render_reads_people_topics_and_corrections_once(client, story):
    sql = queries(client, story.url)

    for table in ("articles_person", "articles_topic", "articles_correction"):
        assert reading(sql, table) == 1, table


def test_publishing_shows_the_new_revision_on_the_next_request(client, story):
    before = client.get(story.url).content.decode()
    assert "Ana Ruiz" in before and "The second is open too." in before

    story = republish(
        story, title="Rome opens two night bus lines",
        body=[{"type": "paragraph", "value": "<p>ROME — The first paragraph, rewritten.</p>"},
              {"type": "paragraph", "value": "<p>A new second paragraph.</p>"}],
        authors=[Person.objects.create(name="Bo Lind")],
        corrections=[Correction(date=datetime.date(2026, 12, 1),
                                note="An earlier version named the wrong line.")],
    )

    after = client.get(story.url).content.decode()
    assert "The first paragraph, rewritten." in after
    assert "The second is open too." not in after
    assert "Rome opens two night bus lines" in after
    assert "Bo Lind" in after and "Ana Ruiz" not in after
    assert "An earlier version named the wrong line." in after
    assert '"headline": "Rome opens two night bus lines"' in after  # the JSON-LD too


def test_parts_are_kept_per_revision_and_variant(story):
    first = ArticlePage.objects.get(pk=story.pk)
    second = republish(story, title="A new headline")

    keys = {part_key(page, "body", variant)
            for page in (first, second) for variant in ("public", "cut", "full")}

    assert len(keys) == 6
    assert all(f":r{first.live_revision_id}:" in key or f":r{second.live_revision_id}:" in key
               for key in keys)
    with pytest.raises(ValueError, match="unknown story variant"):
        part_key(first, "body", "members")


def test_publishing_another_story_keeps_this_storys_parts(client, story, make_story):
    client.get(story.url)

    make_story("Milan extends its tram hours")
    sql = queries(client, story.url)

    # The story's parts, the settings, the view restrictions and the navigation come
    # from the cache (reference version); More, Picks and Trending render afresh.
    for table in ("articles_person", "articles_topic", "articles_correction",
                  "access_accesssettings", "newsroom_publicationsettings",
                  "wagtailcore_pageviewrestriction", "newsroom_deskpage"):
        assert reading(sql, table) == 0, table
    assert reading(sql, "discovery_relatedstory") == 1  # More, listing other stories


def story_element(html: str) -> str:
    return re.search(r'<article class="story".*?</article>', html, re.S).group(0)


def json_ld(html: str) -> str:
    return re.search(r'<script type="application/ld\+json">.*?</script>', html, re.S).group(0)


@pytest.mark.parametrize("change", ["desk", "person", "topic", "publication"])
def test_what_a_story_refers_to_shows_on_the_next_request(client, story, newsroom, change):
    client.get(story.url)  # the parts are cached

    if change == "desk":
        desk = newsroom.desks["europe"]
        desk.title = "Southern Europe Desk"
        desk.save_revision().publish()
        expected, where = "Southern Europe Desk", story_element
    elif change == "person":
        Person.objects.filter(name="Ana Ruiz").update(name="unused")  # no signal: not a change
        person = Person.objects.get(name="unused")
        person.name = "Ana Ruiz Ortega"
        person.save()
        expected, where = "Ana Ruiz Ortega", story_element
    elif change == "topic":
        topic = Topic.objects.get(slug="transport")
        topic.name = "Public transport"
        topic.save()
        expected, where = "Public transport", story_element
    else:
        newsroom.settings.name = "The Evening Ledger"
        newsroom.settings.save()
        expected, where = "The Evening Ledger", json_ld

    html = client.get(story.url).content.decode()

    assert expected in where(html)


def test_gated_text_is_cached_apart_from_the_cut(client, make_story, django_user_model):
    story = make_story("Members read the budget", access="members", paragraphs=[*OPEN, GATED, "End."])
    user = django_user_model.objects.create_user("reader-member", "m@example.org", "pw")
    make_member(user)
    member = signed_in(user)

    for _ in range(2):  # rendered, then from the cached parts
        assert GATED in member.get(story.url).content.decode()
        anonymous = Client().get(story.url).content.decode()
        assert GATED not in anonymous and OPEN[1] in anonymous
    assert GATED in member.get(story.url).content.decode()


def test_a_preview_shows_unsaved_text_and_readers_never_get_it(client, story, newsroom):
    editor = Client()
    editor.force_login(newsroom.people["europe-editor"])
    client.get(story.url)  # the reader's parts are cached
    edit_url = f"/admin/pages/{story.pk}/edit/"
    draft = ["ROME — An unsaved opening, PREVIEW-ONLY-77.", "A second paragraph."]
    data = admin_form_data(editor, edit_url, title="An unsaved headline", paragraphs=draft)
    assert editor.post(f"{edit_url}preview/", data).json()["is_valid"] is True

    preview = editor.get(f"{edit_url}preview/").content.decode()
    html = client.get(story.url).content.decode()

    assert "PREVIEW-ONLY-77" in preview and "An unsaved headline" in preview
    assert "PREVIEW-ONLY-77" not in html and "An unsaved headline" not in html


# The route: one query for a story, Wagtail's answer for everything else.


def routes(sql: list[str]) -> list[str]:
    """The queries that look a story up by its address (``HomePage.live_story``)."""
    return [query for query in sql if '"wagtailcore_page"."url_path" = ' in query]


def test_a_story_is_routed_in_one_query_with_its_desk_then_from_the_cache(
        client, story, make_story):
    routed = routes(queries(client, story.url))
    assert len(routed) == 1 and "newsroom_deskpage" in routed[0], routed

    # Kept, with the site (herald.core.sites.find_site), until the story itself changes:
    # another story's publish leaves both.
    make_story("Another story, published since")
    assert routes(queries(client, story.url)) == []
    assert queries(client, story.url) == []

    republish(story, title="Rome opens two night bus lines")
    assert len(routes(queries(client, story.url))) == 1
    assert "Rome opens two night bus lines" in client.get(story.url).content.decode()


def test_a_moved_story_answers_at_its_new_address_only(client, story, newsroom):
    old = story.url
    assert client.get(old).status_code == 200  # its route is kept from here on

    ArticlePage.objects.get(pk=story.pk).move(newsroom.desks["world"], pos="last-child")

    assert client.get(old).status_code in (301, 404)  # a redirect, never the kept story
    assert client.get(f"/world/{story.slug}/").status_code == 200


def test_an_unpublished_or_scheduled_story_is_not_found(client, story, make_story):
    draft = make_story("A draft nobody approved", publish=False)
    assert client.get(story.url).status_code == 200  # its route is kept from here on
    ArticlePage.objects.get(pk=story.pk).unpublish()

    assert client.get(story.url).status_code == 404
    assert client.get(draft.url or f"/europe/{draft.slug}/").status_code == 404


def test_a_view_restriction_still_applies_and_lifting_it_shows_the_story(client, story, newsroom):
    from wagtail.models import PageViewRestriction

    client.get(story.url)
    restriction = PageViewRestriction.objects.create(
        page=newsroom.desks["europe"], restriction_type=PageViewRestriction.LOGIN)

    refused = client.get(story.url)
    assert refused.status_code == 302 and "login" in refused.headers["Location"]

    restriction.delete()
    assert client.get(story.url).status_code == 200


def test_the_home_pages_own_routes_come_before_stories(client, newsroom, story):
    assert client.get("/topics/transport/").status_code == 200
    assert client.get("/archive/").status_code == 200
