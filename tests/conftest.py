"""Shared fixtures: a newsroom with desks and people, built through the same
actions the product uses. No outbound network: sockets to anything but the
local machine fail loudly."""

from __future__ import annotations

import contextlib
import fcntl
import gc
import os
import shutil
import socket
from pathlib import Path

import pytest

_real_connect = socket.socket.connect


def _guarded_connect(self, address):
    host = address[0] if isinstance(address, tuple) else address
    if isinstance(host, str) and not (
        host.startswith("127.") or host in {"localhost", "::1"} or host.startswith("/")
    ):
        raise RuntimeError(f"Tests must not reach the network (tried {address!r})")
    return _real_connect(self, address)


socket.socket.connect = _guarded_connect


# The collector's first generation at 10,000 new objects instead of Python's 700, and
# the older generations a little less often (20 instead of 10): a test allocates
# requests, pages, revisions and templates by the hundred thousand, most of them
# garbage within the test; with the defaults the collector took about 8 % of a
# worker's CPU. Measured side by side (the same files in two processes at once,
# docs/development.md, "Suite time"): 4 % less CPU with these thresholds, and no
# further gain from larger ones or from gc.freeze().
gc.set_threshold(10_000, 20, 20)


def worker_redis_url(url: str | None) -> str:
    """The Redis database of this pytest-xdist worker (``make test`` runs several).

    Tests clear the cache, which empties a whole Redis database (FLUSHDB), so two
    workers never share one: worker ``gwN`` takes ``url``'s database plus N (CI's
    ``REDIS_URL=…/0`` gives 0 and 1). Without ``url`` (the SQLite run) the Redis
    tests use 127.0.0.1:6379, database 15 minus N, counting down from the top.
    """
    from urllib.parse import urlsplit, urlunsplit

    worker = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw"))
    if not url:
        return f"redis://127.0.0.1:6379/{15 - worker}"
    parts = urlsplit(url)
    database = int(parts.path.strip("/") or 0) + worker
    return urlunsplit((parts.scheme, parts.netloc, f"/{database}", parts.query, ""))


def _run_folder(tmp_path_factory) -> Path:
    """The folder every process of this run shares: pytest-xdist gives each worker a
    folder of its own inside it (pytest-xdist's documented way to share a session's
    work between workers)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@pytest.fixture(scope="session")
def django_db_modify_db_settings(tmp_path_factory):
    """Each database's test name, fixed for the whole run: the migrated database that
    ``django_db_setup`` copies for each worker. SQLite's is a file in the run's folder
    (an in-memory database cannot be copied to another process).

    PostgreSQL runs on ``tests/postgresql_flush_by_delete``, Django's backend whose
    flush (the end of each ``transaction=True`` test) deletes rows instead of
    truncating every table: seconds less per flush. Its sessions commit without
    waiting for the write-ahead log to reach the disk (``synchronous_commit=off``:
    a crash of the server may lose the last commits, which test data can afford);
    the live server's requests and the flushes commit."""
    from django.conf import settings
    from django.db import connections

    for alias, database in settings.DATABASES.items():
        if database["ENGINE"] == "django.db.backends.postgresql":
            database["ENGINE"] = "postgresql_flush_by_delete"
            options = database.setdefault("OPTIONS", {})
            options["options"] = f"{options.get('options', '')} -c synchronous_commit=off".strip()
            connections[alias].close()
            del connections[alias]  # this thread's next use opens one of the new engine
        test = database.setdefault("TEST", {})
        if database["ENGINE"] == "django.db.backends.sqlite3":
            test["NAME"] = str(_run_folder(tmp_path_factory) / "test-template.sqlite3")
        else:
            test["NAME"] = test.get("NAME") or f"test_{database['NAME']}"


@contextlib.contextmanager
def _locked(path: Path):
    with path.open("a+") as file:
        fcntl.flock(file, fcntl.LOCK_EX)
        try:
            yield file
        finally:
            fcntl.flock(file, fcntl.LOCK_UN)


