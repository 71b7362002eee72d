"""The Wagtail site a request or a background job belongs to.

A request is served by the site of its host (``Site.find_for_request``); work
done outside a request (e-mails, newsletter issues, the demo) and a request on a
host no site claims use the site marked default. One place says how that one is
found, for every layer above.

Wagtail looks the site up in the database on every request (one query, whose
compilation costs more than a cached page's render) and keeps it only on the
request. ``find_site`` keeps it in the shared cache per host and port, under the
reference version, with its root page in its specific form (routing asks for
``root_page.specific``, a second query). The reference version changes whenever
the answer could: a site saved or deleted, the root page published, unpublished,
moved, renamed or deleted (``herald.site.signal_handlers``).
"""

from __future__ import annotations

from django.core.exceptions import DisallowedHost
from django.http.request import split_domain_port
from wagtail.models import Site

from herald.core import content_version

SITE_SECONDS = 3600


def default_site() -> Site | None:
    """The site marked default, or None while no site is configured yet."""
    return Site.objects.filter(is_default_site=True).first()


def site_for(request) -> Site | None:
    """The site serving ``request`` (None: no request), else the default site."""
    site = Site.find_for_request(request) if request is not None else None
    return site or default_site()


def site_key(request) -> str | None:
    """The cache key of the site serving ``request``'s host and port (the two things
    Wagtail's lookup reads), or None for a host Django refuses (``ALLOWED_HOSTS``)."""
    try:
        hostname = split_domain_port(request.get_host())[0]
    except DisallowedHost:
        return None
    return f"site:{hostname}:{request.get_port()}" if hostname else None


def find_site(request) -> Site | None:
    """``Site.find_for_request(request)``, read from the cache while the reference
    version holds, with its root page in its specific form.

    The site is left where ``Site.find_for_request`` keeps a request's site
    (``request._wagtail_site``, named in its documentation), so Wagtail's routing,
    its settings and ``{% pageurl %}`` use it instead of asking the database. Every
    request gets its own copy (unpickled from the cache): nothing is shared between
    requests or kept in the process.
    """
    if hasattr(request, "_wagtail_site"):
        return request._wagtail_site
    key = site_key(request)
    if key is None:
        return Site.find_for_request(request)
    version, found = content_version.lookup([key], content_version.REFERENCES_KEY)
    site = found.get(key)
    if site is not None:
        request._wagtail_site = site
        return site
    site = Site.find_for_request(request)
    if site is not None:
        site.root_page = site.root_page.specific
        content_version.store(key, version, site, SITE_SECONDS)
    return site


def roots_a_site(page) -> bool:
    """Whether ``page`` is the root page of a site (from Wagtail's cached root paths)."""
    return any(root.root_path == page.url_path for root in Site.get_site_root_paths())
