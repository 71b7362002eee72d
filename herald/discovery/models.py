"""Editor's Picks and the page-view counts behind Trending Stories."""

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Orderable

from herald.articles.models import ArticlePage, Topic
from herald.newsroom.models import DeskPage


@register_setting(icon="pick")
class EditorsPicks(ClusterableModel, BaseSiteSetting):
    """The ordered list of stories the editors recommend on every page."""

    panels = [InlinePanel("picks", label="Pick", heading="Editor's Picks, in order")]

    class Meta:
        verbose_name = "Editor's Picks"


class EditorsPick(Orderable):
    picks = ParentalKey(EditorsPicks, on_delete=models.CASCADE, related_name="picks")
    article = models.ForeignKey(ArticlePage, on_delete=models.CASCADE, related_name="+")
    desk = models.ForeignKey(
        DeskPage, null=True, blank=True, on_delete=models.CASCADE, related_name="+",
        help_text="Show this pick only on the desk's stories (empty: on every page).",
    )
    expires_at = models.DateTimeField(
        null=True, blank=True, help_text="Stop showing the pick after this time (empty: never)."
    )

    panels = [FieldPanel("article"), FieldPanel("desk"), FieldPanel("expires_at")]


class ArticleViewCount(models.Model):
    """Reads of one story within one hour, from the page-view beacon."""

    article = models.ForeignKey(ArticlePage, on_delete=models.CASCADE, related_name="view_counts")
    hour = models.DateTimeField()
    views = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "hour"], name="one_count_per_article_hour")
        ]
        indexes = [models.Index(fields=["hour"])]


class RelatedChoice(Orderable):
    """An editor's say over one story's "More" block: always show, or never show."""

    PIN = "pin"
    EXCLUDE = "exclude"

    article = ParentalKey(ArticlePage, on_delete=models.CASCADE, related_name="related_choices")
    story = models.ForeignKey(
        ArticlePage, on_delete=models.CASCADE, related_name="+",
        help_text="A published story to pin into the “More” block, or to keep out of it.",
    )
    choice = models.CharField(
        max_length=8, choices=[(PIN, "Always show"), (EXCLUDE, "Never show")], default=PIN
    )

    panels = [FieldPanel("story"), FieldPanel("choice")]

    class Meta(Orderable.Meta):
        verbose_name = "related story choice"


class StorySignature(models.Model):
    """A published story's ranking vectors (herald.discovery.similarity), kept to compare later stories."""

    article = models.OneToOneField(
        ArticlePage, primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    text = models.JSONField()
    names = models.JSONField()
    vocabulary = models.JSONField(help_text="The terms counted in TermFrequency for this story.")
    desk_id = models.IntegerField(null=True)
    topics = models.JSONField(default=list)
    published = models.DateTimeField(null=True)
    nearest = models.JSONField(
        default=list, help_text="Its best scores against other stories, best first (hubness)."
    )


class SignatureTerm(models.Model):
    """The inverted index over signatures: which stories weigh a term, and how much."""

    term = models.CharField(max_length=120)
    article = models.ForeignKey(ArticlePage, on_delete=models.CASCADE, related_name="+")
    weight = models.FloatField()

    class Meta:
        indexes = [models.Index(fields=["term"], name="signature_term_idx")]


class TermFrequency(models.Model):
    """How many published stories use a term: the IDF of the ranking."""

    term = models.CharField(max_length=120, primary_key=True)
    documents = models.PositiveIntegerField(default=0)


class RelatedStory(models.Model):
    """One stored neighbour of a story, in the order the "More" block offers them."""

    article = models.ForeignKey(ArticlePage, on_delete=models.CASCADE, related_name="+")
    related = models.ForeignKey(ArticlePage, on_delete=models.CASCADE, related_name="+")
    rank = models.PositiveSmallIntegerField()
    score = models.FloatField()
    pinned = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "related"], name="one_related_row_per_pair")
        ]
        indexes = [models.Index(fields=["article", "rank"], name="related_by_rank_idx")]
        verbose_name_plural = "related stories"


class SuggestionWord(models.Model):
    """A word readers may see, and in how many live stories: the vocabulary of
    "Did you mean …" (herald.discovery.suggestions)."""

    word = models.CharField(max_length=64, primary_key=True)
    stories = models.PositiveIntegerField(default=0)


class StoryWords(models.Model):
    """The public words one story gave the vocabulary, to take back when it changes."""

    article = models.OneToOneField(
        ArticlePage, primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    words = models.JSONField()

    class Meta:
        verbose_name_plural = "story words"


class MonthCount(models.Model):
    """How many live stories were first published in a month: the archive's month index
    (herald.discovery.counts)."""

    month = models.DateField(primary_key=True, help_text="The month's first day.")
    stories = models.PositiveIntegerField(default=0)


class TopicCount(models.Model):
    """How many live stories carry a topic: the topics index (herald.discovery.counts)."""

    topic = models.OneToOneField(
        Topic, primary_key=True, on_delete=models.CASCADE, related_name="story_count"
    )
    stories = models.PositiveIntegerField(default=0)


class CountedStory(models.Model):
    """The month and topics a live story was last counted under, to recount when it changes."""

    article = models.OneToOneField(
        ArticlePage, primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    month = models.DateField()
    topics = models.JSONField(default=list)

    class Meta:
        verbose_name_plural = "counted stories"


class SearchEntry(models.Model):
    """One live story as PostgreSQL's search reads it: what a search filters and sorts on,
    and the story's search vector (herald.discovery.search_table).

    PostgreSQL only: the migration creates the GIN index on (year, vector)
    there; other databases leave the table empty.
    """

    article = models.OneToOneField(
        ArticlePage, primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    published = models.DateTimeField()
    year = models.IntegerField(help_text="The year of ``published`` in UTC.")
    desk_id = models.IntegerField(null=True)
    kind = models.CharField(max_length=16)
    topics = ArrayField(models.IntegerField(), null=True, blank=True,
                        help_text="The ids of the story's topics (a GIN index on PostgreSQL).")
    vector = SearchVectorField()

    class Meta:
        verbose_name_plural = "search entries"
        indexes = [models.Index(fields=["published"], name="search_entry_published_idx")]
