"""Reader revenue in the Wagtail admin, as the publisher (a superuser) sees it."""

import csv
import io
from datetime import timedelta

import pytest
from django.utils import timezone

from herald.memberships.models import Donation, Member, Subscriber, Tier


def body(response) -> str:
    return b"".join(response.streaming_content).decode()


pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("revenue_settings")]


@pytest.fixture
def publisher_client(client, newsroom):
    client.force_login(newsroom.people["publisher"])
    return client


@pytest.fixture
def revenue(django_user_model):
    now = timezone.now()
    reader = Tier.objects.create(name="Reader", slug="reader", monthly_price=4, yearly_price=48,
                                 benefits="x")
    patron = Tier.objects.create(name="Patron", slug="patron", monthly_price=25, yearly_price=240,
                                 benefits="x")
    rows = [("ann@example.org", reader, "active", "month"), ("bob@example.org", reader, "active", "year"),
            ("cy@example.org", patron, "active", "month"), ("dee@example.org", patron, "canceled", "month")]
    for email, tier, status, interval in rows:
        user = django_user_model.objects.create_user(email.split("@")[0], email)
        Subscriber.objects.create(email=email, user=user, consent_text="x", consented_at=now,
                                  confirmed_at=now)
        Member.objects.create(user=user, tier=tier, status=status, interval=interval,
                              provider="development", started_at=now,
                              canceled_at=now if status == "canceled" else None)
    Subscriber.objects.create(email="free@example.org", consent_text="x", consented_at=now)
    Donation.objects.create(email="giver@example.org", amount=2500, currency="EUR", kind="one_off",
                            status="paid", provider="development", paid_at=now)
    Donation.objects.create(email="old@example.org", amount=1000, currency="EUR", kind="recurring",
                            status="paid", provider="development", paid_at=now - timedelta(days=7))


def test_members_list_searches_and_filters_by_tier_and_status(publisher_client, revenue):
    html = publisher_client.get("/admin/member/").content.decode()
    assert all(e in html for e in ("ann@example.org", "cy@example.org", "dee@example.org"))
    patron = Tier.objects.get(slug="patron").pk
    filtered = publisher_client.get(f"/admin/member/?tier={patron}&status=active").content.decode()
    assert "cy@example.org" in filtered
    assert "ann@example.org" not in filtered and "dee@example.org" not in filtered
    searched = publisher_client.get("/admin/member/?q=bob").content.decode()
    assert "bob@example.org" in searched and "ann@example.org" not in searched


def test_members_csv_export(publisher_client, revenue):
    response = publisher_client.get("/admin/member/?export=csv&status=active")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(body(response))))
    assert rows[0][:4] == ["Email", "Tier", "Status", "Interval"]
    assert sorted(row[:4] for row in rows[1:]) == [
        ["ann@example.org", "Reader", "active", "month"],
        ["bob@example.org", "Reader", "active", "year"],
        ["cy@example.org", "Patron", "active", "month"],
    ]


def test_subscribers_list_filters_and_exports(publisher_client, revenue):
    html = publisher_client.get("/admin/subscriber/?confirmed=false").content.decode()
    assert "free@example.org" in html and "ann@example.org" not in html
    patron = Tier.objects.get(slug="patron").pk
    html = publisher_client.get(f"/admin/subscriber/?tier={patron}&member_status=active").content.decode()
    assert "cy@example.org" in html and "dee@example.org" not in html
    exported = body(publisher_client.get("/admin/subscriber/?export=csv"))
    assert exported.splitlines()[0].startswith("Email,Confirmed at")
    assert exported.count("@example.org") == 5


def test_members_cannot_be_edited_in_the_admin(publisher_client, revenue):
    member = Member.objects.first()
    assert publisher_client.get(f"/admin/member/edit/{member.pk}/").status_code in (302, 403)
    assert publisher_client.get(f"/admin/member/inspect/{member.pk}/").status_code == 200


def test_donations_appear_in_the_admin(publisher_client, revenue):
    html = publisher_client.get("/admin/donation/").content.decode()
    assert "€25.00" in html and "giver@example.org" in html
    exported = body(publisher_client.get("/admin/donation/?export=csv&kind=recurring"))
    assert "old@example.org" in exported and "giver@example.org" not in exported


def test_revenue_dashboard_shows_figures_and_charts(publisher_client, revenue):
    response = publisher_client.get("/admin/revenue/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<dd data-figure="active-members">3</dd>' in html
    # 4 + 48/12 + 25 = 33.00 a month
    assert '<dd data-figure="mrr">€33.00</dd>' in html
    assert "<tr><td>Reader</td><td>2</td></tr>" in html
    for title in ("Active members by tier", "Newsletter sign-ups per week", "New members per week",
                  "Cancellations per week", "Donations per week (EUR)"):
        assert f'<svg role="img" aria-label="{title}"' in html
    assert "<title>Reader: 2</title>" in html


def test_dashboard_is_for_staff_only(client, revenue, newsroom):
    client.force_login(newsroom.people["europe-reporter"])
    assert client.get("/admin/revenue/").status_code in (302, 403)
