"""System checks: the paywall cannot work with its middleware missing or misplaced, nor
its pictures with signed addresses that expire before the pages that carry them."""

from django.conf import settings
from django.core.checks import Error, Warning, register

ACCESS_MIDDLEWARE = "herald.access.middleware.AccessMiddleware"
PAGE_CACHE_MIDDLEWARE = "herald.site.cache.AnonymousPageCacheMiddleware"


@register()
def check_access_middleware(app_configs, **kwargs):
    middleware = list(settings.MIDDLEWARE)
    if ACCESS_MIDDLEWARE not in middleware:
        return [
            Error(
                "The access middleware is not installed.",
                hint=f"Add {ACCESS_MIDDLEWARE!r} to MIDDLEWARE, just before {PAGE_CACHE_MIDDLEWARE!r}.",
                id="access.E001",
            )
        ]
    if PAGE_CACHE_MIDDLEWARE in middleware and middleware.index(
        PAGE_CACHE_MIDDLEWARE
    ) < middleware.index(ACCESS_MIDDLEWARE):
        return [
            Error(
                "The access middleware comes after the page cache, which would then serve "
                "one reader's page to another.",
                hint=f"Move {ACCESS_MIDDLEWARE!r} before {PAGE_CACHE_MIDDLEWARE!r} in MIDDLEWARE.",
                id="access.E002",
            )
        ]
    return []


@register()
def check_meter_cache(app_configs, **kwargs):
    alias = getattr(settings, "HERALD_METER_CACHE", "default")
    if alias not in settings.CACHES:
        return [
            Warning(
                f"HERALD_METER_CACHE names the cache {alias!r}, which is not in CACHES; "
                "meter records go to the default cache.",
                hint="Add the cache to CACHES or set HERALD_METER_CACHE to an existing alias.",
                id="access.W001",
            )
        ]
    if alias == "default" and "filebased" in settings.CACHES[alias]["BACKEND"]:
        return [
            Warning(
                "Meter records share the file-based page cache: many anonymous readers "
                "would push cached pages out of it.",
                hint="Set REDIS_URL, or give the meter a cache of its own (HERALD_METER_CACHE).",
                id="access.W002",
            )
        ]
    return []


READING_MARGIN = 300  # seconds a reader may take to scroll to a lazily loaded picture


@register()
def check_signed_media_lifetime(app_configs, **kwargs):
    """A gated page is cached for HERALD_PAGE_CACHE_SECONDS; its signed addresses must outlive it."""
    from herald.access.media import lifetime

    seconds, cached = lifetime(), getattr(settings, "HERALD_PAGE_CACHE_SECONDS", 0)
    if seconds < cached + READING_MARGIN:
        return [
            Error(
                f"HERALD_SIGNED_MEDIA_SECONDS ({seconds}) is too short: a gated story's page is "
                f"cached for up to {cached} seconds, and its pictures would stop loading before "
                "the page does.",
                hint=f"Set HERALD_SIGNED_MEDIA_SECONDS to at least {cached + READING_MARGIN} "
                "(HERALD_PAGE_CACHE_SECONDS + 300); the default is 3600.",
                id="access.E003",
            )
        ]
    return []
