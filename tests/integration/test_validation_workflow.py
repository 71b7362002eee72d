"""The assistant where editors meet it: the editor panel, the approval
acknowledgements and the reader's "How we reported this" box."""

import re

import pytest
from django.core.exceptions import PermissionDenied
from django.utils.html import strip_tags

from herald.newsroom import actions
from herald.validation.stories import blocking_findings, finding_id
from tests.conftest import acknowledge_all, submit_pipeline_story


@pytest.fixture
def newsroom(newsroom_from_module):
    """Desks and people built once for this module; each test rolls back its own writes."""
    return newsroom_from_module


def _submitted(make_story, newsroom):
    return submit_pipeline_story(newsroom, make_story, "Government bows to US pressure over pipeline")


@pytest.mark.django_db
def test_approval_needs_each_warning_acknowledged_and_records_them(make_story, newsroom):
    story = _submitted(make_story, newsroom)
    findings = blocking_findings(story)
    checks = {f.check for f in findings}
    assert {"state_media", "anonymous_source", "headline_unsupported"} <= checks
    editor = newsroom.people["europe-editor"]
    with pytest.raises(PermissionDenied, match="Tick each finding once you have checked it before approving"):
        actions.approve(story, by=editor, acknowledged=[finding_id(findings[0])])
    story.refresh_from_db()
    assert not story.live
    actions.approve(story, by=editor, acknowledged=acknowledge_all(story))
    story.refresh_from_db()
    assert story.live
    from wagtail.models import PageLogEntry

    entry = PageLogEntry.objects.get(page=story, action="herald.validation.acknowledged")
    assert entry.user == editor
    assert {f["check"] for f in entry.data["findings"]} == checks


@pytest.mark.django_db
def test_approve_modal_lists_findings_with_checkboxes(client, make_story, newsroom):
    story = _submitted(make_story, newsroom)
    client.force_login(newsroom.people["europe-editor"])
    task_state = story.current_workflow_task_state
    response = client.get(f"/admin/pages/workflow/action/{story.pk}/approve/{task_state.pk}/")
    assert response.status_code == 200
    html = response.json()["html"]
    assert "Desk validation report" in html
    assert "According to TASS" in html
    for finding in blocking_findings(story):
        assert f'name="acknowledged" value="{finding_id(finding)}"' in html
    # Each finding once, under its human name, never its code.
    assert html.count("According to TASS") == 1
    for name in ("State-affiliated media", "Unnamed source", "Headline not supported by the story"):
        assert f'<span class="herald-finding__name">{name}</span>' in html
    shown = strip_tags(html)
    for code in ("state_media", "anonymous_source", "headline_unsupported", "(SC)", "(warning)"):
        assert code not in shown


@pytest.mark.django_db
def test_approving_with_a_finding_unticked_says_why_in_the_modal_and_keeps_the_comment(
    client, make_story, newsroom
):
    story = _submitted(make_story, newsroom)
    client.force_login(newsroom.people["europe-editor"])
    task_state = story.current_workflow_task_state
    ticked = finding_id(blocking_findings(story)[0])
    response = client.post(
        f"/admin/pages/workflow/action/{story.pk}/approve/{task_state.pk}/",
        {"comment": "Checked the TASS line with Reuters.", "acknowledged": [ticked],
         "review": task_state.pk},
        headers={"x-requested-with": "XMLHttpRequest"},
    )
    assert response.status_code == 200
    data = response.json()
    assert data["step"] == "action"
    html = data["html"]
    assert "Tick each finding once you have checked it before approving:" in html
    assert "Checked the TASS line with Reuters.</textarea>" in html
    assert f'value="{ticked}" checked' in html
    story.refresh_from_db()
    assert not story.live
    response = client.post(
        f"/admin/pages/workflow/action/{story.pk}/approve/{task_state.pk}/",
        {"comment": "Checked.", "acknowledged": acknowledge_all(story), "review": task_state.pk},
        headers={"x-requested-with": "XMLHttpRequest"},
    )
    assert response.json()["step"] == "success"
    story.refresh_from_db()
    assert story.live


