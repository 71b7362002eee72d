"""The desk marks a finding "not a problem": it stays quiet on later saves, the
approval no longer asks for it, the history says who decided, and only the desk's
editors may decide. Each finding says why it was raised."""

import pytest
from django.core.exceptions import PermissionDenied
from wagtail.models import PageLogEntry

from herald.validation import actions as validation_actions
from herald.validation.stories import blocking_findings, report_for
from tests.conftest import PIPELINE_STORY


@pytest.fixture
def story(submitted_story):
    """The pipeline story, waiting for the Europe Desk."""
    return submitted_story


def _finding(page, check):
    return next(f for f in report_for(page).findings if f.check == check)


@pytest.mark.django_db
def test_dismissed_finding_stays_out_of_later_reports_and_the_approval(story, newsroom):
    editor = newsroom.people["europe-editor"]
    anonymous = _finding(story, "anonymous_source")
    validation_actions.dismiss_finding(story, anonymous, by=editor)
    # The next save (an edit elsewhere) does not bring it back.
    story.standfirst = "A new standfirst"
    story.save()
    report = report_for(story)
    assert "anonymous_source" not in {f.check for f in report.findings}
    assert [f.evidence for f in report.dismissed] == ["Officials said"]
    assert "anonymous_source" not in {f.check for f in blocking_findings(story)}
    entry = PageLogEntry.objects.get(page=story, action="herald.validation.dismissed")
    assert entry.user == editor
    assert validation_actions.restore_finding(story, anonymous.fingerprint, by=editor)
    assert "anonymous_source" in {f.check for f in report_for(story).findings}


@pytest.mark.django_db
def test_only_the_desks_editors_may_dismiss(story, newsroom):
    anonymous = _finding(story, "anonymous_source")
    for person in ("europe-reporter", "world-editor"):
        with pytest.raises(PermissionDenied, match="Only an editor of this story's desk"):
            validation_actions.dismiss_finding(story, anonymous, by=newsroom.people[person])
    assert "anonymous_source" in {f.check for f in report_for(story).findings}


@pytest.mark.django_db
def test_dismiss_through_the_editor_panel_endpoint(client, story, newsroom):
    anonymous = _finding(story, "anonymous_source")
    client.force_login(newsroom.people["europe-editor"])
    response = client.post(
        f"/admin/validation/dismiss/{story.pk}/",
        {"fingerprint": anonymous.fingerprint, "action": "dismiss"},
    )
    assert response.status_code == 200
    data = response.json()
    assert "anonymous_source" not in {f["check"] for f in data["findings"]}
    assert "1 marked not a problem" in data["html"]
    assert "Report again" in data["html"]
    # The live report (as the reporter keeps writing) keeps it out too.
    live = client.post(
        f"/admin/validation/report/{story.pk}/",
        data={"headline": story.title, "body": "\n\n".join(PIPELINE_STORY), "dateline": "ROME"},
        content_type="application/json",
    ).json()
    assert "anonymous_source" not in {f["check"] for f in live["findings"]}
    assert 'data-herald-dismiss="' in live["html"]
    unknown = client.post(f"/admin/validation/dismiss/{story.pk}/", {"fingerprint": "nope"})
    assert unknown.status_code == 404
    client.force_login(newsroom.people["europe-reporter"])
    refused = client.post(
        f"/admin/validation/dismiss/{story.pk}/",
        {"fingerprint": anonymous.fingerprint, "action": "restore"},
    )
    assert refused.status_code == 403


@pytest.mark.django_db
def test_findings_say_why_in_the_panel_and_the_approval_modal(client, story, newsroom):
    client.force_login(newsroom.people["europe-editor"])
    task_state = story.current_workflow_task_state
    html = client.get(f"/admin/pages/workflow/action/{story.pk}/approve/{task_state.pk}/").json()[
        "html"
    ]
    assert "Why: Rule: “TASS” is cited (not just mentioned)" in html
    assert "Why: Rule: people described by role, not name, with a reporting verb" in html
    assert "Not a problem" not in html  # the modal ticks; the panel dismisses


@pytest.mark.django_db
def test_the_approval_modal_lists_what_the_desk_marked_not_a_problem(client, story, newsroom):
    client.force_login(newsroom.people["europe-editor"])
    task_state = story.current_workflow_task_state
    url = f"/admin/pages/workflow/action/{story.pk}/approve/{task_state.pk}/"
    # Negative control: nothing marked yet, the unnamed source is one to tick.
    before = client.get(url).json()["html"]
    assert "Marked not a problem" not in before
    assert 'name="acknowledged"' in before and "Officials said" in before
    anonymous = _finding(story, "anonymous_source")
    client.post(
        f"/admin/validation/dismiss/{story.pk}/",
        {"fingerprint": anonymous.fingerprint, "action": "dismiss"},
    )
    after = client.get(url).json()["html"]
    assert "<h3>Marked not a problem</h3>" in after
    assert "Unnamed source: <q>Officials said</q>" in after


@pytest.mark.django_db
def test_with_every_finding_marked_the_summary_panel_and_modal_say_the_same(client, story, newsroom):
    """The edit page's summary, its report panel and the approval modal word a report
    whose findings the desk all marked "not a problem" alike: none says "No findings"
    as if the checks had found nothing."""
    client.force_login(newsroom.people["europe-editor"])
    for finding in report_for(story).findings:
        response = client.post(
            f"/admin/validation/dismiss/{story.pk}/",
            {"fingerprint": finding.fingerprint, "action": "dismiss"},
        )
    data = response.json()
    assert data["findings"] == []
    said = "No findings left: the checks found nothing else to query."
    assert said in data["summary"] and said in data["html"]
    task_state = story.current_workflow_task_state
    modal = client.get(f"/admin/pages/workflow/action/{story.pk}/approve/{task_state.pk}/")
    assert said in modal.json()["html"]
    edit_page = client.get(f"/admin/pages/{story.pk}/edit/").content.decode()
    assert said in edit_page
