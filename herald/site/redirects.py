"""Redirects for a page's old address, made only when readers could know it.

Wagtail's own automatic redirects (WAGTAILREDIRECTS_AUTO_CREATE, off in
herald.settings) follow every slug change, drafts included: renaming a story
that was never published made a public redirect whose target spelt out the
unpublished headline. Here a redirect is made only when the old address was
public and the new one is being published.
"""

from __future__ import annotations

from wagtail.contrib.redirects.signal_handlers import create_redirects
from wagtail.models import Site


def _sites_serving(page) -> list[Site]:
    return [
        site for site in Site.objects.select_related("root_page")
        if site.root_page_id != page.pk and page.url_path.startswith(site.root_page.url_path)
    ]


def redirect_published_slug_change(sender, instance, instance_before, **kwargs):
    """Connected to page_slug_changed (sent after the commit that saved the page)."""
    if not (instance_before.live and instance.live):
        return
    create_redirects(page=instance, page_old=instance_before, sites=_sites_serving(instance))


def redirect_published_move(sender, instance, url_path_after, url_path_before, **kwargs):
    """Connected to post_page_move: a live page keeps its old address working."""
    if url_path_after == url_path_before or not instance.live:
        return
    instance = instance.specific
    page_old = type(instance)()
    page_old.__dict__.update(instance.__dict__)
    page_old.url_path = url_path_before
    sites = [site for site in _sites_serving(instance) if url_path_before.startswith(site.root_page.url_path)]
    create_redirects(page=instance, page_old=page_old, sites=sites)
