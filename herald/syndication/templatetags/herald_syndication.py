from django import template
from django.utils.safestring import mark_safe

from herald.access.entitlement import decision_for
from herald.syndication.structured_data import render_head

register = template.Library()


@register.simple_tag(takes_context=True)
def article_metadata(context, page):
    """Canonical link, Open Graph tags and NewsArticle JSON-LD for a story, for this reader."""
    publication = context["settings"]["newsroom"]["PublicationSettings"]
    decision = decision_for(context.get("request"), page)
    return mark_safe(render_head(page, publication, decision))