@pytest.fixture(scope="session")
def django_db_setup(request, django_test_environment, django_db_blocker,
                    django_db_modify_db_settings, tmp_path_factory):
    """Migrate once per run, copy for each worker.

    The first process of the run to need a database migrates it (the template: the
    test name set by ``django_db_modify_db_settings``) while holding a lock; every
    process, that one included, then works in its own copy, made with Django's
    ``clone_test_db`` (PostgreSQL ``CREATE DATABASE … TEMPLATE``, a file copy on
    SQLite), named after its pytest-xdist worker. Migrating took 10-14 s of CPU in
    each worker. The last process to finish removes the template; until then a test
    that needs a migrated database of its own copies it (test_newsletters_kill.py).
    """
    from django.db import connections
    from django.test.utils import setup_databases

    verbosity = request.config.option.verbose
    suffix = os.environ.get("PYTEST_XDIST_WORKER", "main")
    folder = _run_folder(tmp_path_factory)
    built, users = folder / "test-template.built", folder / "test-template.users"
    originals = {alias: connections[alias].settings_dict["NAME"] for alias in connections}
    with django_db_blocker.unblock(), _locked(folder / "test-template.lock"):
        if built.exists():
            for connection in connections.all():
                connection.settings_dict["NAME"] = connection.settings_dict["TEST"]["NAME"]
        else:
            setup_databases(verbosity=verbosity, interactive=False, aliases=set(connections))
            built.touch()
        users.write_text(str(int(users.read_text() or 0) + 1) if users.exists() else "1")
        for connection in connections.all():
            connection.close()
            connection.creation.clone_test_db(suffix, verbosity=verbosity, autoclobber=True)
            # As Django's test runner points each of its workers at its copy.
            connection.settings_dict.update(connection.creation.get_test_db_clone_settings(suffix))
    yield
    with django_db_blocker.unblock(), _locked(folder / "test-template.lock"):
        left = int(users.read_text()) - 1
        users.write_text(str(left))
        for connection in connections.all():
            template = connection.settings_dict["TEST"]["NAME"]
            connection.creation.destroy_test_db(template, verbosity=verbosity)
            if not left:
                connection.creation.destroy_test_db(originals[connection.alias],
                                                    verbosity=verbosity)
        if not left:
            built.unlink()


@pytest.fixture(scope="session", autouse=True)
def _suite_settings():
    """Settings every test runs under, applied once for the session (module-wide
    fixtures below build their data under them too)."""
    from django.conf import settings
    from django.test import override_settings

    overrides = {
        "STORAGES": {
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
        "PASSWORD_HASHERS": ["django.contrib.auth.hashers.MD5PasswordHasher"],
        "WHITENOISE_AUTOREFRESH": True,
    }
    if "filebased" in settings.CACHES["default"]["BACKEND"]:
        # The file cache under var/ is shared with any other process on the
        # machine; tests get a private one.
        overrides["CACHES"] = {
            "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
        }
    if settings.REDIS_URL:
        # This worker's own Redis database, for the caches and for the `herald`
        # commands tests start in a subprocess.
        url = worker_redis_url(settings.REDIS_URL)
        overrides["REDIS_URL"] = url
        overrides["CACHES"] = {
            alias: {**cache, "LOCATION": url} if cache.get("LOCATION") == settings.REDIS_URL
            else cache
            for alias, cache in settings.CACHES.items()
        }
        os.environ["REDIS_URL"] = url
    try:
        with override_settings(**overrides):
            yield
    finally:
        if settings.REDIS_URL:
            os.environ["REDIS_URL"] = settings.REDIS_URL


@pytest.fixture(scope="session", autouse=True)
def _home_page_after_flush():
    """A ``transaction=True`` test (the browser tests) ends with a flush that empties
    every table, and a worker may run other tests after it: put back the page tree's
    root, the home page and the default site that migrations create
    (``ensure_home_page``), as Django puts back content types and permissions, after
    the ``post_migrate`` signal a flush sends."""
    from django.apps import apps
    from django.db.models.signals import post_migrate

    def restore(sender, **kwargs):
        from herald.site.bootstrap import ensure_home_page

        ensure_home_page()

    site_app = apps.get_app_config("site")
    post_migrate.connect(restore, sender=site_app, dispatch_uid="tests-home-page-after-flush")
    yield
    post_migrate.disconnect(sender=site_app, dispatch_uid="tests-home-page-after-flush")


def pytest_collection_modifyitems(items):
    """A test that reads data built once for its module (``module_db``) uses the
    database: it runs in a savepoint inside the module's transaction, so what
    it writes is rolled back before the next test.

    Then the files go in the order ``make test``'s workers take them
    (``in_worker_order``)."""
    for item in items:
        if "module_db" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.django_db)
    items[:] = in_worker_order(items)


