"""A body that already opens with its dateline reads it once: imported, typed in
the editor, or checked by the live report and `herald validate`."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import call_command
from django.utils.html import strip_tags

from herald.articles.models import ArticlePage
from herald.newsroom import actions
from herald.validation.cli import main as validate_main
from tests.conftest import acknowledge_all
from tests.integration.test_admin_workflow import add_url, admin_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def newsroom(newsroom_from_module):
    """Desks and people built once for this module; each test rolls back its own writes."""
    return newsroom_from_module


WIRE = """---
title: Copenhagen opens a harbour bath for winter swimmers
desk: europe
dateline: {field}
published: 2026-09-14T07:30:00+00:00
slug: copenhagen-harbour-bath
---
{opening} The city opened a heated harbour bath on Monday, the mayor said.

Entry is free until March.
"""


def opening_text(client, story) -> str:
    html = client.get(story.url).content.decode()
    first = re.search(r'<div class="story__body">.*?<p[^>]*>(.*?)</p>', html, re.S)
    return " ".join(strip_tags(first.group(1)).split())


@pytest.mark.parametrize(
    "field, opening, stored",
    [
        ("COPENHAGEN", "COPENHAGEN —", "COPENHAGEN"),
        ("Copenhagen", "COPENHAGEN –", "COPENHAGEN"),
        ("COPENHAGEN", "Copenhagen -", "COPENHAGEN"),
        ('""', "COPENHAGEN —", "COPENHAGEN"),
        ("COPENHAGEN", "", "COPENHAGEN"),
    ],
)
def test_import_keeps_the_dateline_once(client, newsroom, tmp_path, field, opening, stored):
    path = tmp_path / "bath.md"
    path.write_text(WIRE.format(field=field, opening=opening), encoding="utf-8")
    call_command("import_stories", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    story = ArticlePage.objects.get(slug="copenhagen-harbour-bath")
    assert story.dateline == stored
    assert story.paragraphs[0] == "The city opened a heated harbour bath on Monday, the mayor said."
    assert opening_text(client, story) == (
        "COPENHAGEN — The city opened a heated harbour bath on Monday, the mayor said."
    )


def test_editor_moves_a_typed_dateline_into_the_field(client, newsroom):
    desk = newsroom.desks["europe"]
    client.force_login(newsroom.people["europe-reporter"])
    data = admin_form_data(
        client, add_url(desk), title="Copenhagen opens a harbour bath", slug="harbour-bath",
        dateline="Copenhagen",
        paragraphs=["Copenhagen – The city opened a heated harbour bath on Monday.", "Entry is free."],
    )
    assert client.post(add_url(desk), data).status_code == 302
    story = ArticlePage.objects.get(slug="harbour-bath")
    assert story.dateline == "COPENHAGEN"
    assert story.paragraphs == ["The city opened a heated harbour bath on Monday.", "Entry is free."]


def test_live_report_does_not_call_a_typed_dateline_missing(client, make_story, newsroom):
    story = make_story("Harbour bath opens", publish=False, dateline="COPENHAGEN")
    client.force_login(newsroom.people["europe-reporter"])
    response = client.post(
        f"/admin/validation/report/{story.pk}/",
        data={"headline": "Harbour bath opens", "dateline": "Copenhagen",
              "body": "COPENHAGEN — The harbour bath opened on Monday."},
        content_type="application/json",
    )
    assert "missing_dateline" not in {f["check"] for f in response.json()["findings"]}


@pytest.mark.parametrize("opening", ["COPENHAGEN —", "Copenhagen —", "COPENHAGEN –", ""])
def test_herald_validate_reads_the_dateline_once(tmp_path, capsys, opening):
    path = tmp_path / "bath.md"
    path.write_text(WIRE.format(field="Copenhagen", opening=opening), encoding="utf-8")
    assert validate_main([str(path), "--format", "json"]) == 0
    out = capsys.readouterr().out
    assert "missing_dateline" not in out
    assert "COPENHAGEN — COPENHAGEN" not in out and "Copenhagen — COPENHAGEN" not in out


RENO = """---
title: Reno confirms it will extend the downtown bus lanes
dateline: "{field}"
---
{opening}The city of Reno has not confirmed that it will extend the downtown bus lanes along \
Virginia Street, and the mayor's office declined to comment on Tuesday.

