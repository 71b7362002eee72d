"""The publisher's own screens in the admin (newsletter sends, the revenue dashboard):
offered only to those who may open them, pointed at only for them, and each headed
with its own name."""

from __future__ import annotations

import html
import re

import pytest

from herald.articles.models import ArticlePage
from herald.newsletters.actions import newsletter_for_desk
from herald.newsletters.models import Issue
from herald.newsroom import actions
from tests.conftest import acknowledge_all
from tests.integration.test_admin_messages import messages_of
from tests.integration.test_admin_workflow import PARAGRAPHS, action_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def newsroom(newsroom_from_module):
    """Desks and people built once for this module; each test rolls back its own writes."""
    return newsroom_from_module


def menu_links(client) -> set[str]:
    """The addresses the admin's sidebar menu offers on the dashboard."""
    page = client.get("/admin/").content.decode()
    props = re.search(r'id="wagtail-sidebar-props"[^>]*>(.*?)</script>', page, re.S).group(1)
    return set(re.findall(r'"url": "(/admin/[^"]*)"', html.unescape(props)))


def header(response) -> str:
    """What the header of an admin screen shows as its title: the last breadcrumb."""
    page = response.content.decode()
    crumbs = re.findall(r'<li\s+class="w-h-full[^"]*"[^>]*>(.*?)</li>', page, re.S)
    assert crumbs, "no breadcrumbs in the header"
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", crumbs[-1])).strip())


@pytest.mark.parametrize("person", ["europe-reporter", "europe-editor"])
def test_a_desk_is_not_offered_the_newsletter_sends_it_may_not_open(client, newsroom, person):
    client.force_login(newsroom.people[person])

    assert client.get("/admin/newsletters_sends/").status_code in (302, 403)
    assert "/admin/newsletters_sends/" not in menu_links(client)


def test_the_publisher_is_offered_the_newsletter_sends(client, newsroom):
    client.force_login(newsroom.people["publisher"])

    assert "/admin/newsletters_sends/" in menu_links(client)


def submitted(newsroom, title):
    reporter = newsroom.people["europe-reporter"]
    story = ArticlePage(title=title, dateline="VIENNA", owner=reporter, live=False,
                        standfirst="Two departures a week.",
                        body=[{"type": "paragraph", "value": f"<p>{p}</p>"} for p in PARAGRAPHS])
    newsroom.desks["europe"].add_child(instance=story)
    story.save_revision(user=reporter)
    actions.submit_to_desk(story, by=reporter)
    return ArticlePage.objects.get(pk=story.pk)


@pytest.mark.parametrize(("person", "pointer"), [("europe-editor", False), ("publisher", True)])
def test_approving_points_only_the_publisher_at_the_sends(client, newsroom, settings, person,
                                                          pointer):
    # No task worker: the issue is still sending when the approval's message is written.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    # The publisher approves through a desk's validation only as one of its editors.
    actions.add_editor(newsroom.desks["europe"], newsroom.people["publisher"])
    story = submitted(newsroom, "Vienna restores its night train to Rome")
    client.force_login(newsroom.people[person])
    response = client.post(
        action_url(story, "approve", story.current_workflow_task_state),
        {"comment": "", "acknowledged": acknowledge_all(story), "send_to_newsletters": "on"},
        follow=True)

    said = messages_of(response)[0]
    assert Issue.objects.get(story=story).status != Issue.Status.DONE
    assert "Newsletters: sending it to Europe Desk (0 subscribers)" in said
    assert ("(Newsletters › Sends shows the progress)" in said) is pointer


def test_the_sends_and_the_revenue_dashboard_are_headed_with_their_names(client, newsroom):
    story = submitted(newsroom, "The harbour ledger")
    issue = Issue.objects.create(newsletter=newsletter_for_desk(newsroom.desks["europe"]),
                                 story=story, subject="The harbour ledger")
    client.force_login(newsroom.people["publisher"])

    assert header(client.get("/admin/newsletters_sends/")) == "Newsletter sends"
    assert header(client.get(f"/admin/newsletters_sends/{issue.pk}/")) == (
        "Send: The harbour ledger")
    assert header(client.get("/admin/revenue/")) == "Revenue"
