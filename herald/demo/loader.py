"""Load the demo publication: desks, topics, stories, picks, views and accounts."""

from __future__ import annotations

import io
import random
from datetime import timedelta
from pathlib import Path

import yaml
from django.contrib.auth import get_user_model
from django.core.files.images import ImageFile
from django.db import transaction
from django.utils import timezone
from wagtail.images.models import Image
from wagtail.models import PageLogEntry, Revision, TaskState

from herald.articles.editor_rich_text import field_as_the_editor_saves
from herald.articles.importing import import_file
from herald.articles.markdown_body import paragraph_html
from herald.articles.models import ArticlePage, Topic
from herald.core.sites import default_site
from herald.demo.illustrations import draw, mark, share_card, wordmark
from herald.discovery import suggestions
from herald.discovery.models import EditorsPick, EditorsPicks
from herald.discovery.related import rebuild, refreshes_deferred
from herald.discovery.trending import get_backend
from herald.letters.models import LettersPage
from herald.memberships import demo as memberships_demo
from herald.newsletters import demo as newsletters_demo
from herald.newsroom import actions as newsroom
from herald.newsroom.models import DeskPage, PublicationSettings
from herald.site.models import HomePage, SupportPage

CONTENT = Path(__file__).parent / "content"
ACCOUNTS = [
    # username, role, desk slug, password
    ("reporter", "reporter", "europe", "herald-reporter"),
    ("editor", "editor", "europe", "herald-editor"),
    ("editor2", "editor", "europe", "herald-editor2"),
    # The letters form files each letter as a draft in the Opinion & Letters Desk's queue:
    # someone in the demo has to be able to validate it.
    ("letters", "editor", "opinion", "herald-letters"),
    ("publisher", "publisher", None, "herald-publisher"),
]


def is_loaded() -> bool:
    return DeskPage.objects.exists()


def _demo_image(src: str, alt: str) -> Image:
    """The drawing ``demo:<name>`` names (herald.demo.illustrations), made once."""
    name = src.removeprefix("demo:")
    title = f"Illustration: {name}"
    existing = Image.objects.filter(title=title).first()
    if existing:
        return existing
    image = Image(title=title, file=ImageFile(io.BytesIO(draw(name)), name=f"{name}.jpg"))
    image.save()
    return image


def _picture(title: str, data: bytes, file_name: str) -> Image:
    image = Image.objects.filter(title=title).first()
    if image is None:
        image = Image(title=title, file=ImageFile(io.BytesIO(data), name=file_name))
        image.save()
    return image


def brand_publication(settings: PublicationSettings, data: dict) -> None:
    """The demo's own logo, accent colour, icon and social picture, as a publisher sets them."""
    name, accent = data["name"], data["accent_colour"]
    settings.accent_colour = accent
    settings.logo = _picture(f"{name} logo", wordmark(name, accent), "logo.png")
    settings.favicon = _picture(f"{name} icon", mark(name.removeprefix("The ")[0], accent),
                                "icon.png")
    settings.social_image = _picture(f"{name} social picture",
                                     share_card(name, data["tagline"], accent), "social.png")
    settings.full_clean()


@transaction.atomic
def load_publication(home: HomePage, data: dict, log) -> dict[str, DeskPage]:
    site = default_site()
    site.hostname, site.port, site.site_name = "127.0.0.1", 8000, data["name"]
    site.save()
    home.title = data["name"]
    home.intro = data["tagline"]
    home.save_revision().publish()
    settings = PublicationSettings.for_site(site)
    settings.name, settings.tagline = data["name"], data["tagline"]
    settings.support_prompt, settings.subscribe_prompt = data["support_prompt"], data["subscribe_prompt"]
    brand_publication(settings, data)
    settings.save()
    for topic in data["topics"]:
        Topic.objects.get_or_create(slug=topic["slug"], defaults={"name": topic["name"]})
    desks = {}
    for entry in data["desks"]:
        desk = DeskPage.objects.filter(slug=entry["slug"]).first()
        if desk is None:
            desk = DeskPage(title=entry["name"], slug=entry["slug"], description=entry["description"])
            home.add_child(instance=desk)
            desk.save_revision().publish()
        desks[entry["slug"]] = desk
        log(f"Desk: {desk.title}")
    if not SupportPage.objects.exists():
        support = SupportPage(
            title=data["support_page_title"], slug="support",
            # Stored as the admin's editor saves it, so an editor's first save without a
            # change is no change (herald.articles.editor_rich_text).
            body=field_as_the_editor_saves(SupportPage, "body", "".join(
                paragraph_html(p) for p in data["support_page_body"].split("\n\n") if p.strip())),
        )
        home.add_child(instance=support)
        support.save_revision().publish()
    if not LettersPage.objects.exists():
        letters = LettersPage(
            title="Write a letter to the editor", slug="letters", desk=desks["opinion"],
            intro=field_as_the_editor_saves(LettersPage, "intro", "<p>Letters are the readers' page of the Ledger. Tell us where we got it right or wrong, or what we missed. Editors of the Opinion &amp; Letters Desk read every one.</p>"),
        )
        home.add_child(instance=letters)
        letters.save_revision().publish()
    return desks


def load_accounts(desks: dict[str, DeskPage], log, accounts=ACCOUNTS) -> list[tuple[str, str, str]]:
    User = get_user_model()
    made = []
    for username, role, desk_slug, password in accounts:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"email": _demo_address(username), "first_name": username.title()},
        )
        if created:
            user.set_password(password)
        if role == "publisher":
            user.is_staff = user.is_superuser = True
        user.save()
        if role == "reporter":
            newsroom.add_reporter(desks[desk_slug], user)
        elif role == "editor":
            newsroom.add_editor(desks[desk_slug], user)
            newsroom.add_reporter(desks[desk_slug], user)
        desk = desks[desk_slug].title if desk_slug else "every desk"
        made.append((username, password, f"{role}, {desk}"))
    return made