@pytest.mark.django_db
def test_page_history_names_the_acknowledged_checks(client, make_story, newsroom):
    story = _submitted(make_story, newsroom)
    actions.approve(story, by=newsroom.people["europe-editor"], acknowledged=acknowledge_all(story))
    client.force_login(newsroom.people["publisher"])
    html = client.get(f"/admin/pages/{story.pk}/history/").content.decode()
    assert "Acknowledged validation findings: " in html
    assert "State-affiliated media" in html
    assert "state_media" not in strip_tags(html)


@pytest.mark.django_db
def test_editor_live_report_endpoint(client, make_story, newsroom):
    story = _submitted(make_story, newsroom)
    client.force_login(newsroom.people["europe-editor"])
    response = client.post(
        f"/admin/validation/report/{story.pk}/",
        data={"headline": "Minister slams rivals", "standfirst": "", "dateline": "",
              "body": "Xinhua reported that the minister spoke on Tuesday."},
        content_type="application/json",
    )
    assert response.status_code == 200
    data = response.json()
    assert "state_media" in {f["check"] for f in data["findings"]}
    assert "Xinhua reported" in data["html"]
    # The summary at the top of the form follows the text being written.
    count = len(data["findings"])
    assert strip_tags(data["summary"]).split() == (
        f"{count} finding{'s' if count > 1 else ''} a careful editor would query. "
        "Go to the desk validation report"
    ).split()


@pytest.mark.django_db
def test_the_edit_page_opens_with_a_summary_of_the_report_and_a_link_to_it(
    client, make_story, newsroom
):
    from bs4 import BeautifulSoup

    story = _submitted(make_story, newsroom)
    client.force_login(newsroom.people["europe-editor"])
    soup = BeautifulSoup(client.get(f"/admin/pages/{story.pk}/edit/").content, "html.parser")
    content = soup.select_one("#tab-content")  # the content tab
    headings = [" ".join(h.get_text().split()) for h in content.select("h2.w-panel__heading")]
    # First thing on the form, before the headline; the report stays after the body.
    assert headings[0] == "Desk validation"
    assert headings[-1] == "Desk validation report"
    summary = soup.select_one("[data-herald-validation-summary]")
    assert summary.find_next("textarea", id="id_title") is not None
    count = len(blocking_findings(story))  # the pipeline story's findings all block
    assert " ".join(summary.get_text().split()) == (
        f"{count} findings a careful editor would query. Go to the desk validation report"
    )
    link = summary.find("a")
    target = soup.find(id=link["href"].removeprefix("#"))
    assert target.name == "section" and target.select_one("[data-herald-validation]")
    # Negative control: a story not yet saved has no report to sum up.
    response = client.get(f"/admin/pages/add/articles/articlepage/{newsroom.desks['europe'].pk}/")
    assert response.status_code == 200
    assert b"data-herald-validation-summary" not in response.content


@pytest.mark.django_db
def test_editor_panel_notes_an_unnamed_spokesperson_and_reads_who_judges(
    client, make_story, newsroom
):
    """In the editor's live report: an unnamed spokesperson is a style note with its reason;
    a loaded word in someone's view is left alone, the writer's own one is queried."""
    story = _submitted(make_story, newsroom)
    client.force_login(newsroom.people["europe-editor"])
    body = (
        "ROME — The line will reopen on Monday, a spokesperson for the city said.\n\n"
        "Unions blamed the operator for what they see as a debacle.\n\n"
        "Transport Minister Carla Neri said the closure had been a fiasco."
    )
    data = client.post(
        f"/admin/validation/report/{story.pk}/",
        data={"headline": "Rome line to reopen on Monday", "standfirst": "", "dateline": "",
              "body": body},
        content_type="application/json",
    ).json()
    found = {(f["check"], f["evidence"], f["severity"]) for f in data["findings"]}
    assert ("anonymous_source", "a spokesperson for the city said", "info") in found
    assert not {f for f in found if f[0] == "loaded_language"}
    html = strip_tags(data["html"])
    assert "Unnamed source (style note, body)" in " ".join(html.split())
    assert "Why: Rule: a spokesperson described by role, not by name" in html
    # Negative control: the same debacle in the story's own voice is queried, with its reason.
    body = body.replace("for what they see as a debacle", "for the debacle")
    data = client.post(
        f"/admin/validation/report/{story.pk}/",
        data={"headline": "Rome line to reopen on Monday", "standfirst": "", "dateline": "",
              "body": body},
        content_type="application/json",
    ).json()
    loaded = [f for f in data["findings"] if f["check"] == "loaded_language"]
    assert [f["evidence"] for f in loaded] == ["debacle"]
    assert "Why: Lexicon: “debacle” is on Herald" in data["html"]


