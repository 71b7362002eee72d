"""Every change to newsletters, subscriptions and sends goes through one of these
functions, called alike by views, the admin, the CLI, the demo and tests."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from herald.access.readers import readers_for_accounts
from herald.articles.models import ArticlePage
from herald.core.bulk import insert_new_rows
from herald.core.errors import HeraldError
from herald.memberships.models import JOIN_CONSENT_TEXT, Subscriber
from herald.newsletters.models import Delivery, Issue, Newsletter, Subscription
from herald.newsletters.rendering import IssueRenderer

IMPORT_CONSENT_TEXT = "Consented elsewhere to receive these newsletters (imported from a CSV file)."
CSV_COLUMNS = ["email", "name", "newsletters", "consent"]


# Newsletters ----------------------------------------------------------------

def newsletter_for_desk(desk) -> Newsletter:
    """The desk's own newsletter, named like the desk (made once, when the desk is)."""
    slug = desk.slug
    if Newsletter.objects.filter(slug=slug).exclude(name=desk.title).exists():
        slug = f"{desk.slug}-desk"
    newsletter, created = Newsletter.objects.get_or_create(
        name=desk.title, defaults={"slug": slug, "description": f"Stories from the {desk.title}."})
    if created:
        newsletter.desks.set([desk])
    return newsletter


def find_newsletter(name_or_slug: str) -> Newsletter:
    """The newsletter called or slugged ``name_or_slug`` (case-insensitive), or a clear error."""
    value = name_or_slug.strip()
    found = Newsletter.objects.filter(Q(slug__iexact=value) | Q(name__iexact=value)).first()
    if found is None:
        known = ", ".join(Newsletter.objects.values_list("slug", flat=True)) or "none yet"
        raise HeraldError(f"No newsletter is called {value!r} (known: {known}).",
                          code="unknown_newsletter", status=404)
    return found


def newsletters_for_story(story, *, schedule=Newsletter.Schedule.ON_PUBLISH) -> list[Newsletter]:
    """Active newsletters the story feeds: its desk among theirs (or none chosen), its kind too."""
    found = []
    for newsletter in Newsletter.objects.filter(active=True, schedule=schedule).prefetch_related(
            "desks"):
        desks = {d.pk for d in newsletter.desks.all()}
        if desks and story.desk_id not in desks:
            continue
        if newsletter.kinds and story.kind not in newsletter.kinds:
            continue
        found.append(newsletter)
    return found


# Subscriptions --------------------------------------------------------------

def subscribe(subscriber: Subscriber, newsletters: Iterable[Newsletter]) -> None:
    """Add these newsletters to the subscriber's choices (taking back an earlier unsubscribe)."""
    for newsletter in newsletters:
        Subscription.objects.update_or_create(
            subscriber=subscriber, newsletter=newsletter,
            defaults={"unsubscribed_at": None, "reason": ""})


def set_choices(subscriber: Subscriber, newsletters: Iterable[Newsletter]) -> None:
    """Exactly these newsletters, as the reader chose them on their preferences page."""
    chosen = {n.pk for n in newsletters}
    with transaction.atomic():
        subscribe(subscriber, Newsletter.objects.filter(pk__in=chosen))
        Subscription.objects.filter(subscriber=subscriber, unsubscribed_at__isnull=True).exclude(
            newsletter_id__in=chosen).update(unsubscribed_at=timezone.now(),
                                             reason="The reader's choice on the preferences page.")


def subscribe_to_defaults(subscriber: Subscriber) -> None:
    """A newly confirmed reader gets every active newsletter until they choose otherwise."""
    if not Subscription.objects.filter(subscriber=subscriber).exists():
        subscribe(subscriber, Newsletter.objects.filter(active=True))


def unsubscribe(subscriber_id: int, newsletter_id: int, *, reason: str) -> bool:
    """Stop one newsletter for one address; True if it was being sent."""
    return bool(Subscription.objects.filter(
        subscriber_id=subscriber_id, newsletter_id=newsletter_id, unsubscribed_at__isnull=True,
    ).update(unsubscribed_at=timezone.now(), reason=reason[:300]))


def unsubscribe_address(email: str, *, reason: str) -> int:
    """Stop every newsletter for an address that cannot receive mail (bounce, complaint)."""
    return Subscription.objects.filter(
        subscriber__email__iexact=email.strip(), unsubscribed_at__isnull=True,
    ).update(unsubscribed_at=timezone.now(), reason=reason[:300])


def active_newsletters_of(subscriber: Subscriber) -> list[Newsletter]:
    return list(Newsletter.objects.filter(
        subscriptions__subscriber=subscriber, subscriptions__unsubscribed_at__isnull=True))


# CSV import and export ------------------------------------------------------

@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    kept_unsubscribed: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)

    @property
    def imported(self) -> int:
        return self.created + self.updated


