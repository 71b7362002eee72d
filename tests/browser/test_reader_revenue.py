"""Reader revenue in a browser: an anonymous reader runs into the meter,
subscribes, confirms and signs in from the mailed links, becomes a member
through the development payment provider and reads a members-only story; a
reader gives a one-off donation that the publisher then sees in the admin.

Every page of both flows is photographed at phone and desktop widths under
test-artifacts/screenshots/ and checked for sideways scrolling on the phone.
"""

from __future__ import annotations

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.browser,
    # The development payment provider, tasks run at once, a private cache.
    pytest.mark.usefixtures("revenue_settings"),
]
# The tests share the module's newsroom (built once, committed for the module's live
# server); each writes rows of its own: stories, tiers and a member; a donation.

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}

OPENING = "The opening paragraph sets out the story."
SECOND = "The second paragraph is still open to all."
GATED = "The third paragraph is behind the paywall."
LAST = "The last paragraph closes the story."
PARAGRAPHS = [OPENING, SECOND, GATED, LAST]
READER = "ines.moreau@example.org"
MAILED_LINKS = {"confirm": r"/subscribe/confirm/[^/\s]+/", "sign-in": r"/account/sign-in/[^/\s]+/"}


@pytest.fixture
def look(screenshot):
    """Photograph the page at phone and desktop widths; on the phone it must not scroll sideways."""

    def look_(page, name: str, viewports=(PHONE, DESKTOP)) -> None:
        start = page.viewport_size
        for viewport in viewports:
            label = str(viewport["width"])
            page.set_viewport_size(viewport)
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= viewport["width"], (
                f"{name} scrolls sideways at {label}px ({width}px)"
            )
            screenshot(page, f"{name}-{label}")
        page.set_viewport_size(start)

    return look_


@pytest.fixture
def open_context(open_context_on_module_site):
    return open_context_on_module_site


@pytest.fixture(scope="module")
def newsroom(module_newsroom):
    return module_newsroom


@pytest.fixture
def make_story(module_make_story):
    return module_make_story


@pytest.fixture
def tiers():
    from herald.memberships.models import Tier

    return [
        Tier.objects.create(
            name="Reader",
            slug="reader",
            monthly_price=4,
            yearly_price=40,
            benefits="The full archive\nMembers-only stories",
            sort_order=0,
        ),
        Tier.objects.create(
            name="Patron",
            slug="patron",
            monthly_price=25,
            yearly_price=250,
            benefits="Everything in Reader\nA yearly briefing with the editors",
            sort_order=1,
        ),
    ]


@pytest.fixture
def meter_limit(newsroom):
    """The publication's meter, left at its default: editors set it in the admin."""
    from herald.access.models import AccessSettings

    return AccessSettings.for_site(newsroom.home.get_site()).meter_limit


def to_reader() -> list:
    """The e-mails sent to the reader (the newsroom's workflow mails its people too)."""
    return [message for message in mail.outbox if READER in message.to]


def last_link(kind: str) -> str:
    """The path of the link of ``kind`` in the last e-mail to the reader."""
    message = to_reader()[-1]
    found = re.search(r"https?://[^/\s]+(" + MAILED_LINKS[kind] + ")", message.body)
    assert found, f"no {kind} link in: {message.body}"
    return found.group(1)


def expect_full(page) -> None:
    body = page.locator(".story__body")
    expect(body).to_contain_text(GATED)
    expect(body).to_contain_text(LAST)
    expect(page.locator("[data-paywall]")).to_have_count(0)


def expect_cut(page) -> None:
    expect(page.locator(".story__body")).to_contain_text(SECOND)
    html = page.content()
    assert GATED not in html and LAST not in html, "gated text reached the browser"


