"""The subscribe action behind every article's prompt: POST /subscribe/."""

from __future__ import annotations

import pytest
from django.utils import timezone
from test_letters import errors_in, fixed_clock  # noqa: F401  (fixture)

from herald.memberships.models import Subscriber

pytestmark = pytest.mark.django_db

URL = "/subscribe/"
OURS = {"HTTP_ORIGIN": "http://testserver"}
SIGN_UP = {"email": "reader@example.org", "consent": "on", "website": "",
           "next": "/europe/rome-night-trains/"}


def subscribe(client, headers=OURS, **fields):
    return client.post(URL, {**SIGN_UP, **fields}, **headers)


def test_sign_up_records_the_address_with_consent(client, home):
    before = timezone.now()
    response = subscribe(client, email="Reader@Example.org")

    assert response.status_code == 200
    assert '<a href="/europe/rome-night-trains/">Continue reading</a>' in response.content.decode()
    subscriber = Subscriber.objects.get()
    assert subscriber.email == "reader@example.org"
    assert subscriber.consent_text == "Send me the newsletter. I can unsubscribe at any time."
    assert subscriber.consented_at >= before
    assert subscriber.source_path == "/europe/rome-night-trains/"


def test_no_consent_no_subscription(client, home):
    response = subscribe(client, consent="")
    assert response.status_code == 400
    assert errors_in(response) == [
        "Please correct the following: Tick the box to agree to receive the newsletter."]
    assert not Subscriber.objects.exists()


def test_known_and_unknown_addresses_get_the_same_answer(client, home):
    known = Subscriber.objects.create(
        email="known@example.org", consent_text="Earlier consent.",
        consented_at=timezone.now() - timezone.timedelta(days=30), confirmed_at=timezone.now(),
    )
    for_known = subscribe(client, email="known@example.org")
    for_unknown = subscribe(client, email="stranger@example.org")

    assert for_known.status_code == for_unknown.status_code == 200
    assert for_known.content == for_unknown.content
    known.refresh_from_db()
    assert known.consent_text == "Earlier consent."
    assert Subscriber.objects.count() == 2


@pytest.mark.parametrize("headers", [
    {"HTTP_ORIGIN": "https://evil.example"},
    {"HTTP_ORIGIN": "null"},
    {"HTTP_REFERER": "https://evil.example/page"},
])
def test_cross_origin_post_is_refused(client, home, headers):
    response = subscribe(client, headers=headers)
    assert response.status_code == 403
    assert response.content.decode() == "Sign up from our own pages."
    assert not Subscriber.objects.exists()


def test_same_site_referer_is_accepted(client, home):
    response = subscribe(client, headers={"HTTP_REFERER": "http://testserver/europe/"})
    assert response.status_code == 200
    assert Subscriber.objects.count() == 1


def test_honeypot_answers_as_usual_and_stores_nothing(client, home):
    bot = subscribe(client, website="http://cheap-pills.example")
    person = subscribe(client, email="person@example.org")
    assert bot.status_code == 200
    assert bot.content == person.content
    assert list(Subscriber.objects.values_list("email", flat=True)) == ["person@example.org"]


def test_next_must_stay_on_this_site(client, home):
    response = subscribe(client, next="https://evil.example/phish")
    assert '<a href="/">Continue reading</a>' in response.content.decode()


@pytest.mark.usefixtures("fixed_clock")
def test_per_address_rate_limit(client, home):
    for _ in range(3):
        assert subscribe(client).status_code == 200
    response = subscribe(client, email="READER@example.org")
    assert response.status_code == 429
    assert errors_in(response) == ["Too many sign-ups for this address. Try again in an hour."]


@pytest.mark.usefixtures("fixed_clock")
def test_per_network_rate_limit(client, home):
    for n in range(10):
        assert subscribe(client, email=f"reader{n}@example.org").status_code == 200
    response = subscribe(client, email="reader10@example.org")
    assert response.status_code == 429
    assert errors_in(response) == ["Too many sign-ups from your network. Try again in an hour."]
    assert Subscriber.objects.count() == 10
