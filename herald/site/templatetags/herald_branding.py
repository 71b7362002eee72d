"""The publication's branding on every page: favicon links, its accent colour's
stylesheet and the masthead's logo (herald.newsroom.branding).

Their markup is the same on every page of a site until the publication's
settings or a picture change, and working it out reads the pictures and their
renditions (two queries and a cache round trip per picture). So it is kept
under the reference version, which both changes bump
(herald.site.signal_handlers): one cache round trip for both tags.
"""

from __future__ import annotations

from django import template
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from herald.core import content_version

register = template.Library()

BRANDING_SECONDS = 3600


def branding_key(site_id) -> str:
    """Where a site's branding markup is kept (under the reference version)."""
    return f"branding:{site_id}"


def branding(publication) -> dict[str, str]:
    """The favicon links and the masthead's logo of ``publication``'s site, as markup."""
    if not publication:
        return render_branding(publication)
    return content_version.cached(branding_key(publication.site_id), BRANDING_SECONDS,
                                  lambda: render_branding(publication),
                                  content_version.REFERENCES_KEY)


def render_branding(publication) -> dict[str, str]:
    return {"links": _brand_links(publication), "logo": _masthead_logo(publication)}


@register.simple_tag
def brand_links(publication) -> str:
    """``<link>``s for the favicon and, for an accent of the publication's own, its stylesheet.

    ``publication`` is Wagtail's settings proxy value: an empty string when the request
    matches no site, which gets Herald's own icon and colours.
    """
    return mark_safe(branding(publication)["links"])


@register.simple_tag
def masthead_logo(publication) -> str:
    """The logo, sized and sharp on dense screens, named by the publication; else the name
    (nothing when the request matches no site: see ``brand_links``)."""
    return mark_safe(branding(publication)["logo"])


def _brand_links(publication) -> str:
    branded = bool(publication)
    icon = publication.icon("icon") if branded else None
    touch = publication.icon("apple-touch-icon") if icon is not None else None
    if icon is None:
        links = [("icon", static("site/favicon.svg"), mark_safe(' type="image/svg+xml"'))]
    else:
        links = [("icon", icon.url, mark_safe(' sizes="32x32" type="image/png"')),
                 ("apple-touch-icon", touch.url, mark_safe(' sizes="180x180"'))]
    if branded and publication.has_own_accent:
        colour = publication.accent.lstrip("#")
        links.append(("stylesheet", reverse("brand-css", kwargs={"colour": colour}), ""))
    return str(format_html_join("\n", '<link rel="{}" href="{}"{}>', links))


def _masthead_logo(publication) -> str:
    renditions = publication.logo_renditions() if publication else []
    if not renditions:
        return str(format_html("{}", getattr(publication, "name", "")))
    one, two = renditions[0], renditions[-1]
    return str(format_html(
        '<img class="masthead__logo" src="{}" srcset="{} 1x, {} 2x" width="{}" height="{}" '
        'alt="{}">',
        one.url, one.url, two.url, one.width, one.height, publication.name,
    ))
