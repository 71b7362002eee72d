"""Letters to the editor: the public form and what readers send through it."""

from __future__ import annotations

import uuid

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from herald.articles.models import ArticlePage
from herald.newsroom.models import DeskPage


class LettersPage(Page):
    """The public "Write a letter" form; letters land in `desk`'s queue as drafts."""

    intro = RichTextField(features=["bold", "italic", "link"], blank=True)
    desk = models.ForeignKey(
        DeskPage, on_delete=models.PROTECT, related_name="+",
        help_text="The desk that validates letters to the editor.",
    )

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("desk")]
    parent_page_types = ["site.HomePage"]
    subpage_types: list[str] = []
    max_count = 1

    def serve(self, request, *args, **kwargs):
        from django.views.decorators.cache import never_cache

        from herald.letters.views import letters_form

        return never_cache(letters_form)(request, self)


class LetterSubmission(models.Model):
    """Exactly what the reader sent, stored before anything else happens."""

    token = models.UUIDField(unique=True, default=uuid.uuid4, help_text="One per form shown.")
    name = models.CharField(max_length=120)
    email = models.EmailField()
    town = models.CharField(max_length=120)
    text = models.TextField()
    received_at = models.DateTimeField(auto_now_add=True)
    draft = models.OneToOneField(
        ArticlePage, null=True, blank=True, on_delete=models.SET_NULL, related_name="letter_submission"
    )

    class Meta:
        ordering = ["-received_at"]

    def __str__(self):
        return f"Letter from {self.name}, {self.town}"
