"""A desk editor approves an imported story from its edit page, as the browser does it.

The edit page's "Approve and publish" opens the approval form (Wagtail's
collect-workflow-action-data view), then posts the whole edit form with the
form's answers; Wagtail saves a revision first when the form changed the story.
An editor who changed nothing approves; one who changed the text is refused,
with the desk's rule in words, and their change is kept.
"""

from __future__ import annotations

import html
import importlib
import json
import re

import pytest
from django.apps import apps
from wagtail.models import TaskState
from wagtail.test.utils import WagtailTestUtils
from wagtail.test.utils.form_data import querydict_from_html

from herald.articles.importing import import_file
from herald.articles.models import ArticlePage
from herald.articles.paragraphs import paragraph_text
from herald.newsroom import actions
from tests.conftest import acknowledge_all

pytestmark = pytest.mark.django_db

SOURCE = """---
title: Rome opens its night trains to Vienna
dek: Two departures a week, from December.
dateline: Rome
desk: Europe Desk
slug: rome-night-trains
---
The first train leaves *Termini* station on Friday evening, the **railway** said.

> It is a return to the golden age of rail.
> — Anna Weber, rail historian

Tickets cost 49 euros and go on sale [next month](https://example.org/tickets).
"""
GENERIC_REFUSAL = "Sorry, you do not have permission to access this area."


@pytest.fixture
def newsroom(newsroom_from_module):
    """Desks and people built once for this module; each test rolls back its own writes."""
    return newsroom_from_module


@pytest.fixture(scope="module")
def imported_once(shared_newsroom, tmp_path_factory):
    """``SOURCE`` brought in by ``herald import`` for the Europe Desk's reporter, once
    for the module: waiting for the desk, like every imported (and demo) story
    without a date."""
    path = tmp_path_factory.mktemp("import") / "night-trains.md"
    path.write_text(SOURCE)
    reporter = shared_newsroom.people["europe-reporter"]
    result = import_file(path, user=reporter)
    assert result.ok, result.message
    story = result.page
    ArticlePage.objects.filter(pk=story.pk).update(owner=reporter)  # as the demo loader does
    return story.pk


@pytest.fixture
def imported(imported_once):
    """The module's imported story, fetched afresh for this test (which may approve,
    change or send it back: its savepoint is rolled back after it)."""
    story = ArticlePage.objects.get(pk=imported_once)
    assert story.current_workflow_task_state.status == TaskState.STATUS_IN_PROGRESS
    return story


def edit_url(story) -> str:
    return f"/admin/pages/{story.pk}/edit/"


def edit_form_as_loaded(client, story) -> dict:
    """What the browser posts back from the edit page when nobody types anything:
    the form's fields as rendered, and the body as the page hands it to its
    block editor (each paragraph in the rich-text editor's own format, with its
    block id)."""
    page = client.get(edit_url(story)).content.decode()
    rendered = querydict_from_html(page, form_id="page-edit-form")
    data = {k: rendered.getlist(k) for k in rendered if "__prefix__" not in k}
    # Wagtail's helper reads an unselected <select multiple> as its first option;
    # a browser posts nothing for it (a story's membership tiers).
    form = WagtailTestUtils.get_soup(page).find("form", id="page-edit-form")
    for select in form.find_all("select", multiple=True):
        if not select.find_all("option", selected=True):
            data.pop(select["name"], None)
    match = re.search(r'data-w-block-arguments-value="([^"]*)"', page)
    blocks = json.loads(html.unescape(match.group(1)))[0]
    for index, block in enumerate(blocks):
        prefix = f"body-{index}"
        data.update({f"{prefix}-type": block["type"], f"{prefix}-id": block["id"],
                     f"{prefix}-deleted": "", f"{prefix}-order": str(index)})
        if isinstance(block["value"], dict):  # a struct block: its fields (a chosen image by id)
            data.update({f"{prefix}-value-{k}": v["id"] if isinstance(v, dict) else v
                         for k, v in block["value"].items()})
        else:
            data[f"{prefix}-value"] = block["value"]
    data["body-count"] = str(len(blocks))
    data.setdefault("comments-TOTAL_FORMS", "0")
    data.setdefault("comments-INITIAL_FORMS", "0")
    return data