@pytest.mark.django_db
def test_live_report_refuses_people_who_cannot_edit(client, make_story, newsroom):
    story = _submitted(make_story, newsroom)
    client.force_login(newsroom.people["world-editor"])
    response = client.post(f"/admin/validation/report/{story.pk}/", data={}, content_type="application/json")
    assert response.status_code in (302, 403)


@pytest.mark.django_db
def test_reader_box_names_desk_and_sources(client, make_story):
    story = make_story(
        "Rome agrees grid plan",
        paragraphs=["Energy Minister Carla Neri said the plan would be signed on Friday.",
                    "The plan was published by the ministry."],
    )
    html = client.get(story.url).content.decode()
    assert '<h2 id="how-heading">How we reported this</h2>' in html
    assert "was validated by the <a href=\"/europe/\">Europe Desk</a>" in html
    assert "Carla Neri" in html.split('id="how-heading"')[1]


@pytest.mark.django_db
def test_reader_box_names_people_not_organisations_or_the_publication(client, make_story):
    story = make_story(
        "Rome agrees grid plan",
        paragraphs=["Energy Minister Carla Neri told The Test Ledger the plan would be signed.",
                    "Infrastructure Companies said the plan was late. Davide Conti said it was fair."],
    )
    html = client.get(story.url).content.decode()
    box = html.split('id="how-heading"')[1].split("</section>")[0]
    people = re.search(r"<dt>Named people</dt><dd>(.*?)</dd>", box).group(1)
    assert "Carla Neri" in people and "Davide Conti" in people
    assert "Test Ledger" not in box
    assert "Infrastructure Companies" not in people
    assert re.search(r"<dt>Institutions</dt><dd>[^<]*Infrastructure Companies", box)


CONTRADICTED = [
    "Harbour operator Nortemar will cut a third of its dock workforce, according to a report "
    "in a trade newsletter.",
    "Nortemar has yet to comment on the report, and union officials said they had heard "
    "nothing.",
]
CONTRADICTION_WHY = (
    "Why: Cue: the headline says “confirms”; the story says it is not confirmed, or denied "
    "(“has yet to comment”) in “Nortemar has yet to comment on the report"
)


@pytest.mark.django_db
def test_a_headline_the_story_contradicts_says_why_in_the_modal_and_the_panel(
    client, make_story, newsroom
):
    story = make_story(
        "Nortemar confirms it will cut a third of its dock workforce",
        publish=False,
        paragraphs=CONTRADICTED,
        dateline="LISBON",
    )
    actions.submit_to_desk(story, by=newsroom.people["europe-reporter"])
    story.refresh_from_db()
    client.force_login(newsroom.people["europe-editor"])
    task_state = story.current_workflow_task_state
    modal = client.get(f"/admin/pages/workflow/action/{story.pk}/approve/{task_state.pk}/")
    assert CONTRADICTION_WHY in modal.json()["html"]
    # The editor panel's live report, as the headline is rewritten: the contradicting
    # headline is queried with its reason, an agreeing rewrite is not.
    body = "\n\n".join(CONTRADICTED)
    for headline, queried in (
        ("Nortemar confirms it will cut a third of its dock workforce", True),
        ("Nortemar could cut a third of its dock workforce, newsletter reports", False),
    ):
        live = client.post(
            f"/admin/validation/report/{story.pk}/",
            data={"headline": headline, "standfirst": "", "dateline": "LISBON", "body": body},
            content_type="application/json",
        ).json()
        assert (CONTRADICTION_WHY in live["html"]) is queried
        assert ("headline_unsupported" in {f["check"] for f in live["findings"]}) is queried
