"""Build a large archive of generated stories in PostgreSQL, in bulk, once.

``ensure(stories)`` gives the URL of a PostgreSQL database holding the demo
publication plus generated stories up to ``stories`` in all. The database is
named for its size (``h_scale_200k``), built once and reused: a finished
build writes a marker into the database's comment, and a later run that finds
the marker uses the database as it is. An interrupted build resumes where its
last committed batch ended (stories are numbered, and story ``n`` is always
the same text).

Why not ``add_child``: Wagtail's ``Page.add_child`` locks the parent, reads its
last child, saves the page, its revision and its log entry one by one, about
30 ms a story here, so 200,000 stories take hours. The build writes the same
rows in batches of ``BATCH`` stories instead, each batch one transaction:

1. tree paths: treebeard's materialised path is the desk's path plus one
   ``steplen``-character step in ``Page.alphabet``; the next free step comes
   from the desk's last child (``get_last_child``) and ``treebeard.numconv``;
2. ``Page.objects.bulk_create`` of the base rows (Django refuses bulk_create
   for a multi-table model, so the ``articles_articlepage`` rows follow with
   PostgreSQL ``COPY`` through psycopg, the values from each field's own
   ``get_prep_value``);
3. topics and credited people through the many-to-many tables (bulk_create);
4. one ``Revision`` per story whose content is ``page.serializable_data()``
   (what ``save_revision`` stores), bulk_create, then ``latest_revision`` and
   ``live_revision`` pointed at it (bulk_update): the admin opens a generated
   story like any other;
5. the search index through the backend's own ``add_items`` (one statement
   per batch, the vectors computed by PostgreSQL).

Limits (what a story made by ``add_child`` + ``publish`` has and these do
not): no ``PageLogEntry`` ("published by"), no reference-index rows, no
workflow state, no stored related stories ("More" is empty on a generated
story; the demo's own stories keep theirs), no Trending views. Stories are
free, metered or members-only in fixed proportions, 50 minutes apart going
back from the oldest demo story (200,000 stories cover about 19 years).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
VERSION = 1
BATCH = 2000
SPACING = timedelta(minutes=50)
FIRST_STEP = 36**2  # generated stories' steps start here; the demo's are below
PG = ["-h", "127.0.0.1", "-U", "postgres"]


def label(stories: int) -> str:
    return f"{stories // 1000}k" if stories % 1000 == 0 else str(stories)


def database_name(stories: int, prefix: str = "h_scale") -> str:
    return f"{prefix}_{label(stories)}"


def database_url(name: str) -> str:
    return f"postgres://postgres@127.0.0.1:5432/{name}"


def var_dir(name: str) -> Path:
    return ROOT / "var" / "bench-archive" / name


def marker(stories: int, seed: int) -> str:
    return f"herald bench archive v{VERSION} stories={stories} seed={seed}"


def _psql(sql: str, database: str = "postgres") -> str:
    return subprocess.run(
        ["psql", *PG, "-d", database, "-Atqc", sql], check=True, capture_output=True, text=True,
    ).stdout.strip()


def comment_of(name: str) -> str | None:
    """The database's comment, or None when the database does not exist."""
    exists = _psql(f"SELECT 1 FROM pg_database WHERE datname = '{name}'")
    if not exists:
        return None
    return _psql(
        f"SELECT coalesce(shobj_description(oid, 'pg_database'), '') "
        f"FROM pg_database WHERE datname = '{name}'")


def environment(name: str) -> dict[str, str]:
    """What a process reading this archive needs: its database, its own files, no Redis,
    and no whole-page cache (the benchmarks measure what a render costs)."""
    env = dict(os.environ)
    env.pop("REDIS_URL", None)
    env.update({
        "DATABASE_URL": database_url(name),
        "HERALD_VAR_DIR": str(var_dir(name)),
        "SECRET_KEY": env.get("SECRET_KEY") or "herald-bench-archive-" + "k" * 50,
        "HERALD_TASKS_BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        "DJANGO_SETTINGS_MODULE": "herald.settings",
        "HERALD_PAGE_CACHE_SECONDS": "0",
    })
    return env