# The files that take longest, longest first: a worker's CPU seconds per file in a
# PostgreSQL + Redis run (docs/development.md, "Suite time"); the browser files by their
# wall time, since chromium works beside the worker. A stale list only costs balance.
LONGEST_FILES = (
    "tests/integration/test_leaks.py",
    "tests/integration/test_demo.py",
    "tests/browser/test_newcomer_findings.py",
    "tests/browser/test_subscribe_prompt.py",
    "tests/integration/test_trending.py",
    "tests/integration/test_newsletters_kill.py",  # its CPU is its subprocesses'
    "tests/integration/test_demo_server.py",  # its subprocesses' too
    "tests/unit/validation/test_adversarial_input.py",
    "tests/faults/test_faults.py",
    "tests/integration/test_story_parts.py",
    "tests/integration/test_letters.py",
    "tests/integration/test_import.py",
    "tests/integration/test_newsletters.py",
    "tests/integration/test_workflow.py",
    "tests/integration/test_hostile_input.py",
    "tests/integration/test_related.py",
    "tests/integration/test_gated_media.py",
    "tests/integration/test_archive.py",
    "tests/integration/test_edge_cache.py",
    "tests/integration/test_lead_image.py",
    "tests/browser/test_reader_way_around.py",
    "tests/browser/test_meter_note_in_browser.py",
    "tests/browser/test_newsroom_to_reader.py",
    "tests/browser/test_reader_revenue.py",
    "tests/browser/test_lead_picture.py",
    "tests/browser/test_approval_screen.py",
    "tests/browser/test_validation_panel.py",
    "tests/browser/test_reader_site.py",
    "tests/browser/test_discovery.py",
    "tests/integration/test_search_suggestions.py",
    "tests/integration/test_query_counts.py",
    "tests/integration/test_search.py",
    "tests/integration/test_webhooks.py",
)


def _needs_database(item) -> bool:
    return (item.get_closest_marker("django_db") is not None
            or "django_db_setup" in getattr(item, "fixturenames", ()))


def in_worker_order(items):
    """``items`` in the order ``make test``'s pytest-xdist workers take their files
    (``--dist loadfile --no-loadscope-reorder``: each worker takes the next file
    when it is done with one).

    The longest file that needs a database comes first: the worker taking it migrates
    the template (``django_db_setup``) while the other runs the files that need no
    database, which come next, so neither waits for the migration. Then the longest
    files, so the run does not end with one worker on a long file while the other
    has nothing left; then the rest, the files with most tests first.
    """
    files: dict[str, list] = {}
    for item in items:
        files.setdefault(item.nodeid.split("::")[0], []).append(item)
    rank = {name: index for index, name in enumerate(LONGEST_FILES)}

    def longest_first(name):
        return (rank.get(name, len(rank)), -len(files[name]))

    without_database = sorted((name for name, its in files.items()
                               if not any(_needs_database(item) for item in its)),
                              key=longest_first)
    # Sorting is stable: ties keep the collection's order, the same in every worker.
    with_database = sorted((name for name in files if name not in without_database),
                           key=longest_first)
    order = with_database[:1] + without_database + with_database[1:]
    return [item for name in order for item in files[name]]


