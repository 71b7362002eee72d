"""The meter: which metered stories a reader has read in the last 30 days.

Two records, merged on every metered request:

* a signed cookie (``django.core.signing.Signer``) listing the story ids read
  and the day each was read ("17.20792-33.20790"), so a reader's count follows
  their browser; each read leaves the window by its day, so the signature needs
  no timestamp;
* a server-side copy in the cache named by ``HERALD_METER_CACHE``, keyed by
  the signed-in user or, for anonymous readers, by a keyed hash of their
  address and user agent with ``SECRET_KEY`` that changes every 30-day period. No
  address is stored, and the identifier cannot be linked across periods;
  deleting the cookie alone does not reset the count.

A story counts once in the window however often it is reloaded. Readers
behind one address with the same browser share a meter: the price of never
storing who they are.

This module keeps the records; it does not decide. ``claim`` hands the
records it finds to the caller's ``counts`` (``policy.can_read``, through
``entitlement``) and counts the read if that says so. The store
(``meter_store``) only counts: in Redis it adds the read and returns the
records in one atomic transaction, and takes the read back if the policy
refuses it, so two requests cannot both take a reader's last free story; any
other cache gets and sets.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime

from django.conf import settings
from django.core import signing
from django.core.cache import DEFAULT_CACHE_ALIAS, caches
from django.utils.http import http_date

from herald.access import meter_store
from herald.access.policy import MeterState
from herald.access.readers import Reader
from herald.core.ratelimit import client_ip

WINDOW_DAYS = 30
COOKIE_NAME = "herald_meter"
SALT = "herald.access.meter"  # the cookie's signature
KEY_PERSON = b"herald.meter"  # the server keys' hash (BLAKE2b personalisation, at most 16 bytes)
MAX_ENTRIES = 200  # far above any sensible meter; bounds the cookie's size
DAY_SECONDS = 86400
COOKIE_SECONDS = WINDOW_DAYS * DAY_SECONDS
KEEP_SECONDS = 2 * WINDOW_DAYS * DAY_SECONDS  # a record outlives the period after its own


def store() -> meter_store.MeterStore:
    """Where the server copies live (``HERALD_METER_CACHE``; the default cache otherwise)."""
    alias = getattr(settings, "HERALD_METER_CACHE", "default")
    return meter_store.for_cache(alias if alias in settings.CACHES else "default")


def day_of(now: datetime) -> int:
    return int(now.timestamp() // DAY_SECONDS)


@dataclass
class Reads:
    """One reader's meter records as found on this request."""

    cookie: dict[int, int]  # story id -> day read, from the cookie
    server: dict[int, int]  # story id -> day read, from the server copy, before this read
    server_key: str | None  # None: the server copy was not read (see ``cookie_only``)
    claimed: bool = False  # read by ``claim``: the read, if it counts, is counted
    counted: int | None = None  # the story ``claim`` counted now (not in ``server``)

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
    previous period's (read, never written).

    An anonymous reader's key is a keyed BLAKE2b hash (``hashlib.blake2b``'s MAC
    mode, its key derived from ``SECRET_KEY``) of the period, their address and
    their user agent: it names no address, and nobody without the secret can tell
    that two periods' keys are one reader's.
    """
    if reader.user_id is not None:
        return [f"meter:u:{reader.user_id}"]
    period = day_of(now) // WINDOW_DAYS
    ident = f"{client_ip(request)}|{request.META.get('HTTP_USER_AGENT', '')[:300]}".encode()
    key = mac_key(settings.SECRET_KEY)
    return [f"meter:a:{p}:{hashlib.blake2b(b'%d|%s' % (p, ident), key=key, digest_size=16).hexdigest()}"
            for p in (period, period - 1)]


@functools.lru_cache(maxsize=4)
def mac_key(secret: str) -> bytes:
    """The key of the server keys' hash, derived from ``secret`` once per worker (another
    secret, after a rotation, derives its own)."""
    return hashlib.blake2b(secret.encode(), person=KEY_PERSON).digest()


def read_cookie(request) -> dict[int, int]:
    """The reads the meter cookie lists; none for a missing or tampered cookie (reads
    older than the window drop out where the records merge)."""
    raw = request.COOKIES.get(COOKIE_NAME)
    if not raw or len(raw) > 4096:
        return {}
    listed = verified(raw, settings.SECRET_KEY, tuple(settings.SECRET_KEY_FALLBACKS))
    if listed is None:
        return _earlier_cookie(raw)
    return dict(listed)


@functools.lru_cache(maxsize=1024)
def verified(raw: str, secret: str, fallbacks: tuple[str, ...]) -> tuple[tuple[int, int], ...] | None:
    """The (story id, day) pairs a compact cookie lists, once its signature verifies under
    ``secret`` (or one of ``fallbacks``): none for a tampered cookie; None for a value
    that is not a compact list (a cookie of the earlier format).

    Once per worker for each cookie value it has seen lately: the answer depends
    only on the value and the keys, all three in the cache's key, and a reader
    sends the same cookie with every page until their next counted read (as do
    all readers with the same reads: every first reader of a story that day).
    A cookie of the earlier format is not kept here: its signature has an age.
    """
    try:
        listed = signing.Signer(key=secret, fallback_keys=fallbacks, salt=SALT).unsign(raw)
    except signing.BadSignature:
        return ()  # tampered: the server copy still counts
    try:
        return tuple((int(story_id), int(day)) for story_id, day in
                     (entry.split(".") for entry in listed.split("-") if entry))
    except ValueError:
        return None


def _earlier_cookie(raw: str) -> dict[int, int]:
    """The reads of a cookie written by ``signing.dumps`` before 5 December 2026 (pairs
    of story id and day). Those cookies expire by 4 January 2027, and this with them."""
    try:
        pairs = signing.loads(raw, salt=SALT, max_age=COOKIE_SECONDS)
        return {int(story_id): int(day) for story_id, day in pairs}
    except (signing.BadSignature, TypeError, ValueError):
        return {}


def cookie_only(request) -> Reads:
    """The cookie's records alone.

    Enough when they already decide: a story in the cookie was read, and a
    cookie that used up the meter cannot get fresher by adding the server's
    reads. Whenever the cookie would let a reader read a new story, the
    server copy must be read too (``claim``): the cookie may have been deleted.
    """
    return Reads(cookie=read_cookie(request), server={}, server_key=None)


def load(request, reader: Reader, now: datetime) -> Reads:
    """The reader's meter records, the cookie's and the server's, counting nothing."""
    keys = server_keys(request, reader, now)
    return Reads(cookie=read_cookie(request), server=store().reads(keys), server_key=keys[0])