def ensure(stories: int, *, name: str | None = None, seed: int = 12, fresh: bool = False,
           workers: int = 2, log=print) -> str:
    """The name of a database with the demo plus generated stories, ``stories`` in all."""
    from herald.core.progress import ProgressBar

    name = name or database_name(stories)
    found = comment_of(name)
    if found == marker(stories, seed) and not fresh:
        log(f"archive {name}: {stories} stories, reused")
        return name
    if found is None or fresh or not found.startswith("building"):
        log(f"archive {name}: creating the database and loading the demo publication")
        subprocess.run(["dropdb", *PG, "--if-exists", name], check=True)
        subprocess.run(["createdb", *PG, name], check=True)
        var_dir(name).mkdir(parents=True, exist_ok=True)
        _psql(f"COMMENT ON DATABASE {name} IS 'building {marker(stories, seed)}'")
        subprocess.run([str(ROOT / ".venv/bin/herald"), "demo", "--no-serve"],
                       env=environment(name), check=True, stdout=subprocess.DEVNULL)
    else:
        log(f"archive {name}: resuming an interrupted build")
    command = [sys.executable, str(ROOT / "bench/archive"), "--stories", str(stories),
               "--seed", str(seed), "--database", name, "--workers", str(workers)]
    started = _count(name)
    children = [subprocess.Popen([*command, "--worker", str(k)], env=environment(name))
                for k in range(workers)]
    bar = ProgressBar(f"stories in {name}", every=1)
    while any(child.poll() is None for child in children):
        time.sleep(5)
        bar(_count(name) - started, stories - started)
    if any(child.returncode for child in children):
        raise SystemExit(f"archive {name}: a worker failed; run again to resume")
    bar(_count(name) - started, stories - started)
    subprocess.run([*command, "--worker", "finish"], env=environment(name), check=True)
    _psql(f"COMMENT ON DATABASE {name} IS '{marker(stories, seed)}'")
    return name


def prepare(name: str) -> dict[str, str]:
    """Bring the archive to this checkout's schema and static files; its environment."""
    env = environment(name)
    herald = [sys.executable, "-m", "herald"]  # this checkout's code, whatever is installed
    subprocess.run([*herald, "migrate", "--no-input", "-v", "0"], env=env, cwd=ROOT, check=True)
    subprocess.run([*herald, "collectstatic", "--no-input", "-v", "0"], env=env, cwd=ROOT,
                   check=True)
    return env


def prioritise(nice: int) -> None:
    """Run this process and its children at ``nice``; with the kernel's autogroup
    scheduling other sessions share the CPU by group, so the group's nice too."""
    os.setpriority(os.PRIO_PROCESS, 0, nice)
    autogroup = Path("/proc/self/autogroup")
    if autogroup.exists():
        autogroup.write_text(str(nice))


def _count(name: str) -> int:
    return int(_psql("SELECT count(*) FROM articles_articlepage", database=name))