@pytest.fixture(autouse=True)
def _test_settings():
    """An empty cache before and after each test: what a test cached was built from rows
    its rollback removes, and module-wide fixtures of the next module (built before
    this fixture runs for their first test) must not read it."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="module")
def module_db(django_db_setup, django_db_blocker):
    """One transaction around a test module, rolled back when the module ends.

    Fixtures that build read-only data once per module (``shared_newsroom``,
    ``shared_make_story``) depend on it; every test of such a module runs in a
    savepoint inside it (pytest-django's ``db``), so what a test writes is
    gone before the next one. Not for ``transaction=True`` tests.
    """
    from django.core.cache import cache
    from django.db import transaction

    with django_db_blocker.unblock():
        cache.clear()  # the module's data is built from the database alone
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            cache.clear()


@pytest.fixture
def home(db):
    from herald.site.bootstrap import ensure_home_page

    return ensure_home_page()


class Newsroom:
    """The desks, people, home page and publication settings tests work with."""


def build_newsroom(home):
    """Two desks, each with a reporter and two editors, and a publisher."""
    from django.contrib.auth import get_user_model

    from herald.newsroom import actions
    from herald.newsroom.models import DeskPage, PublicationSettings

    User = get_user_model()
    settings = PublicationSettings.for_site(home.get_site())
    settings.name = "The Test Ledger"
    settings.save()
    people = {}
    desks = {}
    for slug, title in (("europe", "Europe Desk"), ("world", "World Desk")):
        desk = DeskPage(title=title, slug=slug, description=f"The {title} validates news stories.")
        home.add_child(instance=desk)
        desk.save_revision().publish()
        desks[slug] = desk
        for role in ("reporter", "editor", "editor2"):
            user = User.objects.create_user(f"{slug}-{role}", f"{slug}-{role}@example.org", "pw")
            (actions.add_reporter if role == "reporter" else actions.add_editor)(desk, user)
            people[f"{slug}-{role}"] = user
    people["publisher"] = User.objects.create_superuser("publisher", "pub@example.org", "pw")

    room = Newsroom()
    room.home, room.desks, room.people, room.settings = home, desks, people, settings
    return room


@pytest.fixture
def newsroom(home):
    """Two desks, each with a reporter and two editors, and a publisher."""
    return build_newsroom(home)


@pytest.fixture(scope="module")
def shared_newsroom(module_db):
    """``newsroom``, built once for the module (read it, do not change it)."""
    from herald.site.bootstrap import ensure_home_page

    return build_newsroom(ensure_home_page())


@pytest.fixture
def newsroom_from_module(shared_newsroom):
    """The module's ``shared_newsroom`` with its objects fetched afresh for this test.

    A module whose tests change nothing but the database (rolled back after each
    test) makes this its ``newsroom``; nothing one test does to a Python object
    reaches the next.
    """
    from django.contrib.auth import get_user_model

    from herald.newsroom.models import DeskPage, PublicationSettings

    users = get_user_model().objects.in_bulk([u.pk for u in shared_newsroom.people.values()])
    room = Newsroom()
    room.home = type(shared_newsroom.home).objects.get(pk=shared_newsroom.home.pk)
    room.desks = {slug: DeskPage.objects.get(pk=d.pk) for slug, d in shared_newsroom.desks.items()}
    room.people = {name: users[u.pk] for name, u in shared_newsroom.people.items()}
    room.settings = PublicationSettings.objects.get(pk=shared_newsroom.settings.pk)
    return room


def acknowledge_all(story) -> list[str]:
    """The ids of every finding the desk wants acknowledged, as an editor ticking each box."""
    from herald.validation.stories import blocking_findings, finding_id

    return [finding_id(f) for f in blocking_findings(story.specific)]


def story_maker(newsroom):
    """Create a story as a reporter: a draft, optionally published through the desk."""
    from django.utils import timezone

    from herald.articles.models import ArticlePage
    from herald.newsroom import actions

    def make(title="A story", desk="europe", *, publish=True, dateline="ROME", paragraphs=None,
             topics=(), access="free", kind="news", author=None, published_at=None,
             standfirst="A standfirst that adds to the headline."):
        desk_page = newsroom.desks[desk]
        reporter = author or newsroom.people[f"{desk}-reporter"]
        paragraphs = paragraphs or [f"First paragraph of {title}.", "Second paragraph."]
        story = ArticlePage(
            title=title, kind=kind, dateline=dateline, access=access, owner=reporter,
            standfirst=standfirst,
            body=[{"type": "paragraph", "value": f"<p>{p}</p>"} for p in paragraphs],
            live=False,
            # Publishing keeps a date already set, so what is kept at publish time (the
            # archive's month counts) sees this one.
            first_published_at=published_at if publish else None,
        )
        desk_page.add_child(instance=story)
        story.topics.set(list(topics))
        story.save_revision(user=reporter)
        if publish:
            actions.submit_to_desk(story, by=reporter)
            actions.approve(story, by=newsroom.people[f"{desk}-editor"],
                            acknowledged=acknowledge_all(story))
            story.refresh_from_db()
        return story

    make.now = timezone.now
    return make


@pytest.fixture
def make_story(newsroom):
    """Create a story as a reporter: a draft, optionally published through the desk."""
    return story_maker(newsroom)


@pytest.fixture(scope="module")
def shared_make_story(shared_newsroom):
    """``make_story`` for data built once per module, over ``shared_newsroom``."""
    return story_maker(shared_newsroom)


# A story that raises the desk's usual findings: state-affiliated media (TASS) and an
# unnamed source ("Officials said").
PIPELINE_STORY = [
    "The two leaders agreed on a plan for the pipeline after a telephone call on Monday.",
    "According to TASS, the plan will double deliveries by spring.",
    "Officials said the deal had been close for weeks.",
]


def submit_pipeline_story(newsroom, make_story, title="Leaders agree pipeline plan"):
    """``PIPELINE_STORY`` under ``title``, written by the Europe Desk's reporter and
    waiting for its desk."""
    from herald.newsroom import actions

    story = make_story(title, publish=False, paragraphs=PIPELINE_STORY, dateline="ROME")
    actions.submit_to_desk(story, by=newsroom.people["europe-reporter"])
    story.refresh_from_db()
    return story


@pytest.fixture
def submitted_story(newsroom, make_story):
    """``PIPELINE_STORY``, waiting for the Europe Desk (``submit_pipeline_story``)."""
    return submit_pipeline_story(newsroom, make_story)


@pytest.fixture
def cache_reads(monkeypatch):
    """The keys of each read of the default cache (one list per round trip; a backend
    whose get_many calls its get counts once)."""
    from django.core.cache import caches

    default, reads, inside = caches["default"], [], []

    def counted(method, keys_of):
        def read(*args, **kwargs):
            if not inside:
                reads.append(keys_of(args[0]))
            inside.append(True)
            try:
                return method(*args, **kwargs)
            finally:
                inside.pop()
        return read

    monkeypatch.setattr(default, "get_many", counted(default.get_many, list))
    monkeypatch.setattr(default, "get", counted(default.get, lambda key: [key]))
    return reads


@pytest.fixture
def media_root(settings, tmp_path):
    """Saved images and documents go to a folder of this test's own."""
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture(scope="session")
def redis_url():
    """The Redis server the Redis tests use: ``REDIS_URL``, else 127.0.0.1:6379, in
    this worker's own database (``worker_redis_url``).

    With ``REDIS_URL`` set (the PostgreSQL + Redis run), a server that does not
    answer fails the tests; without it (the SQLite run) they skip, saying why.
    """
    import redis

    configured = os.environ.get("REDIS_URL")  # this worker's (_suite_settings)
    url = configured or worker_redis_url(None)
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.exceptions.RedisError as error:
        if configured:
            pytest.fail(f"REDIS_URL={configured} does not answer: {error}")
        pytest.skip(f"no Redis server answers at {url} and REDIS_URL is unset ({error})")
    return url


@pytest.fixture
def revenue_settings(settings):
    """Reader revenue on the development provider, e-mail and tasks in this process."""
    from reader_revenue import WEBHOOK_SECRET

    settings.HERALD_PAYMENT_PROVIDER = "development"
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    settings.STRIPE_SECRET_KEY = "sk_test_unused"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # Rate-limit counters in a cache of this process: the default file cache
    # under var/ is shared with any other test run in the same checkout. With
    # REDIS_URL the suite's own Redis database stays the cache (flushed per test):
    # Herald with REDIS_URL set and no Redis cache is not a configuration that
    # exists (trending, the meter and sessions read REDIS_URL to pick Redis).
    if not settings.REDIS_URL:
        settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                       "LOCATION": "herald-memberships-tests"}}
    from django.core.cache import cache

    cache.clear()
    return settings


