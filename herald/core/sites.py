"""The Wagtail site a request or a background job belongs to.

A request is served by the site of its host (``Site.find_for_request``); work
done outside a request (e-mails, newsletter issues, the demo) and a request on a
host no site claims use the site marked default. One place says how that one is
found, for every layer above.
"""

from __future__ import annotations

from wagtail.models import Site


def default_site() -> Site | None:
    """The site marked default, or None while no site is configured yet."""
    return Site.objects.filter(is_default_site=True).first()


def site_for(request) -> Site | None:
    """The site serving ``request`` (None: no request), else the default site."""
    site = Site.find_for_request(request) if request is not None else None
    return site or default_site()