def approve_from_edit_page(client, story, form_data, comment="Ready to run."):
    """The edit page's "Approve and publish": the approval modal's answers, then
    the edit form posted with them, as Wagtail's JavaScript does."""
    task_state = story.current_workflow_task_state
    collected = client.post(
        f"/admin/pages/workflow/collect_action_data/{story.pk}/approve/{task_state.pk}/",
        {"comment": comment, "acknowledged": acknowledge_all(story), "review": task_state.pk},
        headers={"x-requested-with": "XMLHttpRequest"},
    ).json()
    assert collected["step"] == "success", collected
    return client.post(edit_url(story), {
        **form_data, "action-workflow-action": "true", "workflow-action-name": "approve",
        "workflow-action-extra-data": json.dumps(collected["cleaned_data"]),
    }, follow=True)


def text_of(response) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())))


def test_imported_paragraphs_load_and_save_unchanged_in_the_editor(client, newsroom, imported):
    client.force_login(newsroom.people["europe-editor"])
    response = client.post(edit_url(imported), edit_form_as_loaded(client, imported))
    assert response.status_code == 302

    # Saving with nothing typed stores the same text, paragraph keys and all.
    before = imported.body.raw_data
    after = ArticlePage.objects.get(pk=imported.pk).get_latest_revision_as_object().body.raw_data
    assert [(b["type"], b["value"]) for b in after] == [(b["type"], b["value"]) for b in before]


def test_desk_editor_who_changed_nothing_approves_from_the_edit_page(client, newsroom, imported):
    editor = newsroom.people["europe-editor"]
    revisions_before = imported.revisions.count()
    task_state = imported.current_workflow_task_state
    client.force_login(editor)

    response = approve_from_edit_page(client, imported, edit_form_as_loaded(client, imported))

    assert response.status_code == 200
    assert GENERIC_REFUSAL not in text_of(response)
    # Said as the dashboard's approval says it, not Wagtail's "updated" ("saved as a draft").
    assert "‘Rome opens its night trains to Vienna’ approved and published." in text_of(response)
    assert "saved as a draft" not in text_of(response)
    story = ArticlePage.objects.get(pk=imported.pk)
    said = re.search(r'<li class="success">(.*?)</li>', response.content.decode(), re.S).group(1)
    assert "approved and published." in said and f'href="{story.url}"' in said  # "View live"
    task_state.refresh_from_db()
    assert story.live and story.first_published_at is not None
    assert (task_state.status, task_state.finished_by, task_state.comment) == (
        TaskState.STATUS_APPROVED, editor, "Ready to run.")
    # Nothing typed, no revision in the editor's name: the reporter's text is what runs.
    assert imported.revisions.count() == revisions_before
    assert not story.revisions.filter(user=editor).exists()
    client.logout()
    page = client.get(story.url)
    assert page.status_code == 200
    reader_text = text_of(page)
    for words in ("The first train leaves Termini station on Friday evening, the railway said.",
                  "It is a return to the golden age of rail.",
                  "Tickets cost 49 euros and go on sale next month."):
        assert words in reader_text
    body = page.content.decode()
    assert "<i>Termini</i>" in body and "<b>railway</b>" in body
    assert '<a href="https://example.org/tickets">next month</a>' in body


