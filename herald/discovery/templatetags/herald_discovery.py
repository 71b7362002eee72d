from django import template
from django.template.loader import render_to_string

from herald.core import content_version
from herald.discovery.picks import editors_picks
from herald.discovery.related import related_stories
from herald.discovery.trending import trending_stories

register = template.Library()

FRAGMENT_SECONDS = 300
TRENDING_SECONDS = 60


def _cached_fragment(key: str, seconds: int, render) -> str:
    """The fragment cached under ``key`` while the content version holds, else rendered now.

    One round trip: the version comes with the fragment (or from the request's
    reading), and a publish makes every fragment stale at once.
    """
    full_key = f"fragment:{key}"
    version, found = content_version.lookup([full_key])
    html = found.get(full_key)
    if html is None:
        html = render()
        content_version.store(full_key, version, html, seconds)
    return html


@register.simple_tag(takes_context=True)
def more_stories(context, page):
    def render():
        return render_to_string("discovery/more.html", {"stories": related_stories(page, 3)})

    if is_preview(context):
        return render()  # chosen from unsaved topics: never for the shared cache
    return _cached_fragment(f"more:{page.pk}", FRAGMENT_SECONDS, render)


def is_preview(context) -> bool:
    """An editor's preview of unsaved changes, whose renderings must not be cached for readers."""
    return getattr(context.get("request"), "is_preview", False)


@register.simple_tag(takes_context=True)
def editors_picks_block(context, page=None):
    request = context.get("request")
    from wagtail.models import Site

    site = Site.find_for_request(request) if request else Site.objects.get(is_default_site=True)
    exclude = getattr(page, "pk", None)
    return _cached_fragment(
        f"picks:{site.pk}:{exclude}", FRAGMENT_SECONDS,
        lambda: render_to_string(
            "discovery/picks.html", {"stories": editors_picks(site, 5, exclude=exclude)}
        ),
    )


@register.simple_tag
def trending_block():
    return _cached_fragment(
        "trending", TRENDING_SECONDS,
        lambda: render_to_string("discovery/trending.html", {"stories": trending_stories(5)}),
    )
