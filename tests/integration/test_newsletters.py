"""Newsletters: who gets what (the access policy, per tier), each message's headers,
one-click unsubscribe, preferences, CSV import, exactly-once sends over a real SMTP
server (aiosmtpd, in-process) and digests on schedule."""

from __future__ import annotations

import datetime
import io
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from test_access import make_member

from herald.memberships.models import Subscriber
from herald.newsletters import actions, sending
from herald.newsletters.models import Delivery, Issue, Newsletter, Subscription
from herald.newsletters.schedule import last_slot, queue_due_digests

from smtp_sink import SMTPSink

pytestmark = pytest.mark.django_db

SENTINEL = "Members-only sentinel: the harbour ledger shows 41 ships."
OPEN = ["ROME — The opening paragraph everyone may read.", "A second open paragraph."]
BASE = "https://news.example.org"


@pytest.fixture
def newsroom(newsroom_from_module):
    """Desks and people built once for this module; each test rolls back its own writes."""
    return newsroom_from_module


@pytest.fixture
def sink(settings):
    with SMTPSink() as server:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
        settings.EMAIL_TIMEOUT = 5
        settings.HERALD_BASE_URL = BASE
        settings.HERALD_NEWSLETTER_RETRY_DELAYS = (0, 0)
        settings.HERALD_NEWSLETTER_CONNECTIONS = 1  # in the test's transaction
        yield server


def subscriber(email, newsletter, *, user=None, confirmed=True):
    from django.utils import timezone

    found = Subscriber.objects.create(
        email=email, consent_text="yes", consented_at=timezone.now(), user=user)
    if confirmed:  # saved with update_fields, as confirming does: no default newsletters
        found.confirmed_at = timezone.now()
        Subscriber.objects.filter(pk=found.pk).update(confirmed_at=found.confirmed_at)
    Subscription.objects.create(subscriber=found, newsletter=newsletter)
    return found


def member(django_user_model, email, tier):
    user = django_user_model.objects.create_user(email.split("@")[0], email, "pw")
    make_member(user, tier)
    return user


def sent(server) -> list:
    """The newsletter messages the server accepted (the workflow's own notices left out)."""
    return [m for m in server.parsed() if m["List-Id"] or m["Subject"].startswith("[Test]")]


def recipients(server) -> list[str]:
    return [m["To"] for m in sent(server)]


def by_recipient(server) -> dict[str, object]:
    found = {}
    for message in sent(server):
        found[message["To"]] = message
    return found


def parts(message) -> tuple[str, str]:
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    return text, html


# Newsletters follow the desks ------------------------------------------------

def test_each_desk_gets_a_newsletter_named_like_it(newsroom):
    europe = Newsletter.objects.get(name="Europe Desk")
    assert europe.slug == "europe"
    assert list(europe.desks.all()) == [newsroom.desks["europe"]]
    assert europe.schedule == Newsletter.Schedule.ON_PUBLISH
    assert set(Newsletter.objects.values_list("name", flat=True)) == {"Europe Desk", "World Desk"}


def test_a_confirmed_reader_gets_the_newsletters_on_offer(newsroom):
    from herald.memberships.actions import confirm_subscription, record_subscription

    record_subscription("new@example.org", consent=True)
    assert not Subscription.objects.exists()
    token = mail.outbox[-1].body.split("/subscribe/confirm/")[1].split("/")[0]
    confirm_subscription(token)
    assert sorted(Subscription.objects.values_list("newsletter__name", flat=True)) == [
        "Europe Desk", "World Desk"]


# Entitlement per tier, in the message bodies ---------------------------------

