"""Browser tests: Playwright's sync API driving Debian's headless chromium against
pytest-django's live server.

The browser is Debian's ``chromium-headless-shell``: the same engine as its ``chromium``
without the desktop browser around it (the build Playwright itself runs headless tests
in). It costs about half the CPU for the same pages (docs/development.md, "Suite time");
``HERALD_CHROMIUM=/usr/bin/chromium`` runs the tests in the full browser.

The live server runs in a thread of this process and shares its database, so
tests build their newsroom with the same fixtures as the integration tests
(``newsroom``, ``make_story``) and then act through the browser. Each such test is a
``transaction=True`` test: its data is committed for the server to see, and the
database is flushed when it ends.

A module whose tests only read its data, or each write rows of their own, builds it
once instead (``module_live_site``, ``module_newsroom``, ``module_make_story``): its
own live server, the data committed once, one flush when the module ends.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest

# Playwright's sync API keeps an event loop in the main thread; Django would
# otherwise refuse ORM calls from the test body as "async unsafe".
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = os.environ.get("HERALD_CHROMIUM", "/usr/bin/chromium-headless-shell")
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
    """pytest-playwright's launch options: Debian's headless chromium, never a
    downloaded build."""
    if not shutil.which(CHROMIUM):
        pytest.fail(
            f"Browser tests need Debian's headless chromium at {CHROMIUM}: "
            "run `make browser-deps` (apt-get install chromium-headless-shell)."
        )
    return {"executable_path": CHROMIUM, "args": CHROMIUM_ARGS, "headless": True}


@pytest.fixture(scope="session", autouse=True)
def _expect_as_patient_as_actions():
    """``expect`` waits as long as a context's actions do (``_opener``), not its own
    5 s: on a busy two-core machine the approval modal took longer than 5 s to come."""
    from playwright.sync_api import expect

    expect.set_options(timeout=20_000)


@contextlib.contextmanager
def _site_settings(url):
    """The settings a site answering at ``url`` needs: its own address for links in
    mail and the admin, plain-HTTP cookies (the live server does not speak HTTPS)."""
    from django.test import override_settings

    with override_settings(SESSION_COOKIE_SECURE=False, CSRF_COOKIE_SECURE=False,
                           HERALD_BASE_URL=url, WAGTAILADMIN_BASE_URL=url, ALLOWED_HOSTS=["*"]):
        yield


def _answer_at(url) -> None:
    """The default Wagtail site answers at ``url``."""
    from wagtail.models import Site

    parts = urlsplit(url)
    Site.objects.filter(is_default_site=True).update(hostname=parts.hostname, port=parts.port)


@pytest.fixture
def live_site(live_server, home):
    """The default Wagtail site answering at the live server's address."""
    _answer_at(live_server.url)
    with _site_settings(live_server.url):
        yield live_server.url


@pytest.fixture(scope="module")
def module_live_site(django_db_setup, django_db_blocker):
    """A live server of the module's own, over data the module commits once.

    For a module whose tests read that data or each write rows of their own: its
    fixtures build the data once (``module_newsroom``, ``module_make_story``), its tests
    use the database as the server does, committing, and the database is flushed once,
    when the module ends, as a ``transaction=True`` test's is when it ends. Such a
    module has no ``django_db`` mark: pytest-django would flush after each test.
    """
    from django.core.management import call_command
    from pytest_django.live_server_helper import LiveServer

    from herald.site.bootstrap import ensure_home_page

    server = LiveServer("localhost")
    with django_db_blocker.unblock():
        try:
            ensure_home_page()
            _answer_at(server.url)
            with _site_settings(server.url):
                yield server.url
        finally:
            server.stop()
            call_command("flush", interactive=False, verbosity=0)


@pytest.fixture(scope="module")
def module_newsroom(module_live_site):
    """``newsroom``, committed once for the module (``module_live_site``)."""
    from herald.site.bootstrap import ensure_home_page
    from tests.conftest import build_newsroom

    return build_newsroom(ensure_home_page())


@pytest.fixture(scope="module")
def module_make_story(module_newsroom):
    """``make_story`` over ``module_newsroom``, for data built once per module."""
    from tests.conftest import story_maker

    return story_maker(module_newsroom)


def _opener(browser, url):
    contexts = []

    def open_(*, viewport=DESKTOP, **kwargs):
        context = browser.new_context(base_url=url, viewport=viewport, **kwargs)
        # Generous: a busy two-core machine serves the admin's assets slowly, and a
        # timeout only matters when something is really wrong.
        context.set_default_timeout(20_000)
        context.set_default_navigation_timeout(45_000)
        contexts.append(context)
        return context

    return open_, contexts


@pytest.fixture
def open_context(browser, live_site):
    """Open a fresh browser context (its own cookies) on the live site."""
    open_, contexts = _opener(browser, live_site)
    yield open_
    for context in contexts:
        context.close()


@pytest.fixture
def open_context_on_module_site(browser, module_live_site):
    """``open_context`` on the module's own live site (``module_live_site``): a module
    opts in by defining ``open_context`` as this."""
    open_, contexts = _opener(browser, module_live_site)
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


def _still(page) -> None:
    """Show the page with reduced motion, as to a user who asks for it. For the admin's
    pages: Wagtail's sidebar badge pulses for 25 s on each of them (its ``ping-warning``
    animation, 5 s five times, unless the user asks for reduced motion), and chromium,
    drawing without a GPU, spent about 0.15 s of CPU a second on it while an admin page
    was open (0.45-0.5 s in 3 s idle on the dashboard, a listing, an edit page; 0.02 s
    on a reader's page)."""
    page.emulate_media(reduced_motion="reduce")


@pytest.fixture
def sign_in_with_the_form():
    """Sign in to the Wagtail admin through its login form; the page is left on the
    dashboard, and shown with reduced motion (``_still``)."""

    def sign_in_(page, username: str, password: str = "pw") -> None:
        _still(page)
        page.goto("/admin/login/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url("**/admin/")

    return sign_in_


@pytest.fixture
def sign_in():
    """Sign in the page's browser context as ``username``, with the session cookie
    Django's test client makes (``force_login``); the page loads nothing. Tests whose
    subject is not signing in use it: the login form and the dashboard it leads to
    cost a browser two admin pages (``sign_in_with_the_form`` goes through them). The
    page is shown with reduced motion (``_still``)."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client

    def sign_in_(page, username: str) -> None:
        _still(page)
        client = Client()
        client.force_login(get_user_model().objects.get(username=username))
        name = settings.SESSION_COOKIE_NAME
        page.context.add_cookies([{"name": name, "value": client.cookies[name].value,
                                   "url": settings.WAGTAILADMIN_BASE_URL}])

    return sign_in_


def _awaiting_review(page, story):
    return page.locator("#awaiting-review-section tr").filter(
        has=page.locator(f'a[href="/admin/pages/{story.pk}/edit/"]'))


@pytest.fixture
def awaiting_review():
    """``story``'s row under the dashboard's "Awaiting your review" (other stories of
    the module's newsroom may wait there too): the row that links to its edit page."""
    return _awaiting_review


@pytest.fixture
def open_approval():
    """From the dashboard, open the approval modal of ``story``, awaiting review."""
    from playwright.sync_api import expect

    def open_(page, story):
        page.goto("/admin/")
        review = _awaiting_review(page, story)
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
