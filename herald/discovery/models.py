"""Editor's Picks and the page-view counts behind Trending Stories."""

from django.db import models
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Orderable

from herald.articles.models import ArticlePage


@register_setting(icon="pick")
class EditorsPicks(ClusterableModel, BaseSiteSetting):
    """The ordered list of stories the editors recommend on every page."""

    panels = [InlinePanel("picks", label="Pick", heading="Editor's Picks, in order")]

    class Meta:
        verbose_name = "Editor's Picks"


class EditorsPick(Orderable):
    picks = ParentalKey(EditorsPicks, on_delete=models.CASCADE, related_name="picks")
    article = models.ForeignKey(ArticlePage, on_delete=models.CASCADE, related_name="+")

    panels = [FieldPanel("article")]


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