def add_missing_accounts() -> list[str]:
    """On a demo loaded by an earlier Herald: make the desk accounts it does not have yet
    (``letters`` came later), leaving the others as they are; their usernames.

    Only in the demo's own database (its reporter account is there, at the demo's address),
    only desk accounts (never a publisher) and only for desks it has: ``herald demo`` run
    against another newsroom's database must not give it accounts with published passwords.
    """
    User = get_user_model()
    reporter = ACCOUNTS[0][0]
    if not User.objects.filter(username=reporter, email=_demo_address(reporter)).exists():
        return []
    have = set(User.objects.filter(username__in=[account[0] for account in ACCOUNTS])
               .values_list("username", flat=True))
    desks = {desk.slug: desk for desk in DeskPage.objects.all()}
    missing = [account for account in ACCOUNTS
               if account[0] not in have and account[1] != "publisher" and account[2] in desks]
    if missing:
        load_accounts(desks, log=None, accounts=missing)
    return [account[0] for account in missing]


def _demo_address(username: str) -> str:
    return f"{username}@meridian-ledger.invalid"


def describe_accounts() -> list[tuple[str, str, str]]:
    """The staff accounts as ``load_accounts`` reported them: the desk by its name."""
    titles = dict(DeskPage.objects.values_list("slug", "title"))
    return [
        (username, password, f"{role}, {titles.get(desk, desk) if desk else 'every desk'}")
        for username, role, desk, password in ACCOUNTS
    ]


def describe_readers() -> list[tuple[str, str]]:
    return memberships_demo.describe_readers()


def load_articles(log) -> tuple[int, int]:
    files = sorted((CONTENT / "articles").glob("*.md"))
    ok = failed = 0
    for number, path in enumerate(files, 1):
        result = import_file(path, resolve_image=_demo_image)
        if result.ok:
            ok += 1
            settle_history(result.page)
        else:
            failed += 1
            log(f"  error in {path.name}: {result.message}")
        if number % 10 == 0 or number == len(files):
            log(f"Stories: {number}/{len(files)} imported")
    return ok, failed


def settle_history(page: ArticlePage) -> None:
    """Make an imported story's history read like a newsroom's: written and
    submitted by a reporter of its desk, last changed when it was published
    (an import writes every revision "now", by nobody)."""
    User = get_user_model()
    desk = page.desk
    author = (
        User.objects.filter(groups=desk.reporters_id, is_active=True, is_superuser=False)
        .exclude(groups=desk.editors_id).order_by("pk").first()
        if desk and desk.reporters_id else None
    ) or User.objects.filter(is_superuser=True).order_by("pk").first()
    when = page.first_published_at or page.go_live_at
    if when is None:  # in the desk's queue: submitted this morning
        when = timezone.now().replace(hour=7, minute=40, second=0, microsecond=0)
        if when > timezone.now():
            when -= timedelta(days=1)
    Revision.page_revisions.filter(object_id=str(page.pk)).update(user=author, created_at=when)
    PageLogEntry.objects.filter(page=page).update(user=author, timestamp=when)
    page.workflow_states.update(requested_by=author, created_at=when)
    TaskState.objects.filter(workflow_state__in=page.workflow_states.all()).update(started_at=when)
    ArticlePage.objects.filter(pk=page.pk).update(
        owner=author, latest_revision_created_at=when,
        last_published_at=when if page.last_published_at else None,
    )


def load_picks(slugs: list[str]) -> None:
    site = default_site()
    picks = EditorsPicks.for_site(site)
    EditorsPick.objects.filter(picks=picks).delete()
    for order, slug in enumerate(slugs):
        article = ArticlePage.objects.filter(slug=slug).first()
        if article:
            EditorsPick.objects.create(picks=picks, article=article, sort_order=order)


def load_views(seed: int = 7) -> int:
    """Reads spread over the last 48 hours, more for recent and picked stories."""
    rng = random.Random(seed)
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    stories = list(ArticlePage.objects.live().order_by("-first_published_at")[:20])
    trending = get_backend()
    total = 0
    for rank, story in enumerate(stories):
        weight = max(1, 60 - rank * 3) * rng.uniform(0.5, 1.5)
        for hours_ago in range(0, 48, 3):
            views = int(weight * rng.uniform(0.3, 1.2)) + 1
            trending.add(story.pk, views, (now - timedelta(hours=hours_ago)).timestamp())
            total += views
    return total


def load(log=print) -> list[tuple[str, str, str]]:
    data = yaml.safe_load((CONTENT / "publication.yaml").read_text())
    home = HomePage.objects.get()
    desks = load_publication(home, data, log)
    accounts = load_accounts(desks, log)
    memberships_demo.load_tiers()
    with refreshes_deferred():  # every list and suggestion is rebuilt below, once
        ok, failed = load_articles(log)
    load_picks(data.get("editors_picks", []))
    views = load_views()
    # Index now, so search works even before a task worker has run.
    from django.core.management import call_command

    log("Search: indexing the archive…")
    call_command("update_index", verbosity=0)
    suggestions.rebuild()
    log("Related stories: ranking the archive…")
    rebuild()
    newsletters_demo.load(log)
    memberships_demo.load(log)
    log(f"Demo loaded: {len(desks)} desks, {ok} stories ({failed} failed), "
        f"{len(data.get('editors_picks', []))} picks, {views} recorded reads.")
    return accounts
