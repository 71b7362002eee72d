"""Wagtail site settings read from the shared cache while the content version holds.

Every reader page reads the publication's settings (its name, prompts, the
meter's rules); Wagtail's ``for_site`` asks the database each time. A setting
whose changes bump the content version (its ``post_save`` handler) can mix in
``VersionedSiteSetting`` and cost one cache round trip instead: the copy is
kept under the content version it was read at, so the very next request
after a change reads the new values.
"""

from __future__ import annotations

from herald.core import content_version

SETTING_SECONDS = 3600


class VersionedSiteSetting:
    """Mix into a ``BaseSiteSetting`` (before it) whose saves bump the content version."""

    @classmethod
    def for_site(cls, site):
        read = super().for_site
        if site is None:
            return read(site)
        key = f"site-setting:{cls._meta.label_lower}:{site.pk}"
        return content_version.cached(key, SETTING_SECONDS, lambda: read(site))
