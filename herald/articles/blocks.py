"""The blocks a story body is made of."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

from django.core.exceptions import ValidationError
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock

RICH_TEXT_FEATURES = ["bold", "italic", "link", "superscript", "subscript", "strikethrough"]


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock()
    attribution = blocks.CharBlock(required=False, help_text="Who said it, and their role.")

    class Meta:
        icon = "openquote"
        template = "articles/blocks/quote.html"


class FigureBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    alt_text = blocks.CharBlock(help_text="Describe the picture for readers who cannot see it.")
    caption = blocks.CharBlock(required=False)
    credit = blocks.CharBlock(required=False)

    class Meta:
        icon = "image"
        template = "articles/blocks/figure.html"


_YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")


def youtube_id(url: str) -> str | None:
    parsed = urlparse(url)
    host = (parsed.hostname or "").removeprefix("www.").removeprefix("m.")
    if host == "youtu.be":
        candidate = parsed.path.lstrip("/")
    elif host in {"youtube.com", "youtube-nocookie.com"}:
        if parsed.path.startswith("/embed/"):
            candidate = parsed.path.split("/")[2]
        else:
            candidate = parse_qs(parsed.query).get("v", [""])[0]
    else:
        return None
    return candidate if _YOUTUBE_ID.match(candidate) else None


def is_playable_address(url: str) -> bool:
    """An https:// address or a path on this site (not protocol-relative)."""
    return url.startswith("https://") or (url.startswith("/") and not url.startswith("//"))


class MediaBlock(blocks.StructBlock):
    """Video or audio. YouTube videos play from youtube-nocookie.com; other
    video and audio files play in the browser's own player."""

    kind = blocks.ChoiceBlock(choices=[("video", "Video"), ("audio", "Audio")])
    url = blocks.CharBlock(help_text="A YouTube link, or the address of a media file.")
    caption = blocks.CharBlock(required=False)
    transcript = blocks.TextBlock(required=False)

    class Meta:
        icon = "media"
        template = "articles/blocks/media.html"

    def clean(self, value):
        value = super().clean(value)
        url = value["url"]
        if not is_playable_address(url):
            raise blocks.StructBlockValidationError(
                {"url": ValidationError("Use an https:// address or a path on this site.")}
            )
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["youtube_id"] = youtube_id(value["url"])
        return context


class ArticleBodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, template="articles/blocks/paragraph.html")
    quote = QuoteBlock()
    figure = FigureBlock()
    media = MediaBlock()