def build(stories: int, seed: int = 12, worker: int = 0, workers: int = 1, log=print) -> None:
    """Add this worker's share of the generated stories to the configured database.

    Story ``n`` of the generated ones goes into batch ``n // BATCH``; worker ``k``
    of ``workers`` writes the batches ``k, k + workers, …``, skipping those a
    previous run committed. Runs inside a process whose Django settings point at
    the archive (``environment``); ``ensure`` starts the workers.
    """
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Locale, Page

    from herald.articles.models import ArticlePage, Person, Topic
    from herald.newsroom.models import DeskPage
    from herald.site.models import HomePage

    from .story_text import StoryWriter

    home = HomePage.objects.get()
    desks = {desk.slug: desk for desk in DeskPage.objects.child_of(home)}
    topics = {topic.slug: topic for topic in Topic.objects.all()}
    writer = StoryWriter(seed, desks=sorted(desks), topics=sorted(topics))
    if worker == 0:
        Person.objects.bulk_create([Person(name=n) for n in writer.people], ignore_conflicts=True)
    else:
        time.sleep(3)  # worker 0 writes the people first
    people = {person.name: person for person in Person.objects.filter(name__in=writer.people)}
    own = demo_stories()
    generated = stories - own.count()
    oldest = own.order_by("first_published_at").values_list("first_published_at", flat=True).first()
    from django.utils import timezone

    # Each desk's stories take consecutive steps from FIRST_STEP, in story order.
    steps, taken = [], dict.fromkeys(desks, FIRST_STEP)
    for number in range(generated):
        desk = writer.desk_of(number)
        steps.append(taken[desk])
        taken[desk] += 1
    context = _Context(
        article_type=ContentType.objects.get_for_model(ArticlePage),
        page_type=ContentType.objects.get_for_model(Page),
        locale=Locale.get_default(), owner=home.owner,
        desks=desks, topics=topics, people=people, steps=steps,
        start_at=(oldest or timezone.now()) - SPACING,
    )
    started = time.monotonic()
    written = 0
    for index, first in enumerate(range(0, generated, BATCH)):
        if index % workers != worker:
            continue
        desk = desks[writer.desk_of(first)]
        if Page.objects.filter(path=_step_key(desk, steps[first])).exists():
            continue  # committed by an earlier run
        last = min(first + BATCH, generated)
        batch = [writer.story(n) for n in range(first, last)]
        context.clock("text")
        _add_batch(batch, context)
        written += last - first
    if written:
        elapsed = time.monotonic() - started
        log(f"worker {worker}: {written} stories in {elapsed:.0f} s "
            f"({written / elapsed:.0f} stories/s); by phase: "
            + ", ".join(f"{k} {v:.0f} s" for k, v in context.seconds.items()))


def demo_stories():
    """The stories the demo loaded (their tree steps come before the generated ones)."""
    from django.db.models.functions import Right
    from wagtail.models import Page

    from herald.articles.models import ArticlePage

    first = _step_key(Page(path=""), FIRST_STEP)
    return ArticlePage.objects.annotate(step=Right("path", Page.steplen)).filter(step__lt=first)


def finish() -> None:
    """After every worker: desks count their children, the month and topic counts and
    PostgreSQL's search table are built (publishing keeps them; these stories were not
    published one by one), the planner learns the tables."""
    from django.db import connection
    from wagtail.models import Page

    from herald.discovery import counts, search_table
    from herald.newsroom.models import DeskPage

    for desk in DeskPage.objects.all():
        Page.objects.filter(pk=desk.pk).update(numchild=Page.objects.child_of(desk).count())
    counts.rebuild()
    search_table.rebuild()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


class _Context:
    def __init__(self, **values):
        self.__dict__.update(values)
        self.seconds: dict[str, float] = {}
        self._last = time.monotonic()

    def clock(self, phase: str) -> None:
        """Charge the time since the last call to ``phase``."""
        now = time.monotonic()
        self.seconds[phase] = self.seconds.get(phase, 0.0) + now - self._last
        self._last = now


def _step_key(parent, step: int) -> str:
    """The path of the parent's child at ``step`` (treebeard's materialised path)."""
    from treebeard.numconv import NumConv

    key = NumConv(parent.alphabet).int2str(step)
    return parent.path + key.rjust(parent.steplen, parent.alphabet[0])


