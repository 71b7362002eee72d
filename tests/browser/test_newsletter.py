"""A reader's whole newsletter life in a browser: sign up on /subscribe/, confirm from
the outbox, receive the newsletter of a story its desk approved, and unsubscribe from
the link at the foot of that message."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

SENTINEL = "The ferry's last crossing of the season leaves at dawn."


def test_subscribe_confirm_receive_and_unsubscribe(open_context, newsroom, make_story, settings,
                                                   screenshot):
    from herald.newsletters.models import Subscription
    from herald.newsroom import actions
    from herald.validation.stories import blocking_findings, finding_id

    settings.HERALD_NEWSLETTER_CONNECTIONS = 1
    page = open_context().new_page()
    page.goto("/subscribe/")
    page.get_by_role("textbox", name="Email address").fill("reader@example.org")
    page.get_by_role("checkbox", name="Send me the newsletter").check()
    page.get_by_role("button", name="Subscribe").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your inbox")

    confirm = re.search(r"https?://\S+/subscribe/confirm/\S+/", mail.outbox[-1].body).group(0)
    page.goto(confirm)
    page.get_by_role("button", name="Confirm my subscription").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your subscription is confirmed")

    story = make_story("Tallinn's ferry keeps sailing", publish=False,
                       paragraphs=["TALLINN — The harbour stays open.", SENTINEL])
    actions.submit_to_desk(story, by=newsroom.people["europe-reporter"])
    findings = [finding_id(f) for f in blocking_findings(story.specific)]
    actions.approve(story, by=newsroom.people["europe-editor"], acknowledged=findings,
                    send_to_newsletters=True)

    [message] = [m for m in mail.outbox if "List-Unsubscribe" in m.extra_headers]
    assert message.to == ["reader@example.org"]
    assert message.subject == "Tallinn's ferry keeps sailing"
    html = message.alternatives[0][0]
    assert SENTINEL in html and SENTINEL in message.body
    page.goto("about:blank")  # a mail client's view: not under the site's CSP
    page.set_content(html)
    screenshot(page, "newsletter")
    page.get_by_role("link", name="Unsubscribe from Europe Desk").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Unsubscribe from Europe Desk?")
    page.get_by_role("button", name="Unsubscribe").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You are unsubscribed")

    left = Subscription.objects.get(subscriber__email="reader@example.org",
                                    newsletter__slug="europe")
    assert left.unsubscribed_at is not None
    assert Subscription.objects.get(subscriber__email="reader@example.org",
                                    newsletter__slug="world").unsubscribed_at is None