@pytest.fixture
def tier_story(newsroom, make_story, django_user_model, sink):
    from herald.memberships.models import Tier

    europe = Newsletter.objects.get(slug="europe")
    subscriber("free@example.org", europe)
    subscriber("supporter@example.org", europe,
               user=member(django_user_model, "supporter@example.org", "supporter"))
    subscriber("patron@example.org", europe,
               user=member(django_user_model, "patron@example.org", "patron"))
    subscriber("elsewhere@example.org", Newsletter.objects.get(slug="world"))
    story = make_story("The harbour ledger", access="members", publish=False,
                       paragraphs=[*OPEN, SENTINEL, "The closing paragraph."])
    story.access_tiers.set([Tier.objects.get(slug="patron")])
    story.save_revision(user=newsroom.people["europe-reporter"])
    from herald.newsroom import actions as newsroom_actions
    from tests.conftest import acknowledge_all

    newsroom_actions.submit_to_desk(story, by=newsroom.people["europe-reporter"])
    newsroom_actions.approve(story, by=newsroom.people["europe-editor"],
                             acknowledged=acknowledge_all(story), send_to_newsletters=True)
    return story


def test_a_members_only_story_goes_in_full_only_to_its_tier(tier_story, sink):
    messages = by_recipient(sink)
    assert sorted(messages) == ["free@example.org", "patron@example.org", "supporter@example.org"]
    for address in ("free@example.org", "supporter@example.org"):
        text, html = parts(messages[address])
        assert SENTINEL not in text and SENTINEL not in html
        assert OPEN[1] in text and OPEN[1] in html
        assert "Join to read the whole story" in text and "Join to read the whole story" in html
    text, html = parts(messages["patron@example.org"])
    assert SENTINEL in text and SENTINEL in html
    assert "Join to read the whole story" not in html
    issue = Issue.objects.get(story=tier_story)
    assert issue.counts() == {"queued": 0, "sending": 0, "sent": 3, "failed": 0, "in_doubt": 0}


def test_each_message_is_multipart_with_one_click_unsubscribe_and_its_own_id(tier_story, sink):
    messages = sent(sink)
    ids = {m["Message-ID"] for m in messages}
    assert len(ids) == 3
    for message in messages:
        assert message.get_content_type() == "multipart/alternative"
        assert [p.get_content_type() for p in message.iter_parts()] == ["text/plain", "text/html"]
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert message["List-Unsubscribe"].strip().startswith(f"<{BASE}/newsletters/unsubscribe/")
        assert message["Subject"] == "The harbour ledger"
        assert message["From"] == "The Test Ledger <newsroom@herald.invalid>"
        text, html = parts(message)
        assert "<script" not in html and "<style" not in html
        assert 'style="' in html  # the stylesheet, inlined
        assert "How we reported this: this news story was validated by the Europe Desk" in text
        assert f"{BASE}/newsletters/preferences/" in html and f"{BASE}/newsletters/preferences/" in text


def test_one_click_unsubscribe_is_a_bare_post_without_cookie_or_csrf(tier_story, sink):
    message = by_recipient(sink)["free@example.org"]
    url = message["List-Unsubscribe"].strip().strip("<>").removeprefix(BASE)
    client = Client(enforce_csrf_checks=True)
    # A mail scanner following the link changes nothing.
    page = client.get(url)
    assert page.status_code == 200
    assert Subscription.objects.get(subscriber__email="free@example.org").is_active
    name = Subscription.objects.get(subscriber__email="free@example.org").newsletter.name
    # "… will no longer receive Europe Desk." named a desk, not what stops arriving.
    sentence = f"free@example.org will no longer receive the {name} newsletter."
    assert sentence in page.content.decode()

    response = client.post(url, "List-Unsubscribe=One-Click",
                           content_type="application/x-www-form-urlencoded")

    assert response.status_code == 200
    assert sentence in response.content.decode()
    gone = Subscription.objects.get(subscriber__email="free@example.org")
    assert not gone.is_active and gone.reason == "One-click unsubscribe from the mail client."
    assert Subscription.objects.filter(unsubscribed_at__isnull=True).count() == 3