def _newsletter_lookup() -> dict[str, Newsletter]:
    found = {}
    for newsletter in Newsletter.objects.all():
        found[newsletter.slug.lower()] = newsletter
        found[newsletter.name.lower()] = newsletter
    return found


def _check_row(row: dict, newsletters: dict[str, Newsletter]):
    email = (row.get("email") or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise ValueError(f"invalid address {email!r}" if email else "no address") from None
    if (row.get("consent") or "").strip().lower() != "yes":
        raise ValueError("no consent (the consent column must say yes)")
    chosen = []
    for name in filter(None, (n.strip() for n in (row.get("newsletters") or "").split(";"))):
        newsletter = newsletters.get(name.lower())
        if newsletter is None:
            raise ValueError(f"unknown newsletter {name!r}")
        chosen.append(newsletter)
    return email, (row.get("name") or "").strip()[:150], chosen


def import_subscribers(lines: Iterable[str], *, chunk: int = 2000) -> ImportReport:
    """Import subscribers from CSV (email, name, newsletters, consent).

    Imported addresses are confirmed: they consented elsewhere. Re-importing an
    address updates its name and adds newsletters; an address that unsubscribed
    from a newsletter stays unsubscribed from it. Bad rows are reported by line
    number and skipped; the others import. Rows are written in chunks.
    """
    reader = csv.DictReader(lines)
    missing = [c for c in ("email", "consent") if c not in (reader.fieldnames or [])]
    if missing:
        raise HeraldError("The CSV file needs a header line with the columns "
                          f"{', '.join(CSV_COLUMNS)}; missing: {', '.join(missing)}.",
                          code="bad_csv")
    newsletters = _newsletter_lookup()
    report = ImportReport()
    pending: dict[str, tuple[str, list[Newsletter]]] = {}
    for row in reader:
        line = reader.line_num
        try:
            email, name, chosen = _check_row(row, newsletters)
        except ValueError as error:
            report.errors.append((line, str(error)))
            continue
        if email in pending:  # the same address again: the later name, newsletters added up
            pending[email] = (name or pending[email][0], pending[email][1] + chosen)
        else:
            pending[email] = (name, chosen)
        if len(pending) >= chunk:
            _write_chunk(pending, report)
            pending = {}
    if pending:
        _write_chunk(pending, report)
    return report


def _write_chunk(rows: dict[str, tuple[str, list[Newsletter]]], report: ImportReport) -> None:
    """One chunk in one transaction: a query for the known addresses, one statement for
    the new ones, one for their subscriptions (``core.bulk``: no instance per row)."""
    now = timezone.now()
    with transaction.atomic():
        known = {email: (pk, name, confirmed_at) for email, pk, name, confirmed_at in
                 Subscriber.objects.filter(email__in=list(rows)).values_list(
                     "email", "id", "name", "confirmed_at")}
        new = [(email, name) for email, (name, _) in rows.items() if email not in known]
        insert_new_rows(Subscriber, ("email", "name"), new, consent_text=IMPORT_CONSENT_TEXT,
                        consented_at=now, confirmed_at=now, source_path="import")
        changed = [Subscriber(pk=pk, name=rows[email][0] or name, confirmed_at=confirmed_at or now)
                   for email, (pk, name, confirmed_at) in known.items()
                   if (rows[email][0] and rows[email][0] != name) or confirmed_at is None]
        if changed:
            Subscriber.objects.bulk_update(changed, ["name", "confirmed_at"])
        ids = {email: pk for email, (pk, _, _) in known.items()}
        ids.update(Subscriber.objects.filter(email__in=[email for email, _ in new])
                   .values_list("email", "id"))
        wanted = {(ids[email], n.pk) for email, (_, chosen) in rows.items() for n in chosen}
        # Only addresses already known can have unsubscribed from something.
        left = set(Subscription.objects.filter(
            subscriber_id__in=[pk for pk, _, _ in known.values()], unsubscribed_at__isnull=False,
        ).values_list("subscriber_id", "newsletter_id")) if known and wanted else set()
        report.kept_unsubscribed += len(wanted & left)
        insert_new_rows(Subscription, ("subscriber", "newsletter"), sorted(wanted - left),
                        created_at=now)
    report.created += len(new)
    report.updated += len(known)


def export_subscribers() -> Iterator[list[str]]:
    """Confirmed subscribers as CSV rows (header first), in the import's format (streamed).

    Not a member who made an account without a newsletter: the consent column says "yes"."""
    yield CSV_COLUMNS
    slugs = dict(Newsletter.objects.values_list("pk", "slug"))
    rows = (Subscriber.objects.filter(confirmed_at__isnull=False)
            .exclude(consent_text=JOIN_CONSENT_TEXT)
            .order_by("id").values_list("id", "email", "name"))
    chunk: list[tuple[int, str, str]] = []
    for row in rows.iterator(chunk_size=2000):
        chunk.append(row)
        if len(chunk) >= 2000:
            yield from _export_chunk(chunk, slugs)
            chunk = []
    if chunk:
        yield from _export_chunk(chunk, slugs)


def _export_chunk(chunk, slugs) -> Iterator[list[str]]:
    choices: dict[int, list[str]] = {}
    for subscriber_id, newsletter_id in Subscription.objects.filter(
            subscriber_id__in=[r[0] for r in chunk], unsubscribed_at__isnull=True,
    ).order_by("newsletter__name").values_list("subscriber_id", "newsletter_id"):
        choices.setdefault(subscriber_id, []).append(slugs[newsletter_id])
    for subscriber_id, email, name in chunk:
        yield [email, name, ";".join(choices.get(subscriber_id, [])), "yes"]


# Issues ---------------------------------------------------------------------

def stories_of(issue: Issue) -> list:
    """The published stories an issue carries, in order."""
    ids = [issue.story_id] if issue.story_id else list(issue.story_ids)
    pages = {p.pk: p for p in ArticlePage.objects.live().filter(pk__in=ids)
             .select_related("desk").prefetch_related("authors", "access_tiers")}
    return [pages[pk] for pk in ids if pk in pages]


def issue_for_story(newsletter: Newsletter, story, *, by=None) -> tuple[Issue, bool]:
    """The newsletter's issue for ``story`` (made once: asking again returns the same)."""
    try:
        with transaction.atomic():
            return Issue.objects.get_or_create(
                newsletter=newsletter, story=story,
                defaults={"subject": story.title, "created_by": by,
                          "status": Issue.Status.QUEUED if story.live else Issue.Status.WAITING})
    except IntegrityError:  # made at the same moment by another process
        return Issue.objects.get(newsletter=newsletter, story=story), False


def story_approved(story, *, by, send: bool) -> list[Issue]:
    """A desk approved ``story``: with ``send``, its newsletters send it once it is published."""
    if not send:
        return []
    issues = [issue_for_story(n, story, by=by)[0] for n in newsletters_for_story(story)]
    if story.live:
        for issue in issues:
            queue(issue)
    return issues


def story_published(story) -> list[Issue]:
    """A scheduled story went live: the issues waiting for it start."""
    waiting = list(Issue.objects.filter(story=story, status=Issue.Status.WAITING))
    for issue in waiting:
        queue(issue)
    return waiting


def queue(issue: Issue) -> None:
    """Hand the issue to the task worker."""
    from herald.newsletters.tasks import send_issue  # tasks -> sending -> actions: late

    Issue.objects.filter(pk=issue.pk, status=Issue.Status.WAITING).update(
        status=Issue.Status.QUEUED)
    send_issue.enqueue(issue.pk)


def digest_issue(newsletter: Newsletter, *, until=None, since=None, by=None) -> Issue | None:
    """The digest to send now: an unfinished one resumes; else the stories published since
    the last digest (or ``since``) up to ``until``. None when there is nothing new."""
    unfinished = newsletter.issues.filter(story__isnull=True).exclude(
        status=Issue.Status.DONE).first()
    if unfinished is not None:
        return unfinished
    until = until or timezone.now()
    last = newsletter.issues.filter(story__isnull=True).order_by("-digest_until").first()
    if since is None:
        since = last.digest_until if last else until - (
            timezone.timedelta(days=7) if newsletter.schedule == Newsletter.Schedule.WEEKLY
            else timezone.timedelta(days=1))
    stories = ArticlePage.objects.live().filter(first_published_at__gt=since,
                                                first_published_at__lte=until)
    desks = list(newsletter.desks.values_list("pk", flat=True))
    if desks:
        stories = stories.filter(desk_id__in=desks)
    if newsletter.kinds:
        stories = stories.filter(kind__in=newsletter.kinds)
    ids = list(stories.order_by("-first_published_at").values_list("pk", flat=True)[:30])
    if not ids:
        return None
    local = timezone.localtime(until)
    return Issue.objects.create(
        newsletter=newsletter, digest_since=since, digest_until=until, story_ids=ids,
        subject=f"{newsletter.name}: {local.day} {local:%B %Y}", created_by=by)


def send_test(issue: Issue, *, to_user) -> str:
    """Send the issue to ``to_user`` alone (the publisher checking it first); no delivery row."""
    if not to_user.email:
        raise HeraldError("Your account has no e-mail address to send the test to.",
                          code="no_email")
    renderer = IssueRenderer(issue, stories_of(issue))
    reader = readers_for_accounts([to_user.pk])[to_user.pk]
    message = renderer.message(email=to_user.email, subscriber_id=None, reader=reader)
    message.subject = f"[Test] {message.subject}"
    message.send()
    return to_user.email


def delivery_counts(issue: Issue) -> dict[str, int]:
    return issue.counts()


def in_doubt(issue: Issue) -> list[str]:
    return list(issue.deliveries.filter(status=Delivery.Status.IN_DOUBT)
                .values_list("email", flat=True))
