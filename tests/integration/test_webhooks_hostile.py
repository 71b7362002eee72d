"""Webhook events that are signed but hostile or unlucky: two changes of one subscription
in the same second, a signature dated in the future, malformed bodies. Signed with the
test secret by Stripe's documented scheme, as Stripe (and tests/stripe_fake) sign them."""

from __future__ import annotations

import itertools
import json
import logging
import time

import pytest
import test_webhooks
from test_webhooks import T0, member_state, subscription

from herald.memberships.models import PaymentEvent
from herald.memberships.status import membership_for

from reader_revenue import post_webhook, stripe_event, stripe_signature

reader, tiers = test_webhooks.reader, test_webhooks.tiers  # fixtures
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("revenue_settings", "tiers")]
UPDATED = "customer.subscription.updated"


EVENT_IDS = itertools.count()


def send_all(client, user, *states, created=T0 + 50):
    for status, period_end in states:
        payload = stripe_event(UPDATED, subscription(user, status=status, period_end=period_end),
                               event_id=f"evt_tie_{next(EVENT_IDS)}", created=created)
        assert post_webhook(client, payload).status_code == 200


@pytest.mark.parametrize("order", [("canceled", "past_due"), ("past_due", "canceled")])
def test_a_cancelled_membership_never_comes_back_within_the_same_second(client, reader, order):
    period = T0 + 30 * 86400
    send_all(client, reader, ("active", period), created=T0)
    send_all(client, reader, *[(status, period) for status in order])
    assert member_state(reader)[0] == "canceled"
    assert membership_for(reader).is_member is False


@pytest.mark.parametrize("order", [(0, 1), (1, 0)])
def test_at_the_same_second_the_later_billing_period_wins(client, reader, order):
    states = [("past_due", T0 + 30 * 86400), ("active", T0 + 60 * 86400)]
    send_all(client, reader, *[states[i] for i in order])
    assert member_state(reader)[0] == "active"


def test_within_one_period_dunning_moves_forward(client, reader):
    period = T0 + 30 * 86400
    send_all(client, reader, ("unpaid", period), ("past_due", period), ("active", period))
    assert member_state(reader)[0] == "unpaid"


def test_signature_dated_in_the_future_is_refused(client, reader):
    payload = stripe_event(UPDATED, subscription(reader), event_id="evt_future", created=T0)
    ahead = stripe_signature(payload, timestamp=int(time.time()) + 3600)
    response = post_webhook(client, payload, ahead)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_signature"
    assert not PaymentEvent.objects.exists()
    within = stripe_signature(payload, timestamp=int(time.time()) + 60)  # clock skew
    assert post_webhook(client, payload, within).status_code == 200


def nested(levels: int) -> dict:
    value: dict = {}
    for _ in range(levels):
        value = {"a": value}
    return value


def event(**fields) -> str:
    body = {"id": "evt_ok", "object": "event", "type": UPDATED, "created": T0,
            "data": {"object": {"id": "sub_1"}}, **fields}
    return json.dumps(body)


MALFORMED = {
    "an array": ("[]", "The event body is not a JSON object."),
    "an array of events": (f"[{event()}]", "The event body is not a JSON object."),
    "a string": ('"evt_1"', "The event body is not a JSON object."),
    "an over-long id": (event(id="evt_" + "x" * 200),
                        "The event id must be 1 to 100 letters, digits, - or _."),
    "a NUL in the id": (event(id="evt_\u0000x"),
                        "The event id must be 1 to 100 letters, digits, - or _."),
    "a numeric id": (event(id=12), "The event id must be 1 to 100 letters, digits, - or _."),
    "a created time in words": (event(created="soon"), "The event's created time must be a "
                                "positive whole number of seconds."),
    "no data object": (event(data=[1]), "The event has no data object."),
    "nesting 40 deep": (event(data={"object": nested(40)}), "The event nests deeper than 32 levels."),
    "nesting 100,000 deep": ('{"a":' * 100_000 + "1" + "}" * 100_000,
                             "The event body is not valid JSON."),
    "not JSON": ("{'id': 'evt_1'}", "The event body is not valid JSON."),
}


@pytest.mark.parametrize("name", list(MALFORMED))
def test_signed_but_malformed_events_answer_400_and_are_logged(client, name, caplog):
    payload, message = MALFORMED[name]
    with caplog.at_level(logging.WARNING, logger="herald.memberships.views.payments"):
        response = post_webhook(client, payload)
    assert response.status_code == 400
    assert response.json() == {"error": {"code": "invalid_event", "message": message}}
    assert not PaymentEvent.objects.exists()
    assert f"Stripe webhook refused (invalid_event): {message}" in caplog.text