Residents who spoke at a council meeting were split on the plan.
"""


@pytest.mark.parametrize(
    "field, opening, reads",
    [
        ("Reno, Nev.", "", "RENO, Nev. —"),
        ("reno,  Nev.", "", "RENO, Nev. —"),
        ("Reno, Nev.", "RENO, Nev. — ", "RENO, Nev. —"),
        ("Reno, Nev.", "Reno, Nev. -- ", "RENO, Nev. —"),
        ("Washington, D.C.", "", "WASHINGTON, D.C. —"),
        ("Rome (Herald)", "", "ROME (Herald) —"),
    ],
)
def test_herald_validate_capitalises_the_city_only(tmp_path, capsys, field, opening, reads):
    """Wire style: "RENO, Nev. —", the state (or credit) in its own case, and once."""
    path = tmp_path / "reno.md"
    path.write_text(RENO.format(field=field, opening=opening), encoding="utf-8")
    assert validate_main([str(path)]) == 0
    out = " ".join(capsys.readouterr().out.split())
    # The headline check quotes the body's first sentence as the story will read.
    assert f"in “{reads} The city of Reno has not confirmed" in out
    assert "missing_dateline" not in out and "no dateline" not in out


def test_imported_state_abbreviation_keeps_its_case(client, newsroom, tmp_path):
    path = tmp_path / "bath.md"
    story_text = WIRE.format(field='"Reno, Nev."', opening="Reno, Nev. —")
    path.write_text(story_text.replace("Copenhagen", "Reno").replace("harbour", "river"), "utf-8")
    call_command("import_stories", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    story = ArticlePage.objects.get(slug="copenhagen-river-bath")
    assert story.dateline == "RENO, Nev."
    assert opening_text(client, story) == (
        "RENO, Nev. — The city opened a heated river bath on Monday, the mayor said."
    )


def test_dateline_help_text_says_what_the_field_does(client, newsroom):
    """The help text an editor reads beside the field (it used to ask for capitals, which
    the field no longer needs) and the behaviour it describes: "Reno, Nev." typed in any
    case reads "RENO, Nev. —" for readers."""
    desk = newsroom.desks["europe"]
    client.force_login(newsroom.people["europe-reporter"])
    form = " ".join(client.get(add_url(desk)).content.decode().split())
    assert "in capitals, e.g. ROME" not in form
    assert "Any case will do: readers see the city in capitals before the first paragraph" in form
    data = admin_form_data(
        client, add_url(desk), title="Reno extends its bus lanes", slug="reno-bus-lanes",
        dateline="reno, Nev.", paragraphs=["The city extended its bus lanes on Monday."],
    )
    assert client.post(add_url(desk), data).status_code == 302
    story = ArticlePage.objects.get(slug="reno-bus-lanes")
    actions.submit_to_desk(story, by=newsroom.people["europe-reporter"])
    actions.approve(story, by=newsroom.people["europe-editor"], acknowledged=acknowledge_all(story))
    story.refresh_from_db()
    assert opening_text(client, story) == "RENO, Nev. — The city extended its bus lanes on Monday."


def test_feeds_and_newsletters_open_the_story_with_its_dateline(client, make_story):
    """The page opens the first paragraph with "COPENHAGEN —"; a free story's whole text
    in the feeds and in a newsletter came without it, so a feed reader or an inbox got a
    news story that never said where it was reported."""
    import json

    from herald.access.policy import Decision, Reason
    from herald.newsletters.rendering import story_view

    story = make_story("Harbour bath opens", dateline="COPENHAGEN",
                       paragraphs=["The harbour bath opened on Monday.", "It is free."])
    opening = "COPENHAGEN — The harbour bath opened on Monday."
    assert opening_text(client, story) == opening
    [item] = json.loads(client.get("/feeds/latest/json/").content)["items"]
    assert " ".join(strip_tags(item["content_html"]).split()).startswith(opening)
    for feed in ("/feeds/latest/", "/feeds/latest/atom/"):
        body = client.get(feed).content.decode()
        assert "COPENHAGEN —&lt;/span&gt; The harbour bath" in body, feed
    view = story_view(story, Decision(True, Reason.FREE))
    assert " ".join(strip_tags(view.html).split()).startswith(opening)
    assert view.text.startswith(opening)
