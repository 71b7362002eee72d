"""Free subscribers and reader accounts over HTTP: double opt-in, passwordless
sign-in by magic link, no account enumeration, rate limits, data export and deletion."""

import json
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from herald.memberships.models import Donation, PaymentEvent, SignInLink, Subscriber

from reader_revenue import link_in, sign_in, subscribe

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("revenue_settings")]


def confirmed(email):
    return Subscriber.objects.create(email=email, consent_text="yes", consented_at=timezone.now(),
                                     confirmed_at=timezone.now())


# Double opt-in ---------------------------------------------------------------

def test_sign_up_mails_a_confirmation_link_and_confirms_only_on_click(client, home):
    response = subscribe(client, "Ann@Example.org")
    assert response.status_code == 200
    assert "Check your inbox" in response.content.decode()
    subscriber = Subscriber.objects.get(email="ann@example.org")
    assert subscriber.confirmed_at is None
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ann@example.org"]
    assert mail.outbox[0].subject == "Confirm your subscription to Herald"
    path = link_in(mail.outbox[0], "confirm")

    # Opening the link (or a mail scanner fetching it) does not confirm.
    page = client.get(path)
    assert page.status_code == 200
    assert "Confirm my subscription" in page.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.confirmed_at is None

    done = client.post(path)
    assert done.status_code == 200
    assert "Your subscription is confirmed" in done.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.confirmed_at is not None


def test_tampered_confirmation_link_is_refused(client, home):
    subscribe(client, "ann@example.org")
    path = link_in(mail.outbox[0], "confirm")
    response = client.post(path.replace("/confirm/", "/confirm/x"))
    assert response.status_code == 400
    assert Subscriber.objects.get().confirmed_at is None


def test_confirmed_address_gets_no_second_mail_and_the_same_answer(client, home):
    confirmed("known@example.org")
    known = subscribe(client, "known@example.org")
    new = subscribe(client, "new@example.org")
    assert known.status_code == new.status_code == 200
    assert known.content == new.content
    assert [m.to for m in mail.outbox] == [["new@example.org"]]


# Sign-in ---------------------------------------------------------------------

def test_magic_link_signs_in_the_browser_that_asked_once(client, home):
    confirmed("ann@example.org")
    response = client.post("/account/sign-in/", {"email": "ann@example.org", "next": "/membership/"})
    assert response.status_code == 200
    assert "herald_signin" in response.cookies
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Your sign-in link for Herald"
    assert "It works once, for 15 minutes" in message.body
    path = link_in(message, "sign-in")

    signed_in = client.get(path)
    assert signed_in.status_code == 302
    assert signed_in["Location"] == "/membership/"
    account = client.get("/account/")
    assert account.status_code == 200
    assert "Signed in as <strong>ann@example.org</strong>" in account.content.decode()
    user = Subscriber.objects.get().user
    assert user.is_staff is False
    assert user.has_usable_password() is False

    client.post("/account/sign-out/")
    reused = client.get(path)
    assert reused.status_code == 410
    assert "This sign-in link has already been used" in reused.content.decode()
    assert client.get("/account/").status_code == 302


def test_magic_link_expires(client, home, settings):
    settings.HERALD_MAGIC_LINK_MINUTES = 15
    confirmed("ann@example.org")
    client.post("/account/sign-in/", {"email": "ann@example.org"})
    SignInLink.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    response = client.get(link_in(mail.outbox[0], "sign-in"))
    assert response.status_code == 410
    assert "This sign-in link has expired" in response.content.decode()
    assert client.get("/account/").status_code == 302


def test_magic_link_lifetime_comes_from_settings(client, home, settings):
    settings.HERALD_MAGIC_LINK_MINUTES = 5
    confirmed("ann@example.org")
    client.post("/account/sign-in/", {"email": "ann@example.org"})
    link = SignInLink.objects.get()
    assert timedelta(minutes=4, seconds=50) < link.expires_at - link.created_at <= timedelta(minutes=5)
    assert "It works once, for 5 minutes" in mail.outbox[0].body


def test_magic_link_opened_in_another_browser_does_not_sign_in(client, home, django_user_model):
    from django.test import Client

    confirmed("ann@example.org")
    client.post("/account/sign-in/", {"email": "ann@example.org"})
    path = link_in(mail.outbox[0], "sign-in")

    other = Client()
    response = other.get(path)
    assert response.status_code == 403
    html = response.content.decode()
    assert "Open the link in the browser you asked from" in html
    assert "Email me a sign-in link" in html
    assert other.get("/account/").status_code == 302
    # The link still works in the browser that asked for it.
    assert client.get(path).status_code == 302


