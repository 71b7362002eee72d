"""Browser tests: Playwright's sync API driving Debian's chromium against
pytest-django's live server.

The live server runs in a thread of this process and shares its database, so
tests build their newsroom with the same fixtures as the integration tests
(``newsroom``, ``make_story``) and then act through the browser.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

# Playwright's sync API keeps an event loop in the main thread; Django would
# otherwise refuse ORM calls from the test body as "async unsafe".
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = os.environ.get("HERALD_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture(scope="session")
def browser_type_launch_args():
    """pytest-playwright's launch options: Debian's chromium, never a downloaded build."""
    if not shutil.which(CHROMIUM):
        pytest.fail(
            f"Browser tests need Debian's chromium at {CHROMIUM}: "
            "run `make browser-deps` (apt-get install chromium)."
        )
    return {"executable_path": CHROMIUM, "args": CHROMIUM_ARGS, "headless": True}


@pytest.fixture
def live_site(live_server, settings, home):
    """The default Wagtail site answering at the live server's address.

    Plain-HTTP cookies: the live server does not speak HTTPS."""
    from urllib.parse import urlsplit

    from wagtail.models import Site

    parts = urlsplit(live_server.url)
    Site.objects.filter(is_default_site=True).update(hostname=parts.hostname, port=parts.port)
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    settings.HERALD_BASE_URL = live_server.url
    settings.WAGTAILADMIN_BASE_URL = live_server.url
    settings.ALLOWED_HOSTS = ["*"]
    return live_server.url


@pytest.fixture
def open_context(browser, live_site):
    """Open a fresh browser context (its own cookies) on the live site."""
    contexts = []

    def open_(*, viewport=DESKTOP, **kwargs):
        context = browser.new_context(base_url=live_site, viewport=viewport, **kwargs)
        # Generous: a busy two-core machine serves the admin's assets slowly, and a
        # timeout only matters when something is really wrong.
        context.set_default_timeout(20_000)
        context.set_default_navigation_timeout(45_000)
        contexts.append(context)
        return context

    yield open_
    for context in contexts:
        context.close()


@pytest.fixture
def screenshot(request):
    """Save a full-page screenshot under test-artifacts/screenshots/<test>-<name>.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    test = re.sub(r"[^a-z0-9]+", "-", request.node.name.lower()).strip("-")

    def take(page, name: str, *, full_page: bool = True) -> Path:
        path = SCREENSHOTS / f"{test}-{name}.png"
        page.screenshot(path=str(path), full_page=full_page)
        return path

    return take


@pytest.fixture
def sign_in():
    """Sign in to the Wagtail admin through its login form."""

    def sign_in_(page, username: str, password: str = "pw") -> None:
        page.goto("/admin/login/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url("**/admin/")

    return sign_in_


@pytest.fixture
def open_approval():
    """From the dashboard, open the approval modal of the story awaiting review."""
    from playwright.sync_api import expect

    def open_(page):
        page.goto("/admin/")
        review = page.locator("#awaiting-review-section")
        review.get_by_role("button", name="Actions").click()
        review.get_by_role("button", name="Approve and publish").click()
        modal = page.locator(".modal-body")
        expect(modal.get_by_role("heading", name="Desk validation report")).to_be_visible()
        return modal

    return open_


@pytest.fixture
def assert_in_order():
    """Assert that locators come in this order both in the DOM and on screen
    (reading order: top to bottom, then left to right within a row)."""

    def check(page, locators: dict) -> None:
        handles = [locator.first.element_handle() for locator in locators.values()]
        positions = page.evaluate(
            """(elements) => {
                const all = Array.from(document.querySelectorAll('*'));
                return elements.map((element) => all.indexOf(element));
            }""",
            handles,
        )
        names = list(locators)
        assert [n for _, n in sorted(zip(positions, names, strict=True))] == names, "DOM order"
        boxes = []
        for name, locator in locators.items():
            box = locator.first.bounding_box()
            assert box is not None, f"{name} is not rendered"
            boxes.append((round(box["y"]), round(box["x"]), name))
        assert [n for *_, n in sorted(boxes)] == names, f"reading order: {boxes}"

    return check
