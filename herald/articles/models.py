"""Stories: news stories, editorials, letters and multimedia features."""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.functional import cached_property
from django.utils.text import Truncator
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, TitleFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page, PageViewRestriction
from wagtail.rich_text import RichText
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from herald.articles import datelines
from herald.articles.access_levels import AccessLevel
from herald.articles.blocks import ArticleBodyBlock
from herald.articles.paragraphs import paragraph_text, split_paragraphs
from herald.core import content_version
from herald.newsroom.models import DeskPage
from herald.newsroom.permissions import StoryPermissionTester

VIEW_RESTRICTION_SECONDS = 3600


class ArticleKind(models.TextChoices):
    NEWS = "news", "News story"
    EDITORIAL = "editorial", "Editorial"
    LETTER = "letter", "Letter to the editor"
    FEATURE = "feature", "Multimedia feature"


class ArticlePageForm(WagtailAdminPageForm):
    def clean(self):
        cleaned = super().clean()
        if cleaned.get("title"):
            # The headline field wraps; a line break typed in it is a space.
            cleaned["title"] = " ".join(cleaned["title"].split())
        self._keep_dateline_once(cleaned)
        tiers = cleaned.get("access_tiers")
        if tiers and cleaned.get("access") != AccessLevel.MEMBERS:
            self.add_error(
                "access_tiers",
                "Tiers apply only to members-only stories: set Access to “Members only” "
                "or clear the tiers.",
            )
        return cleaned

    @staticmethod
    def _keep_dateline_once(cleaned) -> None:
        """A first paragraph typed or pasted as "COPENHAGEN — …" gives its dateline
        to the field (or repeats it) and loses it, so the story reads it once."""
        body = cleaned.get("body")
        if not body:
            return
        for position, block in enumerate(body):
            if block.block_type != "paragraph":
                continue
            source = block.value.source
            opening = _FIRST_PARAGRAPH.match(source)
            if opening is None or not paragraph_text(source):
                continue
            inner = source[opening.end():]
            field, rest = datelines.claim(cleaned.get("dateline") or "", inner)
            if rest != inner:
                body[position] = ("paragraph", RichText(source[: opening.end()] + rest))
                cleaned["dateline"] = datelines.normalise(field)[:80]
            return


_FIRST_PARAGRAPH = re.compile(r"\s*<p(?:\s[^>]*)?>")


@register_snippet
class Topic(index.Indexed, models.Model):
    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.TextField(blank=True)

    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]
    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return f"/topics/{self.slug}/"


@register_snippet
class Person(index.Indexed, models.Model):
    """Someone credited on a story, beside the desk's byline."""

    name = models.CharField(max_length=120, unique=True)
    role = models.CharField(max_length=120, blank=True)

    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = "credited person"
        verbose_name_plural = "credited people"

    def __str__(self):
        return self.name


LEAD_IMAGE_NEEDS_ALT = (
    "Describe the lead picture for readers who cannot see it (what it shows, in one "
    "sentence), or tick “Decorative” if it adds nothing a reader would miss."
)