def test_a_forged_unsubscribe_link_changes_nothing(tier_story, client):
    response = client.post("/newsletters/unsubscribe/1.1:forged/", "List-Unsubscribe=One-Click",
                           content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400
    assert not Subscription.objects.filter(unsubscribed_at__isnull=False).exists()


def test_preferences_link_chooses_newsletters(tier_story, sink, client):
    message = by_recipient(sink)["free@example.org"]
    text, _ = parts(message)
    url = text.split("Choose your newsletters: ")[1].split()[0].removeprefix(BASE)
    page = client.get(url)
    assert page.status_code == 200
    assert "free@example.org" in page.content.decode()
    world = Newsletter.objects.get(slug="world")
    response = client.post(url, {"newsletters": [world.pk]})
    assert response.status_code == 302
    assert [n.slug for n in actions.active_newsletters_of(
        Subscriber.objects.get(email="free@example.org"))] == ["world"]


# Exactly once ---------------------------------------------------------------

def test_sending_again_sends_nothing_to_anyone_who_has_the_issue(tier_story, sink):
    issue = Issue.objects.get(story=tier_story)
    assert sending.run(issue.pk)["sent"] == 3
    out = io.StringIO()
    call_command("newsletters", "send", "Europe Desk", "--story", tier_story.slug, "--wait",
                 stdout=out, stderr=io.StringIO())
    assert len(sent(sink)) == 3
    assert "already sent, nothing sent now" in out.getvalue()


def test_temporary_failures_are_retried_and_permanent_ones_unsubscribe(newsroom, make_story, sink):
    europe = Newsletter.objects.get(slug="europe")
    for address in ("busy@example.org", "gone@example.org", "ok@example.org"):
        subscriber(address, europe)
    sink.defer["busy@example.org"] = 2  # two 451s, then accepted
    sink.reject["gone@example.org"] = "No such mailbox"
    story = make_story("A quiet harbour")
    issue, _ = actions.issue_for_story(europe, story)

    counts = sending.run(issue.pk)

    assert counts == {"queued": 0, "sending": 0, "sent": 2, "failed": 1, "in_doubt": 0}
    assert sorted(recipients(sink)) == ["busy@example.org", "ok@example.org"]
    failed = Delivery.objects.get(email="gone@example.org")
    assert failed.error.startswith("permanent: 550")
    gone = Subscription.objects.get(subscriber__email="gone@example.org")
    assert not gone.is_active and "550 5.1.1 No such mailbox" in gone.reason


def test_a_message_refused_after_its_data_fails_and_the_next_still_goes(newsroom, make_story,
                                                                       sink):
    europe = Newsletter.objects.get(slug="europe")
    for address in ("first@example.org", "spam@example.org", "last@example.org"):
        subscriber(address, europe)
    sink.refuse_data["spam@example.org"] = "Message refused as spam"
    story = make_story("A refused message")
    issue, _ = actions.issue_for_story(europe, story)

    counts = sending.run(issue.pk)

    assert counts == {"queued": 0, "sending": 0, "sent": 2, "failed": 1, "in_doubt": 0}
    assert recipients(sink) == ["first@example.org", "last@example.org"]
    refused = Delivery.objects.get(email="spam@example.org")
    assert refused.error == "permanent: 554 5.7.1 Message refused as spam"
    assert Subscription.objects.get(subscriber__email="spam@example.org").reason == (
        "Permanent failure when sending: 554 5.7.1 Message refused as spam")


def test_a_message_handed_over_before_a_stop_is_in_doubt_and_never_resent(newsroom, make_story,
                                                                          sink):
    europe = Newsletter.objects.get(slug="europe")
    for n in range(5):
        subscriber(f"r{n}@example.org", europe)
    story = make_story("The night ferry")
    issue, _ = actions.issue_for_story(europe, story)
    sending.populate(issue)
    first = Delivery.objects.filter(issue=issue).order_by("id").first()
    # What a killed sender leaves: one row marked sending, its fate unknown.
    Delivery.objects.filter(pk=first.pk).update(status=Delivery.Status.SENDING)

    counts = sending.run(issue.pk)

    assert counts == {"queued": 0, "sending": 0, "sent": 4, "failed": 0, "in_doubt": 1}
    assert first.email not in recipients(sink)
    assert actions.in_doubt(issue) == [first.email]


def test_a_live_sender_keeps_the_issue_to_itself(newsroom, make_story):
    from django.utils import timezone

    story = make_story("Two senders")
    issue, _ = actions.issue_for_story(Newsletter.objects.get(slug="europe"), story)
    Issue.objects.filter(pk=issue.pk).update(runner="elsewhere.example:1",
                                             heartbeat_at=timezone.now())
    with pytest.raises(sending.SendInProgress):
        sending.run(issue.pk)


# Approval and imports --------------------------------------------------------

def test_approval_without_the_box_sends_nothing(newsroom, make_story, sink):
    subscriber("reader@example.org", Newsletter.objects.get(slug="europe"))
    make_story("Approved quietly")
    assert not Issue.objects.exists()
    assert sent(sink) == []


def test_an_import_never_sends(newsroom, sink, tmp_path):
    from herald.articles.importing import import_file

    subscriber("reader@example.org", Newsletter.objects.get(slug="europe"))
    path = tmp_path / "archive.md"
    path.write_text("---\ntitle: An archived story\ndesk: europe\ndateline: ROME\n"
                    "published: 2025-01-10T08:00:00+00:00\n---\nBody of the archived story.\n")
    import_file(path)
    assert not Issue.objects.exists()
    assert sent(sink) == []


# CSV import and export -------------------------------------------------------

CSV = """email,name,newsletters,consent
ada@example.org,Ada,europe;World Desk,yes
not-an-address,Bad,europe,yes
bob@example.org,Bob,europe,no
cy@example.org,Cy,sports,yes
ada@example.org,Ada L.,europe,yes
"""


def run_import(path):
    out, err = io.StringIO(), io.StringIO()
    code = 0
    try:
        call_command("subscribers", "import", str(path), stdout=out, stderr=err)
    except SystemExit as stop:
        code = stop.code
    return code, out.getvalue(), err.getvalue()


def test_csv_import_reports_each_bad_row_and_imports_the_rest(newsroom, tmp_path):
    path = tmp_path / "list.csv"
    path.write_text(CSV)

    code, out, err = run_import(path)

    assert code == 1
    assert err.splitlines() == [
        f"{path}:3: invalid address 'not-an-address'; row skipped",
        f"{path}:4: no consent (the consent column must say yes); row skipped",
        f"{path}:5: unknown newsletter 'sports'; row skipped",
    ]
    assert out.strip() == "Imported 1 subscriber (1 new, 0 updated); 3 rows failed."
    ada = Subscriber.objects.get(email="ada@example.org")
    assert ada.name == "Ada L." and ada.is_confirmed
    assert sorted(n.slug for n in actions.active_newsletters_of(ada)) == ["europe", "world"]


def test_reimporting_updates_and_never_duplicates(newsroom, tmp_path):
    path = tmp_path / "list.csv"
    path.write_text("email,name,newsletters,consent\nada@example.org,Ada,europe,yes\n")
    run_import(path)
    ada = Subscriber.objects.get(email="ada@example.org")
    actions.unsubscribe(ada.pk, Newsletter.objects.get(slug="europe").pk, reason="reader")
    path.write_text("email,name,newsletters,consent\nADA@example.org,Ada King,europe;world,yes\n")

    code, out, _ = run_import(path)

    assert code == 0
    assert out.strip() == ("Imported 1 subscriber (0 new, 1 updated), 1 newsletter choice left "
                           "unsubscribed (that reader unsubscribed earlier); 0 rows failed.")
    assert Subscriber.objects.count() == 1
    assert Subscriber.objects.get().name == "Ada King"
    assert [n.slug for n in actions.active_newsletters_of(ada)] == ["world"]


def test_a_file_without_the_columns_is_refused(newsroom, tmp_path):
    from django.core.management.base import CommandError

    path = tmp_path / "list.csv"
    path.write_text("address,agreed\nada@example.org,yes\n")
    with pytest.raises(CommandError, match="missing: email, consent"):
        call_command("subscribers", "import", str(path))


def test_export_writes_the_import_format(newsroom, tmp_path):
    path = tmp_path / "list.csv"
    path.write_text("email,name,newsletters,consent\nada@example.org,Ada,europe;world,yes\n"
                    "bo@example.org,,world,yes\n")
    run_import(path)
    out = tmp_path / "out.csv"
    call_command("subscribers", "export", "--output", str(out), stderr=io.StringIO())
    assert out.read_text().splitlines() == [
        "email,name,newsletters,consent",
        "ada@example.org,Ada,europe;world,yes",
        "bo@example.org,,world,yes",
    ]


# Digests ----------------------------------------------------------------------

BRUSSELS = ZoneInfo("Europe/Brussels")
UTC = datetime.UTC


@pytest.mark.parametrize(("now", "slot"), [
    # Summer time (UTC+2): 07:00 in Brussels is 05:00 UTC.
    ("2026-10-24T05:30", "2026-10-24T05:00"),
    ("2026-10-25T04:59", "2026-10-24T05:00"),
    # Clocks go back on 25 October: 07:00 is now 06:00 UTC.
    ("2026-10-25T05:30", "2026-10-24T05:00"),
    ("2026-10-25T06:00", "2026-10-25T06:00"),
    # And forward on 29 March: 07:00 is 05:00 UTC again.
    ("2026-03-29T04:59", "2026-03-28T06:00"),
    ("2026-03-29T05:00", "2026-03-29T05:00"),
])
def test_a_daily_digest_is_due_at_seven_local_time_across_dst(now, slot):
    at = datetime.datetime.fromisoformat(now).replace(tzinfo=UTC)
    expected = datetime.datetime.fromisoformat(slot).replace(tzinfo=UTC)
    assert last_slot("daily", datetime.time(7), 0, at, BRUSSELS) == expected


def test_a_weekly_digest_is_due_on_its_day():
    friday_after = datetime.datetime(2026, 12, 4, 9, 0, tzinfo=UTC)
    assert last_slot("weekly", datetime.time(7), 0, friday_after, BRUSSELS) == datetime.datetime(
        2026, 11, 30, 6, 0, tzinfo=UTC)
    assert last_slot("on_publish", datetime.time(7), 0, friday_after, BRUSSELS) is None


def test_the_digest_goes_out_once_at_its_time_with_the_stories_since_the_last(
        newsroom, make_story, sink, settings):
    settings.TIME_ZONE = "Europe/Brussels"
    digest = Newsletter.objects.create(name="Morning digest", slug="morning",
                                       schedule=Newsletter.Schedule.DAILY)
    subscriber("early@example.org", digest)
    utc = lambda *a: datetime.datetime(*a, tzinfo=UTC)  # noqa: E731
    make_story("Saturday story", published_at=utc(2026, 10, 24, 9))
    make_story("Sunday dawn story", published_at=utc(2026, 10, 25, 5, 30))
    make_story("Sunday late story", published_at=utc(2026, 10, 25, 7))
    Issue.objects.create(newsletter=digest, digest_until=utc(2026, 10, 24, 5),
                         subject="earlier", status=Issue.Status.DONE, recipients_ready=True)

    assert queue_due_digests(now=utc(2026, 10, 25, 5, 45)) == []  # 06:45 in Brussels
    [issue] = queue_due_digests(now=utc(2026, 10, 25, 6, 0))  # 07:00 in Brussels (winter time)
    assert queue_due_digests(now=utc(2026, 10, 25, 6, 1)) == []

    assert issue.digest_until == utc(2026, 10, 25, 6)
    titles = [s.title for s in actions.stories_of(issue)]
    assert titles == ["Sunday dawn story", "Saturday story"]
    [message] = sent(sink)
    text, _ = parts(message)
    assert "Saturday story" in text and "Sunday dawn story" in text
    assert "Sunday late story" not in text
    assert message["Subject"] == "Morning digest: 25 October 2026"


# The admin --------------------------------------------------------------------

def test_publisher_sees_progress_and_sends_a_test_to_themselves(tier_story, sink, client,
                                                                newsroom):
    issue = Issue.objects.get(story=tier_story)
    client.force_login(newsroom.people["publisher"])
    page = client.get(f"/admin/newsletters_sends/{issue.pk}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert '<dd data-count="sent">3</dd>' in html and '<dd data-count="in_doubt">0</dd>' in html

    response = client.post(f"/admin/newsletters_sends/{issue.pk}/test/")

    assert response.status_code == 302
    test = by_recipient(sink)["pub@example.org"]
    assert test["Subject"] == "[Test] The harbour ledger"
    assert SENTINEL in parts(test)[0]  # the publisher is staff: the whole story
    assert Delivery.objects.filter(issue=issue).count() == 3


def test_an_editor_cannot_open_the_sends(tier_story, client, newsroom):
    client.force_login(newsroom.people["europe-editor"])
    assert client.get("/admin/newsletters_sends/").status_code in (302, 403)


# The approval form ------------------------------------------------------------

def test_the_approval_form_offers_the_send_and_sends_when_ticked(newsroom, make_story, sink,
                                                                 client):
    import json

    from herald.newsroom import actions as newsroom_actions
    from tests.conftest import acknowledge_all

    subscriber("reader@example.org", Newsletter.objects.get(slug="europe"))
    story = make_story("Ticked on approval", publish=False)
    newsroom_actions.submit_to_desk(story, by=newsroom.people["europe-reporter"])
    task_state = story.current_workflow_task_state
    url = f"/admin/pages/workflow/action/{story.pk}/approve/{task_state.pk}/"
    client.force_login(newsroom.people["europe-editor"])

    modal = json.loads(client.get(url).content)["html"]
    assert ('<input type="checkbox" name="send_to_newsletters" id="id_send_to_newsletters" '
            'checked>') in modal
    assert "Europe Desk (1 subscriber)" in modal
    response = client.post(url, {"acknowledged": acknowledge_all(story),
                                 "send_to_newsletters": "on"})

    assert response.status_code == 302
    assert recipients(sink) == ["reader@example.org"]
    assert Issue.objects.get().counts()["sent"] == 1


# An e-mail service provider through django-anymail -----------------------------

def test_anymail_sends_and_its_bounce_webhook_unsubscribes(newsroom, make_story, settings,
                                                           client):
    import base64
    import json

    settings.EMAIL_BACKEND = "anymail.backends.test.EmailBackend"
    settings.ANYMAIL = {"WEBHOOK_SECRET": "hook:secret"}
    settings.HERALD_NEWSLETTER_CONNECTIONS = 1
    europe = Newsletter.objects.get(slug="europe")
    subscriber("bouncy@example.org", europe)
    subscriber("fine@example.org", europe)
    issue, _ = actions.issue_for_story(europe, make_story("Through the provider"))
    mail.outbox.clear()

    assert sending.run(issue.pk)["sent"] == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["bouncy@example.org", "fine@example.org"]
    assert all(m.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
               for m in mail.outbox)

    auth = "Basic " + base64.b64encode(b"hook:secret").decode()
    response = client.post("/anymail/postmark/tracking/", json.dumps({
        "RecordType": "Bounce", "Type": "HardBounce", "TypeCode": 1, "ID": 42,
        "Email": "bouncy@example.org", "Description": "The server was unable to deliver your "
        "message (ex: unknown user, mailbox not found).", "Details": "smtp;550 5.1.1 unknown",
        "BouncedAt": "2026-12-05T06:00:00Z", "MessageID": "abc", "Inactive": True,
    }), content_type="application/json", HTTP_AUTHORIZATION=auth)

    assert response.status_code == 200
    gone = Subscription.objects.get(subscriber__email="bouncy@example.org")
    assert not gone.is_active and gone.reason.startswith("Bounced (Postmark webhook): The server")
    assert Subscription.objects.get(subscriber__email="fine@example.org").is_active


def test_a_digest_with_nothing_to_send_says_which_stories_it_looked_for(newsroom, settings):
    """The first digest, with no story in its day, answered "no new stories since the last
    digest": there had been none. It now names the window it looked in."""
    settings.TIME_ZONE = "Europe/Brussels"
    digest = Newsletter.objects.create(name="Evening digest", slug="evening",
                                       schedule=Newsletter.Schedule.DAILY)
    out = io.StringIO()
    call_command("newsletters", "send", "evening", "--digest", stdout=out)
    assert "since the last digest" not in out.getvalue()
    assert out.getvalue() == ("Evening digest: no story published in the last day (no digest "
                              "was sent before); nothing sent.\n")
    last = timezone.now() - datetime.timedelta(minutes=5)
    Issue.objects.create(newsletter=digest, digest_until=last, story_ids=[],
                         status=Issue.Status.DONE)
    out = io.StringIO()
    call_command("newsletters", "send", "evening", "--digest", stdout=out)
    local = timezone.localtime(last)
    assert out.getvalue() == ("Evening digest: no new story since the last digest "
                              f"({local.day} {local:%B %Y, %H:%M}); nothing sent.\n")


def test_the_demo_has_a_daily_digest_and_subscribers(newsroom):
    from herald.newsletters import demo

    demo.load(log=lambda line: None)

    digest = Newsletter.objects.get(slug="morning-briefing")
    assert (digest.schedule, digest.send_time) == ("daily", datetime.time(7))
    tomas = Subscriber.objects.get(email="tomas.berg@meridian-ledger.invalid")
    assert tomas.is_confirmed and tomas.name == "Tomas Berg"
    assert sorted(n.slug for n in actions.active_newsletters_of(tomas)) == [
        "europe", "morning-briefing"]


def test_the_smtp_bytes_are_serialised_once_per_body_and_made_personal(tier_story, sink):
    from email import message_from_bytes, policy

    from herald.newsletters.rendering import IssueRenderer

    issue = Issue.objects.get(story=tier_story)
    renderer = IssueRenderer(issue, actions.stories_of(issue))
    free = Subscriber.objects.get(email="free@example.org")
    raw = renderer.raw(email=free.email, subscriber_id=free.pk)
    again = renderer.raw(email="other@example.org", subscriber_id=free.pk)
    parsed = message_from_bytes(raw.data, policy=policy.default)

    assert parsed["To"] == "free@example.org" and parsed["Message-ID"] == raw.message_id
    assert raw.message_id != again.message_id
    assert b"placeholder" not in raw.data and b"__HERALD" not in raw.data
    text, html = parts(parsed)
    assert text == parts(by_recipient(sink)["free@example.org"])[0]
    assert "/newsletters/unsubscribe/" in html and SENTINEL not in html


def test_export_to_standard_output(newsroom, tmp_path):
    path = tmp_path / "list.csv"
    path.write_text("email,name,newsletters,consent\nada@example.org,\"King, Ada\",europe,yes\n")
    run_import(path)
    out = io.StringIO()
    call_command("subscribers", "export", stdout=out)
    assert out.getvalue() == ('email,name,newsletters,consent\r\n'
                              'ada@example.org,"King, Ada",europe,yes\r\n')
