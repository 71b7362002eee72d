"""`herald demo` serves readers as they will be served: a mistyped address gets the
publication's own 404 page, not Django's debug page; `--debug` brings Django's back for
developers. The demo runs as its own process on a copy of the migrated test database
that already holds a desk (so it does not load the whole demo publication); the copy
and its desk are made once for the module, and each test serves them."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from smtp_sink import free_port

DESK = (
    "from herald.newsroom.models import DeskPage; from herald.site.bootstrap import "
    "ensure_home_page; ensure_home_page().add_child(instance=DeskPage(title='Europe Desk', "
    "slug='europe', description='Validates news.'))"
)


@pytest.fixture(scope="module")
def demo_env(tmp_path_factory, module_database_copy_url):
    env = {k: v for k, v in os.environ.items()
           if k not in {"REDIS_URL", "DATABASE_URL", "SECRET_KEY", "HERALD_DEBUG",
                        "HERALD_DEMO", "HERALD_CLI"}}
    env.update(DATABASE_URL=module_database_copy_url,
               HERALD_VAR_DIR=str(tmp_path_factory.mktemp("demo") / "var"))
    # The desk goes in under the demo's own settings, so `herald demo` finds it loaded.
    subprocess.run([sys.executable, "-m", "herald", "shell", "-c", DESK],
                   env={**env, "HERALD_DEMO": "1"}, check=True, capture_output=True, timeout=120)
    return env


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def serve_demo(env, *args):
    port = free_port()
    demo = subprocess.Popen([sys.executable, "-m", "herald", "demo", "--port", str(port), *args],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            fetch(base + "/healthz")
            return demo, base
        except OSError:
            time.sleep(0.5)
    demo.terminate()
    raise AssertionError("herald demo did not answer within 120 s")


def stop(demo):
    demo.send_signal(signal.SIGTERM)  # `herald demo` stops its task worker on the way out
    demo.wait(timeout=30)


def test_a_mistyped_address_gets_the_publications_404_page(demo_env):
    demo, base = serve_demo(demo_env)
    try:
        status, page = fetch(base + "/europe/no-such-story/")
        css_status, css = fetch(base + "/static/site/herald.css")
    finally:
        stop(demo)
    assert status == 404
    assert "<title>Page not found | Herald</title>" in page
    assert "We could not find that page" in page
    assert "Page not found at /europe/no-such-story/" not in page  # Django's debug page
    assert (css_status, bool(css)) == (200, True)  # static files without collectstatic


def test_with_debug_developers_get_djangos_404_page(demo_env):
    demo, base = serve_demo(demo_env, "--debug")
    try:
        status, page = fetch(base + "/europe/no-such-story/")
    finally:
        stop(demo)
    assert status == 404
    assert "<title>Page not found at /europe/no-such-story/</title>" in page


def test_the_other_commands_address_readers_at_the_port_the_demo_serves(demo_env):
    """`make demo PORT=8001` serves at :8001, but `herald newsletters send` (or any command
    that writes a link: sign-in, unsubscribe, the story itself) run beside it wrote
    http://127.0.0.1:8000/… into the mail: only the demo's own process knew its address.
    It now leaves it in var/base_url, which the other commands of the checkout read when
    HERALD_BASE_URL is unset, as they read var/secret_key."""
    demo, base = serve_demo(demo_env)
    stop(demo)
    env = {k: v for k, v in demo_env.items() if k != "HERALD_BASE_URL"}
    shown = subprocess.run(
        [sys.executable, "-m", "herald", "shell", "-c",
         "from django.conf import settings; print(settings.HERALD_BASE_URL)"],
        env=env, check=True, capture_output=True, text=True, timeout=120)
    assert shown.stdout.split()[-1] == base
    shown = subprocess.run(
        [sys.executable, "-m", "herald", "shell", "-c",
         "from django.conf import settings; print(settings.HERALD_BASE_URL)"],
        env={**env, "HERALD_BASE_URL": "https://news.example.org"}, check=True,
        capture_output=True, text=True, timeout=120)
    assert shown.stdout.split()[-1] == "https://news.example.org"  # the environment still wins


@pytest.mark.django_db
def test_a_restarted_demo_serves_no_page_the_last_run_cached(monkeypatch):
    """The demo serves without reloading, so a developer who changed a template or the code
    restarts it; its page cache (var/cache) outlives the process, and kept the last run's
    pages for readers without a session until content changed or a minute passed. Like
    `herald serve`, `herald demo` now changes the content version on start, under which
    every kept page is filed (`herald.site.cache`), so none of them is served again."""
    from herald.cli import main as cli
    from herald.core import content_version

    for name in ("HERALD_DEMO", "HERALD_BASE_URL", "EMAIL_URL", "HERALD_DEBUG"):
        # demo() sets them: setenv first so that monkeypatch puts each back as it was
        # (delenv of an unset name records nothing, and the demo's values leaked into the
        # environment the other tests' demos start from).
        monkeypatch.setenv(name, "")
        monkeypatch.delenv(name)
    monkeypatch.setattr(cli, "_django", lambda argv: None)  # no migrate, no load
    before = content_version.current()
    assert cli.demo(["--no-serve"]) == 0
    assert content_version.current() != before