class ArticlePage(Page):
    kind = models.CharField(max_length=16, choices=ArticleKind.choices, default=ArticleKind.NEWS)
    standfirst = models.CharField(
        max_length=300, blank=True, help_text="The dek: one sentence that adds to the headline."
    )
    dateline = models.CharField(
        max_length=80, blank=True,
        help_text=(
            "Where the story was reported: the city, then a state or country after a comma if "
            "readers need it (Rome; Reno, Nev.). Any case will do: readers see the city in "
            "capitals before the first paragraph (“ROME —”, “RENO, Nev. —”). Left empty, it "
            "takes the dateline a first paragraph opens with (“ROME — …”)."
        ),
    )
    body = StreamField(ArticleBodyBlock(), use_json_field=True)
    desk = models.ForeignKey(
        DeskPage, null=True, editable=False, on_delete=models.PROTECT, related_name="articles"
    )
    authors = ParentalManyToManyField(Person, blank=True, related_name="articles")
    topics = ParentalManyToManyField(Topic, blank=True, related_name="articles")
    access = models.CharField(
        max_length=16, choices=AccessLevel.choices, default=AccessLevel.FREE,
        help_text="Who may read the full text.",
    )
    access_tiers = ParentalManyToManyField(
        "memberships.Tier", blank=True, related_name="stories", verbose_name="tiers",
        help_text="Members-only stories: only members of these tiers may read. "
        "Leave empty for every paid tier.",
    )
    lead_image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name="picture",
        help_text="Shown at the top of the story, on story lists and when the story is shared.",
    )
    lead_image_alt = models.CharField(
        max_length=250, blank=True, verbose_name="alt text",
        help_text="What the picture shows, for readers who cannot see it: one plain "
        "sentence, not the caption again.",
    )
    lead_image_decorative = models.BooleanField(
        default=False, verbose_name="decorative",
        help_text="Tick only when the picture adds nothing a reader would miss: "
        "it then needs no alt text.",
    )
    lead_image_caption = models.CharField(
        max_length=300, blank=True, verbose_name="caption",
        help_text="Say what it is: a photograph of what, where and when, or an illustration.",
    )
    lead_image_credit = models.CharField(max_length=120, blank=True, verbose_name="credit")
    paywall_after = models.PositiveSmallIntegerField(
        default=2, validators=[MinValueValidator(1)],
        help_text="Readers without access see this many opening paragraphs (at least one: "
        "story lists quote the first). The last paragraph always stays behind the paywall.",
    )

    content_panels = [
        TitleFieldPanel(
            # A textarea wraps a long headline on a phone, where an input cut it off.
            "title", heading="Headline", classname="title",
            # The label is visually hidden; the placeholder is what the reporter reads.
            placeholder="Headline*",
            widget=forms.Textarea(attrs={"rows": 2, "style": "field-sizing: content"}),
            help_text="Sentence case, present tense, active voice; say what happened "
            "and where, in under 80 characters, with nothing the story does not support.",
        ),
        FieldPanel("standfirst"),
        FieldPanel("dateline"),
        MultiFieldPanel(
            [FieldPanel("lead_image"), FieldPanel("lead_image_alt"),
             FieldPanel("lead_image_decorative"), FieldPanel("lead_image_caption"),
             FieldPanel("lead_image_credit")],
            heading="Lead image",
        ),
        FieldPanel("body"),
        InlinePanel("corrections", heading="Corrections", label="Correction"),
    ]
    promote_panels = Page.promote_panels + [
        MultiFieldPanel(
            [FieldPanel("kind"), FieldPanel("access"), FieldPanel("access_tiers"),
             FieldPanel("paywall_after"),
             FieldPanel("topics"), FieldPanel("authors")],
            heading="Story",
        ),
    ]
    # The headline (Page's title, boost 2) weighs most, then the standfirst, then the
    # body (herald.discovery.search).
    search_fields = Page.search_fields + [
        index.SearchField("standfirst", boost=1.5),
        index.SearchField("body"),
        index.FilterField("kind"),
        index.FilterField("desk"),
        index.FilterField("first_published_at"),
    ]
    parent_page_types = ["newsroom.DeskPage"]
    subpage_types: list[str] = []
    template = "articles/article_page.html"
    base_form_class = ArticlePageForm

    class Meta:
        verbose_name = "story"
        verbose_name_plural = "stories"

    def permissions_for_user(self, user):
        """Wagtail's page permissions, and the desk's editors withdraw its published stories
        (herald.newsroom.permissions)."""
        return StoryPermissionTester(user, self)

    #: Templates shared with other pages ask this: a story, which a reader is in the middle of.
    is_story = True

    #: A story's workflow is its desk's validation: the admin says so where Wagtail says "moderation".
    WORKFLOW_STATUS = {
        "in moderation": "awaiting desk validation",
        "live + in moderation": "live + awaiting desk validation",
    }

    @property
    def headline(self) -> str:
        return self.title

    @property
    def status_string(self):
        """The status the admin shows (page lists, the editor's status panel, reports)."""
        status = super().status_string
        return self.WORKFLOW_STATUS.get(str(status), status)

    def get_view_restrictions(self):
        """Wagtail's view restrictions of this story and its ancestors, and none without
        asking the database when there are none.

        Wagtail checks them on every request (two queries); whether there are any
        is kept under the reference version, which every change to a restriction,
        a move and a deletion bumps (herald.site.signal_handlers).
        """
        wagtails = super().get_view_restrictions
        if self.pk is None:
            return wagtails()
        if content_version.cached(self.view_restriction_key(), VIEW_RESTRICTION_SECONDS,
                                  lambda: wagtails().exists(), content_version.REFERENCES_KEY):
            return wagtails()
        return PageViewRestriction.objects.none()

    def view_restriction_key(self) -> str:
        """Where whether this story has view restrictions is kept (a page may prefetch it)."""
        return f"view-restricted:{self.pk}"

    def full_clean(self, *args, **kwargs):
        self._assign_desk()
        super().full_clean(*args, **kwargs)

    def clean(self):
        super().clean()
        self.lead_image_alt = " ".join(self.lead_image_alt.split())
        if self.lead_image_id and not self.lead_image_decorative and not self.lead_image_alt:
            raise ValidationError({"lead_image_alt": LEAD_IMAGE_NEEDS_ALT})

    @property
    def lead_image_alt_text(self) -> str:
        """The lead image's alt attribute: empty for a decorative picture."""
        return "" if self.lead_image_decorative else self.lead_image_alt

    def save(self, *args, **kwargs):
        self._assign_desk()
        return super().save(*args, **kwargs)

    def with_content_json(self, content):
        """A revision's version of the story, under the desk it stands under now: a story
        moved to another desk keeps that desk when an older revision is published."""
        story = super().with_content_json(content)
        story.desk_id = self.desk_id
        return story

    def _assign_desk(self):
        if self.desk_id is None and self.path:
            parent = self.get_parent() if self.depth else None
            if parent is not None:
                self.desk = DeskPage.objects.filter(pk=parent.pk).first()

    @cached_property
    def access_tier_slugs(self) -> frozenset[str]:
        """The tiers a members-only story is restricted to (empty: every paid tier)."""
        if self.access != AccessLevel.MEMBERS:
            return frozenset()
        return frozenset(tier.slug for tier in self.access_tiers.all())

    @cached_property
    def paragraphs(self) -> list[str]:
        """The body's text paragraphs as plain text, in order."""
        texts = []
        for block in self.body:
            if block.block_type == "paragraph":
                for chunk in split_paragraphs(block.value.source):
                    text = paragraph_text(chunk)
                    if text:
                        texts.append(text)
        return texts

    def plain_text(self) -> str:
        return "\n\n".join(self.paragraphs)

    def opening_words(self, words: int = 28) -> str:
        first = self.paragraphs[0] if self.paragraphs else self.standfirst
        if self.paragraphs and self.dateline.strip():
            first = datelines.claim(self.dateline, first)[1]
        return Truncator(first).words(words)

    @property
    def updated_at(self):
        """The last publication time, when it came more than an hour after the first."""
        first, last = self.first_published_at, self.last_published_at
        if first and last and (last - first).total_seconds() > 3600:
            return last
        return None

    @property
    def dateline_label(self) -> str:
        place = datelines.normalise(self.dateline)
        return f"{place} {datelines.EM_DASH}" if place else ""


class Correction(Orderable):
    """A dated public note at the foot of the story."""

    article = ParentalKey(ArticlePage, on_delete=models.CASCADE, related_name="corrections")
    date = models.DateField()
    note = models.TextField()

    panels = [FieldPanel("date"), FieldPanel("note")]

    class Meta(Orderable.Meta):
        ordering = ["date", "sort_order"]

    def __str__(self):
        return f"{self.date}: {self.note[:60]}"