def test_desk_editor_who_changed_the_text_is_refused_with_the_reason(client, newsroom, imported):
    editor = newsroom.people["europe-editor"]
    task_state = imported.current_workflow_task_state
    client.force_login(editor)
    data = edit_form_as_loaded(client, imported)
    first = json.loads(data["body-0-value"])
    first["blocks"][0]["text"] = first["blocks"][0]["text"].replace("Friday", "Saturday")
    data["body-0-value"] = json.dumps(first)

    response = approve_from_edit_page(client, imported, data)

    page = text_of(response)
    assert GENERIC_REFUSAL not in page
    assert ("You made the latest edit to this story; the desk's rule is that an editor "
            "who changed the text does not also approve it.") in page
    assert "Your changes are saved, but the story is not approved:" in page
    assert "Europe Desk editors who can: europe-editor2." in page  # not the one who changed it
    assert response.redirect_chain[-1][0] == edit_url(imported)  # back at the story, not /admin/
    story = ArticlePage.objects.get(pk=imported.pk)
    task_state.refresh_from_db()
    assert not story.live and task_state.status == TaskState.STATUS_IN_PROGRESS
    # The change is kept, in the editor's name, for the desk's other editor to approve.
    latest = story.get_latest_revision()
    assert latest.user == editor
    assert "Saturday evening" in paragraph_text(latest.as_object().body[0].value.source)


def test_stories_stored_before_the_change_are_rewritten_by_the_migration(client, newsroom):
    """A story imported before paragraphs were stored as the editor saves them
    (the importer's Markdown output: ``<em>``, no paragraph keys), published, then
    changed and sent to the desk again: the migration rewrites its live text and
    its latest revision, and an editor who changes nothing then approves it from
    the edit page."""
    reporter, editor = newsroom.people["europe-reporter"], newsroom.people["europe-editor"]
    old_form = ["<p>The first train leaves <em>Termini</em> on Friday.</p>",
                '<p>Tickets cost <strong>49</strong> euros, <a href="https://example.org/t" '
                'rel="noopener noreferrer">on sale</a> now.</p>']
    story = ArticlePage(title="Night trains return", slug="night-trains-return", dateline="ROME",
                        owner=reporter, live=False,
                        body=[{"type": "paragraph", "value": p} for p in old_form])
    newsroom.desks["europe"].add_child(instance=story)
    story.save_revision(user=reporter).publish(user=reporter, skip_permission_checks=True)
    story = ArticlePage.objects.get(pk=story.pk)
    story.standfirst = "Two departures a week."
    story.save_revision(user=reporter)
    actions.submit_to_desk(story, by=reporter)

    migration = importlib.import_module(
        "herald.articles.migrations.0006_paragraphs_as_the_editor_saves").Migration
    migration.operations[0].migrate_stream_data_forward(apps, None)

    story = ArticlePage.objects.get(pk=story.pk)
    live = [b.value.source for b in story.body]
    latest = [b.value.source for b in story.get_latest_revision_as_object().body]
    for stored in (live, latest):  # each given its own paragraph keys
        assert [re.sub(r' data-block-key="\w+"', "", p) for p in stored] == [
            "<p>The first train leaves <i>Termini</i> on Friday.</p>",
            '<p>Tickets cost <b>49</b> euros, <a href="https://example.org/t">on sale</a> now.</p>']
        assert all(p.startswith('<p data-block-key="') for p in stored)

    revisions_before = story.revisions.count()
    task_state = story.current_workflow_task_state
    client.force_login(editor)
    response = approve_from_edit_page(client, story, edit_form_as_loaded(client, story))
    assert GENERIC_REFUSAL not in text_of(response)
    story = ArticlePage.objects.get(pk=story.pk)
    task_state.refresh_from_db()
    assert (task_state.status, task_state.finished_by) == (TaskState.STATUS_APPROVED, editor)
    assert story.standfirst == "Two departures a week." and story.live
    assert story.revisions.count() == revisions_before


def test_desk_editor_sends_back_from_the_edit_page_and_is_told_so(client, newsroom, imported):
    task_state = imported.current_workflow_task_state
    client.force_login(newsroom.people["europe-editor"])
    collected = client.post(
        f"/admin/pages/workflow/collect_action_data/{imported.pk}/reject/{task_state.pk}/",
        {"comment": "Name the railway's spokesperson."},
        headers={"x-requested-with": "XMLHttpRequest"},
    ).json()
    response = client.post(edit_url(imported), {
        **edit_form_as_loaded(client, imported), "action-workflow-action": "true",
        "workflow-action-name": "reject",
        "workflow-action-extra-data": json.dumps(collected["cleaned_data"]),
    }, follow=True)

    assert "‘Rome opens its night trains to Vienna’ sent back to europe-reporter with your comment." \
        in text_of(response)
    task_state.refresh_from_db()
    assert (task_state.status, task_state.comment) == (
        TaskState.STATUS_REJECTED, "Name the railway's spokesperson.")