def add_letters_page(home):
    """A desk for letters and its "Write to the editor" page, published under home."""
    from herald.letters.models import LettersPage
    from herald.newsroom.models import DeskPage

    desk = DeskPage(title="Letters Desk", slug="letters-desk", description="Letters.")
    home.add_child(instance=desk)
    desk.save_revision().publish()
    letters = LettersPage(title="Write to the editor", slug="letters", desk=desk)
    home.add_child(instance=letters)
    letters.save_revision().publish()
    return letters


@contextlib.contextmanager
def _database_copy(folder: Path):
    """A copy of the run's migrated test database (``django_db_setup``'s template) for
    a `herald` command run as its own process: a SQLite file in ``folder``, or a
    database beside the suite's on PostgreSQL, dropped afterwards. Its URL."""
    from django.conf import settings

    template = settings.DATABASES["default"]["TEST"]["NAME"]
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        copy = folder / "herald.sqlite3"
        shutil.copy(template, copy)
        yield f"sqlite:///{copy}"
        return
    import psycopg

    server, _, name = url.partition("?")[0].rpartition("/")
    own = f"{name}_copy_{os.getpid()}_{folder.name}"[:63]
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{own}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{own}" TEMPLATE "{template}"')
    try:
        yield f"{server}/{own}"
    finally:
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{own}" WITH (FORCE)')


@pytest.fixture
def database_copy_url(tmp_path, django_db_setup):
    """A migrated database for a `herald` command run as its own process (``_database_copy``)."""
    with _database_copy(tmp_path) as url:
        yield url


@pytest.fixture(scope="module")
def module_database_copy_url(tmp_path_factory, django_db_setup):
    """``database_copy_url``, one for the module: for `herald` commands whose tests only
    read what the module's first command put in it."""
    with _database_copy(tmp_path_factory.mktemp("database-copy")) as url:
        yield url