def test_sign_in_answers_the_same_for_known_and_unknown_addresses(client, home):
    from django.test import Client

    confirmed("known@example.org")
    known = Client().post("/account/sign-in/", {"email": "known@example.org"})
    unknown = Client().post("/account/sign-in/", {"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 200
    strip = lambda r: r.content.decode().replace("known@", "X@").replace("nobody@", "X@")  # noqa: E731
    assert strip(known) == strip(unknown)
    assert set(known.cookies) == set(unknown.cookies) == {"herald_signin"}
    assert [m.to for m in mail.outbox] == [["known@example.org"]]


def test_sign_in_does_the_same_work_for_known_and_unknown_addresses(home, settings):
    """The answer takes the same time: the same queries, and one queued task each; only
    the task, later, looks the address up and mails the link."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django_tasks import task_backends

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    confirmed("known@example.org")
    # Warm the site and settings caches. The first read creates the settings row, which
    # bumps the content version and so retires the copy cached with it: read twice.
    for _ in range(2):
        Client().post("/account/sign-in/", {"email": "warm-up@example.org"})
    task_backends["default"].clear()
    queries = {}
    for email in ("known@example.org", "nobody@example.org"):
        with CaptureQueriesContext(connection) as captured:
            assert Client().post("/account/sign-in/", {"email": email}).status_code == 200
        queries[email] = [re.sub(r'"s\d+_x\d+"', "S", q["sql"].replace(email, "X"))
                          for q in captured.captured_queries]
    assert queries["known@example.org"] == queries["nobody@example.org"]
    queued = task_backends["default"].results
    assert [r.args[0] for r in queued] == ["known@example.org", "nobody@example.org"]
    assert not mail.outbox
    assert [r.task.call(*r.args, **r.kwargs) for r in queued] == [True, False]
    assert [m.to for m in mail.outbox] == [["known@example.org"]]


def test_staff_cannot_sign_in_by_link(client, newsroom):
    staff = newsroom.people["publisher"]
    Subscriber.objects.create(email=staff.email, user=staff, consent_text="x",
                              consented_at=timezone.now(), confirmed_at=timezone.now())
    client.post("/account/sign-in/", {"email": staff.email})
    assert mail.outbox == []


@pytest.fixture
def one_window(monkeypatch):
    """Keep every attempt in one fixed rate-limit window, so the hour turning cannot reset it."""
    import types

    monkeypatch.setattr("herald.core.ratelimit.time", types.SimpleNamespace(time=lambda: 1.8e9))


def test_sign_in_is_rate_limited_per_address(client, home, one_window):
    confirmed("ann@example.org")
    statuses = [client.post("/account/sign-in/", {"email": "ann@example.org"}).status_code
                for _ in range(6)]
    assert statuses == [200] * 5 + [429]
    assert len(mail.outbox) == 5


def test_sign_in_is_rate_limited_per_ip(client, home, one_window):
    statuses = [client.post("/account/sign-in/", {"email": f"r{n}@example.org"}).status_code
                for n in range(21)]
    assert statuses == [200] * 20 + [429]
    assert "Too many sign-in requests from your network" in client.post(
        "/account/sign-in/", {"email": "x@example.org"}).content.decode()


def test_sign_up_is_rate_limited_per_address(client, home, one_window):
    statuses = [subscribe(client, "ann@example.org").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]


# Account page ----------------------------------------------------------------

def test_account_page_requires_sign_in(client, home):
    response = client.get("/account/")
    assert response.status_code == 302
    assert response["Location"] == "/account/sign-in/?next=%2Faccount%2F"


def test_reader_chooses_newsletters(client, newsroom):
    from herald.newsletters.models import Newsletter

    sign_in(client, "ann@example.org")
    europe, world = (Newsletter.objects.get(slug=s) for s in ("europe", "world"))
    page = client.get("/account/").content.decode()
    assert "Europe Desk" in page and "World Desk" in page
    response = client.post("/account/newsletters/", {"newsletters": [europe.pk]})
    assert response.status_code == 302
    assert list(Newsletter.objects.filter(subscriptions__subscriber=Subscriber.objects.get(),
                                          subscriptions__unsubscribed_at__isnull=True)) == [europe]
    html = client.get("/account/").content.decode()
    assert f'value="{europe.pk}" id="id_newsletters_0" checked' in html
    assert f'value="{world.pk}" id="id_newsletters_1">' in html


# Export and deletion ---------------------------------------------------------

def test_export_downloads_the_readers_data(client, newsroom):
    sign_in(client, "ann@example.org")
    from herald.newsletters.models import Newsletter

    client.post("/account/newsletters/", {"newsletters": [Newsletter.objects.get(slug="world").pk]})
    response = client.get("/account/export/")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="my-data.json"'
    data = json.loads(response.content)
    assert data["account"]["email"] == "ann@example.org"
    assert data["subscription"]["newsletters"] == ["World Desk"]
    assert data["membership"] is None
    assert data["donations"] == []


def test_deleting_the_account_keeps_only_anonymised_payment_records(client, home):
    sign_in(client, "ann@example.org")
    user = Subscriber.objects.get().user
    donation = Donation.objects.create(user=user, email="ann@example.org", amount=500, currency="EUR",
                                       kind="one_off", status="paid", provider="development")
    PaymentEvent.objects.create(provider="stripe", event_id="evt_1", type="checkout.session.completed",
                                created=1, payload='{"customer_email": "ann@example.org"}')
    assert client.post("/account/delete/", {"confirm": "nope"}).status_code == 400
    response = client.post("/account/delete/", {"confirm": "delete"})
    assert response.status_code == 200
    assert "Your account is deleted" in response.content.decode()
    assert not Subscriber.objects.exists()
    assert not type(user).objects.filter(pk=user.pk).exists()
    donation.refresh_from_db()
    assert (donation.user, donation.email, donation.amount) == (None, "", 500)
    assert donation.anonymised_at is not None
    assert "ann@example.org" not in PaymentEvent.objects.get().payload
    assert client.get("/account/").status_code == 302


@pytest.mark.parametrize("status, says", [
    ("unpaid", "Your Supporter membership is on hold: the last payment did not go through."),
    ("paused", "Your Supporter membership is paused."),
])
def test_a_membership_on_hold_says_why_and_offers_the_card_page(client, home, django_user_model,
                                                                 status, says):
    from herald.memberships.models import Member, Tier

    user = django_user_model.objects.create_user("held", "held@example.org", "pw")
    tier = Tier.objects.create(name="Supporter", slug="supporter", monthly_price=5, yearly_price=50,
                               benefits="Stories")
    Member.objects.create(user=user, tier=tier, status=status, provider="development",
                          customer_id="cus_held")
    client.force_login(user)

    html = client.get("/account/").content.decode()

    assert says in html
    assert "Update card and invoices" in html
    assert "Your membership has ended" not in html
