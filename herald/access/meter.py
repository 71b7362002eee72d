"""The meter: which metered stories a reader has read in the last 30 days.

Two records, merged on every metered request:

* a signed cookie (``django.core.signing``) listing the story ids read and
  the day each was read, so a reader's count follows their browser;
* a server-side copy in Django's cache, keyed by the signed-in user or, for
  anonymous readers, by an HMAC of their address and user agent with
  ``SECRET_KEY`` that changes every 30-day period. No address is stored, and
  the identifier cannot be linked across periods; deleting the cookie alone
  does not reset the count.

A story counts once in the window however often it is reloaded. Readers
behind one address with the same browser share a meter: the price of never
storing who they are.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core import signing
from django.core.cache import caches

from herald.access.policy import MeterState
from herald.access.readers import Reader
from herald.core.ratelimit import client_ip

WINDOW_DAYS = 30
COOKIE_NAME = "herald_meter"
SALT = "herald.access.meter"
MAX_ENTRIES = 200  # far above any sensible meter; bounds the cookie's size
DAY_SECONDS = 86400


def store_alias() -> str:
    """The cache that keeps meter records (``HERALD_METER_CACHE``; the page cache by default)."""
    alias = getattr(settings, "HERALD_METER_CACHE", "default")
    return alias if alias in settings.CACHES else "default"


def store():
    return caches[store_alias()]


def day_of(now: datetime) -> int:
    return int(now.timestamp() // DAY_SECONDS)


@dataclass
class Reads:
    """One reader's meter records as found on this request."""

    cookie: dict[int, int]  # story id -> day read, from the cookie
    server: dict[int, int]  # story id -> day read, from the cache
    server_key: str | None  # None: the server copy was not read (see ``cookie_only``)

    def merged(self, today: int) -> dict[int, int]:
        """Both records, keeping reads inside the window."""
        first_day = today - WINDOW_DAYS + 1
        entries = dict(self.cookie)
        for story_id, day in self.server.items():
            entries[story_id] = min(day, entries.get(story_id, day))
        return {sid: day for sid, day in entries.items() if day >= first_day}

    def state(self, limit: int, today: int) -> MeterState:
        return MeterState(limit=limit, read=frozenset(self.merged(today)))


def server_keys(request, reader: Reader, now: datetime) -> list[str]:
    """Where the server keeps this reader's reads: this period's key first, then the
    previous period's (read, never written)."""
    if reader.user_id is not None:
        return [f"meter:u:{reader.user_id}"]
    period = day_of(now) // WINDOW_DAYS
    ident = f"{client_ip(request)}|{request.META.get('HTTP_USER_AGENT', '')[:300]}"
    key = _identifier_key(settings.SECRET_KEY)
    return [
        f"meter:a:{p}:{hmac.new(key, f'{p}|{ident}'.encode(), hashlib.sha256).hexdigest()[:32]}"
        for p in (period, period - 1)
    ]


@functools.lru_cache(maxsize=4)
def _identifier_key(secret: str) -> bytes:
    # salted_hmac's key derivation, done once per process instead of per request.
    return hashlib.sha256((SALT + secret).encode()).digest()


def read_cookie(request) -> dict[int, int]:
    raw = request.COOKIES.get(COOKIE_NAME)
    if not raw or len(raw) > 4096:
        return {}
    return dict(_verified(raw))


@functools.lru_cache(maxsize=4096)
def _verified(raw: str) -> tuple[tuple[int, int], ...]:
    # A reader sends the same cookie until they read a new story: check each
    # value once per process. Reads older than the window drop out in Reads.merged.
    try:
        pairs = signing.loads(raw, salt=SALT, max_age=WINDOW_DAYS * DAY_SECONDS)
        return tuple((int(story_id), int(day)) for story_id, day in pairs)
    except (signing.BadSignature, TypeError, ValueError):
        return ()  # tampered, expired or from an older format: the server copy still counts


def cookie_only(request) -> Reads:
    """The cookie's records alone.

    Enough when they already decide: a story in the cookie was read, and a
    cookie that used up the meter cannot get fresher by adding the server's
    reads. Whenever the cookie would let a reader read a new story, the
    server copy must be read too (``load``): the cookie may have been deleted.
    """
    return Reads(cookie=read_cookie(request), server={}, server_key=None)


def load(request, reader: Reader, now: datetime) -> Reads:
    """The reader's meter records: the cookie and the server copy, in one cache round trip."""
    keys = server_keys(request, reader, now)
    return reads_from(cookie_only(request), keys, store().get_many(keys))


def reads_from(reads: Reads, keys: list[str], found: dict) -> Reads:
    """``reads`` completed with the server copy from ``found``, the cache's answer for ``keys``."""
    server: dict[int, int] = {}
    for key in reversed(keys):  # the current period wins
        server.update(found.get(key) or {})
    return Reads(cookie=reads.cookie, server=server, server_key=keys[0])


def remember(reads: Reads, story_id: int | None, now: datetime) -> dict[int, int]:
    """Count ``story_id`` (None: nothing new) and return the entries the cookie should hold."""
    today = day_of(now)
    entries = reads.merged(today)
    if story_id is not None and story_id not in entries:
        if reads.server_key is None:
            raise ValueError("Counting a read needs the server copy: load() the reads first.")
        entries[story_id] = today
        kept = dict(sorted(entries.items(), key=lambda item: item[1])[-MAX_ENTRIES:])
        store().set(reads.server_key, kept, timeout=2 * WINDOW_DAYS * DAY_SECONDS)
        entries = kept
    return entries


def cookie_value(entries: dict[int, int]) -> str:
    return signing.dumps(sorted(entries.items()), salt=SALT)


def set_cookie(response, entries: dict[int, int]) -> None:
    response.set_cookie(
        COOKIE_NAME,
        cookie_value(entries),
        max_age=WINDOW_DAYS * DAY_SECONDS,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
