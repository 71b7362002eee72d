"""`herald import`: Markdown files with YAML front matter become stories.

Each file is imported in its own transaction: a file with an error is
reported with the reason and leaves nothing behind; the others still import.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.text import slugify
from wagtail.models import WorkflowState

from herald.articles import datelines
from herald.articles.markdown_body import BodyError, markdown_to_blocks
from herald.articles.models import AccessLevel, ArticleKind, ArticlePage, Correction, Person, Topic
from herald.core.untrusted_text import complexity_error, safe_yaml
from herald.memberships.models import Tier
from herald.newsroom.models import DeskPage

logger = logging.getLogger(__name__)

MAX_FILE_BYTES = 2 * 1024 * 1024


class ImportError_(ValueError):
    """A file that cannot be imported; the message says why."""


@dataclass
class ImportResult:
    path: Path
    ok: bool
    message: str
    page: ArticlePage | None = None
    created: bool = False


@dataclass
class Front:
    title: str
    desk: DeskPage
    kind: str
    access: str
    slug: str
    dek: str = ""
    dateline: str = ""
    topics: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    published: dt.datetime | None = None
    corrections: list[dict] = field(default_factory=list)
    tiers: list = field(default_factory=list)  # memberships.Tier
    image: LeadImage | None = None


@dataclass
class LeadImage:
    """Front matter's ``image``: the story's lead picture."""

    src: str
    alt: str = ""
    caption: str = ""
    credit: str = ""
    decorative: bool = False


def read_source(path: Path) -> tuple[dict, str]:
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise ImportError_(f"cannot read the file ({error.strerror or error})") from None
    if len(raw) > MAX_FILE_BYTES:
        raise ImportError_(f"the file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
    if b"\x00" in raw:
        raise ImportError_("the file is binary, not UTF-8 text")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportError_(f"the file is not valid UTF-8 (byte {error.start})") from None
    text = text.replace("\r\n", "\n")
    if not text.startswith("---\n"):
        raise ImportError_("the file has no YAML front matter (it must start with ---)")
    try:
        _, front_text, body = text.split("---\n", 2)
    except ValueError:
        raise ImportError_("the front matter is not closed by a --- line") from None
    try:
        front = safe_yaml(front_text) or {}
    except yaml.YAMLError as error:
        raise ImportError_(f"the front matter is not valid YAML ({str(error).splitlines()[0]})") from None
    except ValueError as error:  # a well-formed but impossible date, such as 2026-02-30
        raise ImportError_(f"the front matter has an impossible date ({error})") from None
    if not isinstance(front, dict):
        raise ImportError_("the front matter must be a mapping of keys to values")
    if problem := complexity_error(body):
        raise ImportError_(problem)
    return front, body


def _find_desk(value) -> DeskPage:
    if not value:
        raise ImportError_("no desk given (front matter key `desk`)")
    value = str(value).strip()
    desk = (
        DeskPage.objects.filter(slug=value).first()
        or DeskPage.objects.filter(title__iexact=value).first()
    )
    if desk is None:
        known = ", ".join(DeskPage.objects.order_by("title").values_list("title", flat=True))
        raise ImportError_(f"unknown desk {value!r} (known desks: {known or 'none'})")
    return desk


def _find_tiers(values: list[str], access: str) -> list:
    """The membership tiers named in front matter, by slug or name."""
    if not values:
        return []
    if access != AccessLevel.MEMBERS:
        raise ImportError_("`tiers` apply only to members-only stories (`access: members`)")
    tiers = []
    for value in values:
        tier = Tier.objects.filter(slug=value).first() or Tier.objects.filter(name__iexact=value).first()
        if tier is None:
            known = ", ".join(Tier.objects.order_by("sort_order", "name").values_list("slug", flat=True))
            raise ImportError_(f"unknown tier {value!r} (known tiers: {known or 'none'})")
        tiers.append(tier)
    return tiers


def _parse_time(value) -> dt.datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        parsed = value
    elif isinstance(value, dt.date):
        parsed = dt.datetime.combine(value, dt.time(8, 0))
    else:
        try:
            parsed = parse_datetime(str(value).strip())
        except ValueError:  # well formed, but not a real date or time
            parsed = None
        if parsed is None:
            raise ImportError_(f"bad date {value!r} for `published` (use 2026-09-14T07:30:00+00:00)")
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed


def _choice(value, choices, key, default) -> str:
    value = str(value or default).strip().lower()
    if value not in choices.values:
        raise ImportError_(f"bad `{key}` {value!r} (use one of: {', '.join(choices.values)})")
    return value


def _list(value, key) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [item.strip() for item in value.split(",") if item.strip()]
    if isinstance(value, list):
        return [str(item).strip() for item in value if str(item).strip()]
    raise ImportError_(f"`{key}` must be a list")


def _lead_image(value) -> LeadImage | None:
    if value is None or value == "":
        return None
    if isinstance(value, str):
        value = {"src": value}
    if not isinstance(value, dict) or not str(value.get("src") or "").strip():
        raise ImportError_("`image` must be a mapping with `src` (the picture's file), `alt`, "
                           "and optionally `caption` and `credit`")
    unknown = set(value) - {"src", "alt", "caption", "credit", "decorative"}
    if unknown:
        raise ImportError_(f"unknown key in `image`: {', '.join(sorted(map(str, unknown)))} "
                           "(use src, alt, caption, credit, decorative)")
    decorative = value.get("decorative", False)
    if not isinstance(decorative, bool):
        raise ImportError_("`image: decorative` must be true or false")
    image = LeadImage(
        src=str(value["src"]).strip(), alt=" ".join(str(value.get("alt") or "").split())[:250],
        caption=str(value.get("caption") or "").strip()[:300],
        credit=str(value.get("credit") or "").strip()[:120], decorative=decorative,
    )
    if not image.alt and not image.decorative:
        raise ImportError_("`image` needs `alt`: what the picture shows, for readers who "
                           "cannot see it (or `decorative: true` if it adds nothing)")
    return image


def parse_front(front: dict, path: Path) -> Front:
    title = str(front.get("title") or "").strip()
    if not title:
        raise ImportError_("no headline (front matter key `title`)")
    corrections = front.get("corrections") or []
    if not isinstance(corrections, list) or not all(
        isinstance(c, dict) and c.get("date") and c.get("note") for c in corrections
    ):
        raise ImportError_("`corrections` must be a list of {date, note}")
    for correction in corrections:
        if not isinstance(correction["date"], dt.date):
            try:
                correction["date"] = dt.date.fromisoformat(str(correction["date"]))
            except ValueError:
                raise ImportError_(f"bad correction date {correction['date']!r}") from None
    slug = slugify(str(front.get("slug") or path.stem or title))[:255] or slugify(title)[:255]
    if not slug:
        raise ImportError_("cannot make a URL slug from the file name or headline (add `slug`)")
    access = _choice(front.get("access"), AccessLevel, "access", "free")
    return Front(
        title=title[:255],
        desk=_find_desk(front.get("desk")),
        kind=_choice(front.get("kind"), ArticleKind, "kind", "news"),
        access=access,
        tiers=_find_tiers(_list(front.get("tiers"), "tiers"), access),
        slug=slug,
        dek=str(front.get("dek") or "").strip()[:300],
        dateline=datelines.normalise(str(front.get("dateline") or ""))[:80],
        topics=_list(front.get("topics"), "topics"),
        authors=_list(front.get("authors"), "authors"),
        published=_parse_time(front.get("published")),
        corrections=corrections,
        image=_lead_image(front.get("image")),
    )


def _topics(values: list[str]) -> list[Topic]:
    topics = []
    for value in values:
        slug = slugify(value)
        topic = Topic.objects.filter(slug=slug).first() or Topic.objects.filter(name__iexact=value).first()
        if topic is None:
            topic = Topic.objects.create(slug=slug, name=value if value != slug else value.replace("-", " ").title())
        topics.append(topic)
    return topics


def import_file(path: Path, *, resolve_image: Callable | None = None, user=None,
                media_root: Path | None = None) -> ImportResult:
    """Import one story file in one transaction; any failure is this file's alone.

    Images resolve inside the file's folder, or inside ``media_root`` when given.
    """
    try:
        return _import_file(path, resolve_image=resolve_image, user=user, media_root=media_root)
    except Exception as error:  # one bad file must not stop the batch; the log has the trace
        logger.exception("Importing %s failed", path)
        return ImportResult(path, False, f"unexpected error: {type(error).__name__}: {error}")


def _import_file(path: Path, *, resolve_image, user, media_root) -> ImportResult:
    try:
        front_data, body_text = read_source(path)
        with transaction.atomic():
            front = parse_front(front_data, path)
            # Wire copy opens the body with the dateline too: keep it once, in the field.
            dateline, body_text = datelines.claim(front.dateline, body_text)
            front.dateline = datelines.normalise(dateline)[:80]
            resolve = resolve_image or _file_image_resolver(path, media_root)
            try:
                body = markdown_to_blocks(body_text, resolve)
            except BodyError as error:
                raise ImportError_(str(error)) from None
            lead = resolve(front.image.src, front.image.alt) if front.image else None
            try:
                page, created = _save(front, body, user, lead)
            except ValidationError as error:
                raise ImportError_("; ".join(error.messages)) from None
    except ImportError_ as error:
        return ImportResult(path, False, str(error))
    state = (
        "published" if page.live
        else f"scheduled for {page.go_live_at:%Y-%m-%d %H:%M %Z}" if page.go_live_at
        else "draft in the desk's queue"
    )
    verb = "created" if created else "updated (new revision)"
    return ImportResult(path, True, f"{verb}, {state}: {page.title}", page, created)


def _save(front: Front, body: list[dict], user, lead=None) -> tuple[ArticlePage, bool]:
    page = ArticlePage.objects.filter(slug=front.slug).first()
    created = page is None
    if page is None:
        page = ArticlePage(slug=front.slug, live=False, body=body, title=front.title)
    elif page.get_parent().pk != front.desk.pk:
        raise ImportError_(
            f"slug {front.slug!r} already belongs to a story of the {page.desk.title}"
        )
    page.title = front.title
    page.draft_title = front.title
    page.standfirst = front.dek
    page.dateline = front.dateline
    page.kind = front.kind
    page.access = front.access
    page.access_tiers = front.tiers
    page.body = body
    page.desk = front.desk
    page.topics = _topics(front.topics)
    page.authors = [Person.objects.get_or_create(name=name[:120])[0] for name in front.authors]
    page.corrections = [Correction(date=c["date"], note=str(c["note"])) for c in front.corrections]
    picture = front.image or LeadImage(src="")
    page.lead_image = lead
    page.lead_image_alt, page.lead_image_decorative = picture.alt, picture.decorative
    page.lead_image_caption, page.lead_image_credit = picture.caption, picture.credit
    if created:
        if front.published is None:
            page.live = False
        front.desk.add_child(instance=page)
    scheduled = front.published is not None and front.published > timezone.now()
    page.go_live_at = front.published if scheduled else None
    if front.published is not None and not scheduled:
        # Before publishing: what is kept at publish (the archive's month counts, the
        # search table) reads the story's own date, not the import's. Wagtail keeps a
        # first publication time it finds (its revision keeps the page's).
        page.first_published_at = front.published
    revision = page.save_revision(user=user, log_action=True)
    if scheduled:
        # A future time schedules the story; `herald publish_scheduled` publishes it.
        revision.publish(user=user, skip_permission_checks=True)
        page.refresh_from_db()
    elif front.published is not None:
        revision.publish(user=user, skip_permission_checks=True)
        # Publishing set the last publication time to now (the first is the story's own).
        ArticlePage.objects.filter(pk=page.pk).update(
            last_published_at=max(front.published, _last_correction_time(front) or front.published),
        )
        page.refresh_from_db()
    elif not page.live:
        state = page.current_workflow_state
        if state is None:
            workflow = page.get_workflow()
            if workflow:
                workflow.start(page, user)
        elif state.status == WorkflowState.STATUS_NEEDS_CHANGES:
            # Sent back earlier: the new revision goes back to the desk.
            state.resume(user=user)
    return page, created


def _last_correction_time(front: Front):
    if not front.corrections:
        return None
    last = max(c["date"] for c in front.corrections)
    return timezone.make_aware(dt.datetime.combine(last, dt.time(12, 0)))


# What Wagtail renders (WAGTAILIMAGES_EXTENSIONS), by the format Pillow finds in the bytes.
IMAGE_FORMATS = {"JPEG": "jpg", "PNG": "png", "GIF": "gif", "WEBP": "webp"}


def _file_image_resolver(path: Path, media_root: Path | None = None):
    folder = (media_root or path.parent).resolve()

    def resolve(src: str, alt: str):
        """The library's image for ``src``: the one already there with the same bytes
        (imported before, or uploaded in the admin), else a new one."""
        from django.core.files.images import ImageFile
        from wagtail.images.models import Image
        from wagtail.utils.file import hash_filelike

        image_path = (path.parent / src).resolve()
        if not image_path.is_relative_to(folder):
            where = "--media-root" if media_root else "the story's folder"
            raise ImportError_(f"image outside {where} ({folder}): {src}")
        if not image_path.is_file():
            raise ImportError_(f"image not found: {src}")
        kind = _image_format(image_path, src)
        with image_path.open("rb") as handle:
            # Wagtail's own content hash (SHA-1, as its admin upload records it): importing
            # the same story again, or the same picture for another story, adds no image.
            digest = hash_filelike(handle)
            known = Image.objects.filter(file_hash=digest).order_by("pk").first()
            if known is not None:
                return known
            name = f"{image_path.stem}.{IMAGE_FORMATS[kind]}"
            image = Image(title=alt[:255] or image_path.stem, file=ImageFile(handle, name=name),
                          file_hash=digest)
            image.save()
        return image

    return resolve


def _image_format(image_path: Path, src: str) -> str:
    """The picture's format, read from its bytes; ImportError_ unless Wagtail renders it."""
    from PIL import Image as PillowImage

    try:
        with PillowImage.open(image_path) as picture:
            kind = picture.format
            picture.verify()
    except PillowImage.DecompressionBombError:
        raise ImportError_(f"image too large (too many pixels): {src}") from None
    except Exception:  # Pillow raises many kinds for bytes that are not a picture
        raise ImportError_(
            f"image is not a JPEG, PNG, GIF or WebP picture (SVG and other formats are "
            f"not accepted): {src}") from None
    if kind not in IMAGE_FORMATS:
        raise ImportError_(f"image is a {kind} picture; only JPEG, PNG, GIF and WebP are "
                           f"accepted: {src}")
    return kind


def expand_paths(paths: list[str]) -> list[Path]:
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files.extend(sorted(path.rglob("*.md")))
        else:
            files.append(path)
    return files



