"""The renditions a story's lead picture comes in, and fetching them for a story list.

The page, the lists and link previews ask for the sizes below; a list fetches
its pictures and their renditions in two queries (``prefetch``) instead of two
per story.
"""

from __future__ import annotations

from django.db.models import Prefetch, prefetch_related_objects
from wagtail.images import get_image_model
from wagtail.images.models import Filter

#: At the top of the story, as its figures: the text column at one and two pixels per
#: point (``articles/includes/lead_image.html`` spells it out for ``srcset_image``).
STORY = "width-{480,800,1200}|format-webp"
#: On story lists: 16:10, cropped around the focal point an editor may set.
CARD = "fill-{400x250,800x500,1200x750}|format-webp"
#: Shared links (Open Graph, Twitter, JSON-LD) and feeds: 1.91:1, as the large cards use.
SHARE = "fill-1200x630"


def picture_of(story):
    """``(image, alt text)`` of the picture that stands for ``story``, or None.

    The lead picture, else the body's first figure. The alt text falls back to
    the headline for a decorative picture: a link preview shows it alone.
    """
    if story.lead_image is not None:
        return story.lead_image, story.lead_image_alt_text or story.title
    for block in story.body:
        if block.block_type == "figure" and block.value.get("image"):
            return block.value["image"], block.value.get("alt_text") or story.title
    return None


def prefetch(*specs: str) -> tuple:
    """``prefetch_related`` lookups: each story's lead picture with its renditions of
    ``specs`` (the list sizes when none are named)."""
    wanted = [one for spec in specs or (CARD,) for one in Filter.expand_spec(spec)]
    renditions = get_image_model().get_rendition_model().objects.filter(filter_spec__in=wanted)
    return (
        "lead_image",
        Prefetch("lead_image__renditions", queryset=renditions, to_attr="prefetched_renditions"),
    )


def with_pictures(stories: list) -> list:
    """``stories`` with their lead pictures and list renditions fetched (two queries in all)."""
    prefetch_related_objects(stories, *prefetch())
    return stories
