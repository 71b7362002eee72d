from __future__ import annotations

from django import template
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from wagtail.images.models import Filter

from herald.access import media
from herald.access.entitlement import decision_for, reader_of
from herald.access.paywall import GATED_SELECTOR, Part, split_body
from herald.articles import lead_images
from herald.articles.fragments import story_part
from herald.articles.paragraphs import place_dateline
from herald.articles.typography import typeset_html

register = template.Library()


@register.filter
def newsroom_staff(request) -> bool:
    """Whether the reader of ``request`` is newsroom staff, as the access decision classed
    them: Wagtail's userbar is offered to them only. (The userbar asks Django for the
    account's admin permission on every page, two queries a reader who is not staff
    should not pay for.)"""
    return request is not None and reader_of(request).is_staff


@register.simple_tag(takes_context=True)
def article_body(context, page):
    """Render the story body with the dateline ("ROME —") opening its first paragraph.

    A reader without access gets the opening up to the editor's cut and
    nothing after it; a reader with access to a gated story gets the rest
    inside the element the JSON-LD names as the paywalled part. Quotes and
    dashes are typeset (``herald.articles.typography``) on the body as a whole,
    before it is cached per revision and variant (``herald.articles.fragments``).
    """
    request = context.get("request")
    decision = decision_for(request, page)
    return mark_safe(story_part(request, page, "body", decision.cache_variant,
                                lambda: _body(context.flatten(), page, decision)))


# The parts of the story page that are the same for every reader, beside its model.
STORY_SECTIONS = {
    "header": "articles/includes/story_header.html",  # kicker, headline, standfirst, byline
    "footer": "articles/includes/story_footer.html",  # topics, corrections
    "author-box": "articles/includes/story_author_box.html",  # the desk's box
}


@register.simple_tag(takes_context=True)
def story_section(context, name, page):
    """A part of the story page the same for every reader, cached per revision."""
    return mark_safe(story_part(context.get("request"), page, name, "any",
                                lambda: render_to_string(STORY_SECTIONS[name], {"page": page})))


@register.simple_tag(takes_context=True)
def story_picture(context, page):
    """The lead picture, cached per revision like the header; a gated story's goes out at
    signed addresses, and its key carries their epoch (herald.articles.fragments)."""
    request = context.get("request")
    return mark_safe(story_part(request, page, "lead", "any", lambda: render_to_string(
        "articles/includes/lead_image.html", {"page": page}, request=request)))


def _body(flat: dict, page, decision) -> str:
    dateline = page.dateline_label
    if decision.public:
        parts = [Part(block.block_type, block.block, block.value) for block in page.body]
        return str(typeset_html(_render(parts, flat, dateline)[0]))
    open_parts, gated = split_body(page)
    html, dateline = _render(open_parts, flat, dateline)
    if decision.full and gated:
        rest = _render(gated, flat, dateline)[0]
        html += f'\n<div class="{GATED_SELECTOR.lstrip(".")}">\n{rest}\n</div>'
    return str(typeset_html(html))


@register.simple_tag(takes_context=True)
def reader_kind(context) -> str:
    """"anonymous", "subscriber" or "member": what the masthead and the band offer this reader.

    No database for readers without a session (their pages are shared by the page cache).
    """
    return reader_of(context.get("request")).kind


@register.simple_tag(takes_context=True)
def free_story(context, page) -> bool:
    """Whether ``page`` is a free story: every reader gets it whole, nothing is cut (the
    subscribe band and panel do not ask them to "keep reading")."""
    return bool(getattr(page, "is_story", False)) and decision_for(
        context.get("request"), page
    ).public


@register.simple_tag(takes_context=True)
def offers_subscribe_panel(context, page) -> bool:
    """Whether the story carries the slide-in subscribe panel: free stories, readers not signed in.

    The markup is the same for every anonymous reader (their pages are shared by
    the page cache); whether it shows in this visit is decided in herald.js.
    """
    return free_story(context, page) and reader_of(context.get("request")).is_anonymous


@register.simple_tag
def fetch_pictures(stories) -> str:
    """Fetch the lead pictures of a page of stories and their list renditions in two queries."""
    lead_images.with_pictures(list(stories))
    return ""


@register.simple_tag(takes_context=True)
def story_thumbnail(context, story, sizes: str, eager: bool = False):
    """The story's lead picture on a story list: 16:10, width and height set so the
    list does not move as it loads, lazily loaded unless ``eager`` (above the fold).

    A gated story's picture goes out at a signed address, as on its own page.
    """
    image = story.lead_image
    if image is None:
        return ""
    # Cards are included with "only": the request is still the context's.
    address = media.addresses_on_lists(story, getattr(context, "request", None))
    renditions = {}
    for rendition in image.get_renditions(*Filter.expand_spec(lead_images.CARD)).values():
        renditions.setdefault(rendition.width, rendition)  # a small original gives one size
    default = list(renditions.values())[min(1, len(renditions) - 1)]
    srcset = ", ".join(f"{address(r.url)} {width}w" for width, r in renditions.items())
    return format_html(
        '<img class="card__picture" src="{}" srcset="{}" sizes="{}" width="{}" height="{}" '
        'alt="{}" {}>',
        address(default.url), srcset, sizes, default.width, default.height,
        story.lead_image_alt_text,
        mark_safe('fetchpriority="high"' if eager else 'loading="lazy" decoding="async"'),
    )


def _render(parts, context, dateline) -> tuple[str, str]:
    """Render ``parts``; returns the HTML and the dateline if no paragraph took it yet."""
    rendered = []
    for part in parts:
        html = part.render(context)
        if dateline and part.block_type == "paragraph":
            html, placed = place_dateline(html, dateline)
            if placed:
                dateline = ""
        rendered.append(html)
    return "\n".join(rendered), dateline
