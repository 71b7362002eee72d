"""Wagtail site settings read from the shared cache while the content version holds.

Every reader page reads the publication's settings (its name, prompts, the
meter's rules); Wagtail's ``for_site`` asks the database each time. A setting
whose changes bump the reference version (its ``post_save`` handler; see
``herald.core.content_version``) can mix in ``VersionedSiteSetting`` and cost
one cache round trip instead: the copy is kept under the reference version it
was read at, so the very next request after a change reads the new values,
and publishing a story (which bumps only the content version) does not make
every worker read the settings again.
"""

from __future__ import annotations

from herald.core import content_version

SETTING_SECONDS = 3600


class VersionedSiteSetting:
    """Mix into a ``BaseSiteSetting`` (before it) whose saves bump the reference version."""

    @classmethod
    def cache_key(cls, site_id) -> str:
        """Where the copy for the site ``site_id`` is kept (a page may prefetch it)."""
        return f"site-setting:{cls._meta.label_lower}:{site_id}"

    @classmethod
    def for_site(cls, site):
        read = super().for_site
        if site is None:
            return read(site)
        return content_version.cached(cls.cache_key(site.pk), SETTING_SECONDS,
                                      lambda: read(site), content_version.REFERENCES_KEY)
