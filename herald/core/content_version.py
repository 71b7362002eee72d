"""A counter that changes whenever published content changes.

Cached pages and fragments put it in their keys, so publishing, unpublishing
or correcting a story shows on the very next request, in every worker.
"""

from django.core.cache import cache

KEY = "herald:content-version"


def current() -> int:
    value = cache.get(KEY)
    if value is None:
        cache.add(KEY, 1, timeout=None)
        value = cache.get(KEY) or 1
    return value


def bump() -> None:
    try:
        cache.incr(KEY)
    except ValueError:
        cache.set(KEY, 2, timeout=None)
