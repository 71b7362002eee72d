from django import template
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

from herald.access.entitlement import decision_for
from herald.syndication.feeds import feed_links as feed_links_for
from herald.syndication.structured_data import render_head

register = template.Library()


@register.simple_tag(takes_context=True)
def article_metadata(context, page):
    """Canonical link, Open Graph tags and NewsArticle JSON-LD for a story, for this reader."""
    publication = context["settings"]["newsroom"]["PublicationSettings"]
    decision = decision_for(context.get("request"), page)
    return mark_safe(render_head(page, publication, decision))


@register.simple_tag
def feed_links(kind: str, title: str, slug: str = "") -> str:
    """``<link rel="alternate">`` elements for the RSS, Atom and JSON feeds of a page."""
    return format_html_join(
        "\n", '<link rel="alternate" type="{}" title="{}" href="{}">',
        ((link["type"], link["title"], link["href"]) for link in feed_links_for(kind, title, slug)),
    )