def claim(request, reader: Reader, now: datetime, reads: Reads, story_id: int, *, count: bool,
          counts: Callable[[Reads], bool], fetch=(), fetch_if_refused=()) -> tuple[Reads, dict]:
    """``reads`` completed with the server copy, and ``story_id`` counted on it if
    ``count`` (a GET) and ``counts`` (the policy, given the reads before this
    one) says this read uses up one story of the meter.

    ``fetch``: keys of the default cache the caller needs too (the page), read
    in the same round trip where the store can; ``fetch_if_refused``: keys it
    needs when ``counts`` refuses a new read (the cut page), read with the trip
    that takes the read back. Returns the reads as they were
    before this one, with ``counted`` set when it was counted, and ``fetch``'s
    values as ``cache.get_many`` returns them. In Redis the count is atomic
    (see ``meter_store``).
    """
    keys = server_keys(request, reader, now)
    today = day_of(now)
    if not count:  # a HEAD request: nothing to count
        found = caches[DEFAULT_CACHE_ALIAS].get_many(fetch) if fetch else {}
        return Reads(reads.cookie, store().reads(keys), keys[0], claimed=True), found

    def policy_says(server: dict[int, int]) -> bool:
        return counts(Reads(reads.cookie, server, keys[0]))

    server, counted, found = store().count(keys, story_id, today, policy_says,
                                           first_day=today - WINDOW_DAYS + 1,
                                           keep_seconds=KEEP_SECONDS, fetch=fetch,
                                           fetch_if_refused=fetch_if_refused)
    return Reads(reads.cookie, server, keys[0], claimed=True,
                 counted=story_id if counted else None), found


def release(reads: Reads) -> Reads:
    """Take back the read ``claim`` counted on this request: its page was not served."""
    if reads.counted is None:
        return reads
    store().forget(reads.server_key, reads.counted, keep_seconds=KEEP_SECONDS)
    return replace(reads, counted=None)


def cookie_entries(reads: Reads, now: datetime) -> dict[int, int]:
    """What the cookie should hold after this request: the reads in the window, the one
    counted now included, newest ``MAX_ENTRIES`` of them."""
    today = day_of(now)
    entries = reads.merged(today)
    if reads.counted is not None:
        entries.setdefault(reads.counted, today)
    return dict(sorted(entries.items(), key=lambda item: item[1])[-MAX_ENTRIES:])


def listing(entries: dict[int, int]) -> str:
    """What the cookie lists for ``entries`` (story id -> day): "17.20792-33.20790"."""
    return "-".join(f"{story_id}.{day}" for story_id, day in sorted(entries.items()))


def cookie_value(entries: dict[int, int]) -> str:
    """The signed cookie value for ``entries`` (``signing.Signer``)."""
    return cookie_for(listing(entries), settings.SECRET_KEY)[0]


@functools.lru_cache(maxsize=1024)
def cookie_for(listed: str, secret: str) -> tuple[str, str]:
    """The cookie for ``listed``: its value, signed with ``secret``, and when it expires
    (an HTTP date: the day its newest read leaves the window, when every read it lists
    counts for nothing), once per worker for each list it has set lately.

    Both depend only on the list and the secret, both in the key; another
    secret (a rotation) signs afresh. A reader's first metered read gets the
    same cookie as every other first reader of that story that day
    ("33.20792"), so most cookies a worker sets it has made before.
    """
    days = [int(entry.rsplit(".", 1)[1]) for entry in listed.split("-") if entry]
    expires = http_date((max(days) + WINDOW_DAYS) * DAY_SECONDS) if days else ""
    return signing.Signer(key=secret, salt=SALT).sign(listed), expires


def set_cookie(response, entries: dict[int, int]) -> None:
    """Set the meter cookie on ``response`` (``response.set_cookie``): HTTP only, same-site
    Lax, until the day its newest read leaves the window; a meter with no reads in
    the window needs no cookie."""
    if not entries:
        response.delete_cookie(COOKIE_NAME, samesite="Lax")
        return
    value, expires = cookie_for(listing(entries), settings.SECRET_KEY)
    response.set_cookie(COOKIE_NAME, value, expires=expires,
                        secure=settings.SESSION_COOKIE_SECURE, httponly=True, samesite="Lax")