def test_reader_hits_the_meter_subscribes_joins_and_reads_a_members_only_story(
    open_context, make_story, tiers, meter_limit, look
):
    from herald.memberships.models import Member, Subscriber

    metered = [
        make_story(f"Metered story {n}", access="metered", paragraphs=PARAGRAPHS)
        for n in range(1, meter_limit + 2)
    ]
    exclusive = make_story("Members only story", access="members", paragraphs=PARAGRAPHS)
    page = open_context(viewport=PHONE).new_page()

    # Within the meter every metered story reads in full, once each.
    for story in metered[:-1]:
        page.goto(story.url)
        expect_full(page)
    look(page, "01-within-the-meter")

    # One more: the cut and the prompt, with nothing of the rest in the page.
    over = metered[-1]
    page.goto(over.url)
    expect_cut(page)
    prompt = page.locator("[data-paywall]")
    expect(prompt).to_have_attribute("data-paywall", "meter-spent")
    expect(prompt.get_by_role("heading")).to_have_text("Keep reading with a membership")
    expect(prompt.get_by_role("link", name="Become a member")).to_be_visible()
    expect(prompt.get_by_role("link", name="Already a member? Sign in")).to_be_visible()
    look(page, "02-over-the-meter")

    # Subscribe with an e-mail address; the confirmation link arrives by mail.
    prompt.get_by_role("link", name="Subscribe for free").click()
    expect(page).to_have_url(re.compile(r"/subscribe/"))
    look(page, "03-subscribe")
    form = page.locator("form[action='/subscribe/']")
    form.get_by_label("Email address").fill(READER)
    form.get_by_label("Send me the newsletter").check()
    form.get_by_role("button", name="Subscribe").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your inbox")
    look(page, "04-subscribed")
    assert [m.subject for m in to_reader()] == ["Confirm your subscription to The Test Ledger"]
    assert Subscriber.objects.get(email=READER).confirmed_at is None

    # The link asks for a button press (mail scanners fetch links), then confirms.
    page.goto(last_link("confirm"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm your subscription")
    look(page, "05-confirm")
    page.get_by_role("button", name="Confirm my subscription").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your subscription is confirmed")
    look(page, "06-confirmed")
    assert Subscriber.objects.get(email=READER).confirmed_at is not None

    # Passwordless sign-in: the link works in the browser that asked for it.
    page.get_by_role("button", name="Send me a sign-in link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your inbox")
    look(page, "07-sign-in-sent")
    page.goto(last_link("sign-in"))
    expect(page).to_have_url(re.compile(r"/account/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account")
    expect(page.get_by_role("main")).to_contain_text(f"Signed in as {READER}.")
    look(page, "08-account-subscriber")

    # A free subscriber still gets the cut of a members-only story.
    page.goto(exclusive.url)
    expect_cut(page)
    prompt = page.locator("[data-paywall]")
    expect(prompt).to_have_attribute("data-paywall", "members-only")
    look(page, "09-members-only-cut")

    # Join through the development provider's checkout page.
    prompt.get_by_role("link", name="Become a member").click()
    expect(page).to_have_url(re.compile(r"/membership/$"))
    look(page, "10-tiers")
    patron = page.get_by_role("region", name="Patron")
    patron.get_by_label("Yearly").check()
    patron.get_by_role("button", name="Join as Patron").click()
    expect(page).to_have_url(re.compile(r"/payments/dev/checkout/"))
    expect(page.get_by_role("note")).to_contain_text("Development payment page.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Pay €250.00 a year")
    look(page, "11-dev-checkout")
    page.get_by_role("button", name="Pay (simulated)").click()
    expect(page).to_have_url(re.compile(r"/membership/welcome/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome, Patron member")
    look(page, "12-welcome")
    member = Member.objects.get(user__email=READER)
    assert (member.tier.slug, member.interval, member.status) == ("patron", "year", "active")

    # The member reads the members-only story, and the metered one, in full.
    page.goto(exclusive.url)
    expect_full(page)
    look(page, "13-members-only-full")
    page.goto(over.url)
    expect_full(page)

    page.goto("/account/")
    expect(page.get_by_role("main")).to_contain_text(
        "You are a Patron member, billed yearly (€250.00 a year)."
    )
    look(page, "14-account-member")

    # On a phone every tier's prices can be read whole (a <select> cut them) and chosen.
    page.set_viewport_size(PHONE)
    tier_choice = page.get_by_role("group", name="Tier")
    expect(tier_choice.get_by_label(re.compile(r"^Patron:"))).to_be_checked()
    labels = tier_choice.locator("label")
    expect(labels).to_have_text(["Reader: €4.00 a month, €40.00 a year",
                                 "Patron: €25.00 a month, €250.00 a year"])
    for label in labels.all():
        assert label.evaluate("l => l.scrollWidth <= l.clientWidth && "
                              "l.getBoundingClientRect().right <= innerWidth")
    look(page, "15-account-tiers", viewports=(PHONE,))
    tier_choice.get_by_label(re.compile(r"^Reader:")).check()
    page.get_by_label("Billing").select_option("year")
    page.get_by_role("button", name="Change membership").click()
    expect(page.get_by_role("status")).to_have_text("Saved.")
    expect(page.get_by_role("main")).to_contain_text(
        "You are a Reader member, billed yearly (€40.00 a year)."
    )


def test_one_off_donation_reaches_the_thank_you_page_and_the_publishers_admin(
    open_context, newsroom, sign_in, look
):
    from herald.memberships.models import Donation

    page = open_context(viewport=PHONE).new_page()
    page.goto("/support/donate/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Support our journalism")
    look(page, "01-donate")
    page.get_by_label("€25.00").check()
    page.get_by_label("Email address for the receipt").fill("paul.okafor@example.org")
    page.get_by_role("button", name="Continue to payment").click()

    expect(page).to_have_url(re.compile(r"/payments/dev/checkout/"))
    expect(page.get_by_role("note")).to_contain_text("Development payment page.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Pay €25.00")
    look(page, "02-dev-checkout")
    page.get_by_role("button", name="Pay (simulated)").click()

    expect(page).to_have_url(re.compile(r"/support/donate/thanks/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you for your support")
    look(page, "03-thanks")
    donation = Donation.objects.get(email="paul.okafor@example.org")
    assert (donation.amount, donation.currency, donation.kind, donation.status, donation.email) == (
        2500,
        "EUR",
        "one_off",
        "paid",
        "paul.okafor@example.org",
    )

    admin = open_context(viewport=DESKTOP).new_page()
    sign_in(admin, "publisher")
    admin.goto("/admin/")
    admin.get_by_role("navigation", name="Main menu").get_by_role("button", name="Reader revenue").click()
    admin.get_by_role("link", name="Donations").click()
    expect(admin.get_by_role("heading", level=1)).to_have_text("Donations")
    row = admin.get_by_role("row", name=re.compile("paul.okafor@example.org"))
    expect(row).to_contain_text("€25.00")
    expect(row).to_contain_text("Paid")
    look(admin, "04-admin-donations", viewports=(DESKTOP,))  # the admin is Wagtail's