def _add_batch(batch, ctx) -> None:
    import uuid

    from django.db import connection, transaction
    from django.utils.html import escape
    from django.utils.text import slugify
    from modelcluster.models import get_all_child_relations
    from wagtail.models import Page, Revision
    from wagtail.search.backends import get_search_backends

    from herald.articles.models import ArticlePage

    pages = []
    for story in batch:
        desk = ctx.desks[story.desk]
        when = ctx.start_at - SPACING * story.number
        slug = f"{slugify(story.title)[:60].strip('-')}-{story.number}"
        page = ArticlePage(
            title=story.title, draft_title=story.title, slug=slug,
            path=_step_key(desk, ctx.steps[story.number]), depth=desk.depth + 1, numchild=0,
            url_path=f"{desk.url_path}{slug}/", content_type=ctx.article_type,
            locale=ctx.locale, translation_key=uuid.uuid4(), owner=ctx.owner,
            live=True, has_unpublished_changes=False,
            first_published_at=when, last_published_at=when, latest_revision_created_at=when,
            kind=story.kind, standfirst=story.standfirst, dateline=story.dateline,
            desk=desk, access=story.access, paywall_after=2,
            body=[("paragraph", _rich_text(f"<p>{escape(p)}</p>")) for p in story.paragraphs],
        )
        # Every relation set in memory: serializable_data() then asks the database nothing.
        for relation in get_all_child_relations(ArticlePage):
            getattr(page, relation.get_accessor_name()).set([])
        page.topics.set([ctx.topics[t] for t in story.topics])
        page.authors.set([ctx.people[name] for name in story.authors])
        page.access_tiers.set([])
        pages.append(page)
    ctx.clock("pages")
    base_fields = [f.attname for f in Page._meta.concrete_fields]
    own_fields = [f for f in ArticlePage._meta.local_concrete_fields]
    with transaction.atomic():
        # Ids drawn from both sequences first, so each page row names its revision and
        # each revision its page as they are inserted (no second pass over the pages).
        page_ids = _next_ids(Page, len(pages))
        revision_ids = _next_ids(Revision, len(pages))
        for page, page_id, revision_id in zip(pages, page_ids, revision_ids, strict=True):
            page.id = page.page_ptr_id = page_id
            page.latest_revision_id = page.live_revision_id = revision_id
        Page.objects.bulk_create(
            [Page(**{name: getattr(p, name) for name in base_fields}) for p in pages])
        ctx.clock("page rows")
        columns = ", ".join(connection.ops.quote_name(f.column) for f in own_fields)
        with connection.cursor() as cursor, cursor.copy(
            f"COPY {ArticlePage._meta.db_table} ({columns}) FROM STDIN"
        ) as copy:
            for page in pages:
                copy.write_row([_db_value(f, page) for f in own_fields])
        ctx.clock("story rows")
        through = ArticlePage.topics.through
        through.objects.bulk_create([
            through(articlepage_id=page.pk, topic_id=ctx.topics[slug].pk)
            for page, story in zip(pages, batch, strict=True) for slug in story.topics])
        credits = ArticlePage.authors.through
        credits.objects.bulk_create([
            credits(articlepage_id=page.pk, person_id=ctx.people[name].pk)
            for page, story in zip(pages, batch, strict=True) for name in story.authors])
        ctx.clock("topics, people")
        Revision.objects.bulk_create([
            Revision(
                id=page.latest_revision_id, content_type=ctx.article_type,
                base_content_type=ctx.page_type, object_id=str(page.pk),
                created_at=page.first_published_at, user=ctx.owner, object_str=page.title,
                content=page.serializable_data(),
            ) for page in pages])
        ctx.clock("revisions")
        for backend in get_search_backends(with_auto_update=False):
            backend.get_index_for_model(ArticlePage).add_items(ArticlePage, pages)
        ctx.clock("search index")


def _next_ids(model, count: int) -> list[int]:
    """``count`` fresh values of the model's id sequence (PostgreSQL)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [model._meta.db_table, count])
        return [row[0] for row in cursor.fetchall()]


def _rich_text(html: str):
    from wagtail.rich_text import RichText

    return RichText(html)


def _db_value(field, page):
    """A field's value as its column holds it, in COPY's text form (None is NULL)."""
    import json

    value = field.get_prep_value(field.value_from_object(page))
    if value is None:
        return None
    if isinstance(value, (list, dict)):
        return json.dumps(value)
    return value
