from django import template
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

from herald.access.entitlement import decision_for
from herald.articles.fragments import story_part
from herald.syndication.feeds import feed_links as feed_links_for
from herald.syndication.structured_data import render_head

register = template.Library()


@register.simple_tag(takes_context=True)
def article_metadata(context, page):
    """Canonical link, Open Graph tags and NewsArticle JSON-LD for a story, for this reader.

    Cached per revision and variant: the full text (``articleBody``) only ever
    goes into the variant of readers who may read it all.
    """
    request = context.get("request")
    decision = decision_for(request, page)

    def render() -> str:
        publication = context["settings"]["newsroom"]["PublicationSettings"]
        return render_head(page, publication, decision)

    return mark_safe(story_part(request, page, "head", decision.cache_variant, render))


@register.simple_tag
def feed_links(kind: str, title: str, slug: str = "") -> str:
    """``<link rel="alternate">`` elements for the RSS, Atom and JSON feeds of a page."""
    return format_html_join(
        "\n", '<link rel="alternate" type="{}" title="{}" href="{}">',
        ((link["type"], link["title"], link["href"]) for link in feed_links_for(kind, title, slug)),
    )