def test_a_change_that_does_not_validate_is_not_said_to_be_saved(client, newsroom, imported):
    """The headline emptied as well: Wagtail refuses the form and lists the fields;
    nothing is saved, so nothing claims it was."""
    client.force_login(newsroom.people["europe-editor"])
    data = edit_form_as_loaded(client, imported)
    first = json.loads(data["body-0-value"])
    first["blocks"][0]["text"] = first["blocks"][0]["text"].replace("Friday", "Saturday")
    data.update({"body-0-value": json.dumps(first), "title": ""})
    revisions_before = imported.revisions.count()

    response = approve_from_edit_page(client, imported, data)

    page = text_of(response)
    assert "The page could not be saved due to validation errors." in page
    assert "Your changes are saved" not in page and GENERIC_REFUSAL not in page
    assert imported.revisions.count() == revisions_before
    assert imported.current_workflow_task_state.status == TaskState.STATUS_IN_PROGRESS


def test_an_autosave_that_carries_the_approval_does_nothing(client, newsroom, imported):
    """Once the approval dialog has put its answers into the edit form, Wagtail's
    autosave (a background post of the whole form that asks for JSON) may carry them
    beside the editor's own submit. Acted on, it approved a second time: the later of
    the two found the desk's task finished (a crash). Saved, it added a revision the
    editor never made (seen in the browser at load 18). It does nothing; the editor's
    submit approves (the same answers posted as the page posts them: the test above,
    the control), and an autosave without them still saves (the test below)."""
    editor = newsroom.people["europe-editor"]
    task_state = imported.current_workflow_task_state
    revisions = imported.revisions.count()
    client.force_login(editor)
    data = edit_form_as_loaded(client, imported)
    collected = client.post(
        f"/admin/pages/workflow/collect_action_data/{imported.pk}/approve/{task_state.pk}/",
        {"comment": "Ready to run.", "acknowledged": acknowledge_all(imported),
         "review": task_state.pk},
        headers={"x-requested-with": "XMLHttpRequest"},
    ).json()
    approval = {"action-workflow-action": "true", "workflow-action-name": "approve",
                "workflow-action-extra-data": json.dumps(collected["cleaned_data"])}

    autosave = client.post(edit_url(imported), {**data, **approval},
                           headers={"accept": "application/json"})

    assert autosave.status_code == 409
    assert json.loads(autosave.content)["error_code"] == "workflow_action_pending"
    story = ArticlePage.objects.get(pk=imported.pk)
    task_state.refresh_from_db()
    assert not story.live and task_state.status == TaskState.STATUS_IN_PROGRESS
    assert story.revisions.count() == revisions


def test_an_autosave_saves_the_editors_change(client, newsroom, imported):
    """The control of the test above: the same background post without the dialog's
    answers saves the change as a revision, and approves nothing."""
    editor = newsroom.people["europe-editor"]
    task_state = imported.current_workflow_task_state
    revisions = imported.revisions.count()
    client.force_login(editor)
    data = edit_form_as_loaded(client, imported)
    data["title"] = "Rome opens its night trains to Vienna and Munich"

    autosave = client.post(edit_url(imported), data, headers={"accept": "application/json"})

    assert autosave.status_code == 200 and json.loads(autosave.content)["success"] is True
    story = ArticlePage.objects.get(pk=imported.pk)
    task_state.refresh_from_db()
    assert story.revisions.count() == revisions + 1
    assert story.get_latest_revision_as_object().title.endswith("and Munich")
    assert not story.live and task_state.status == TaskState.STATUS_IN_PROGRESS

