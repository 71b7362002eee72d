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

A new read is counted when it is decided (``claim``), before the page is
served, and taken back (``release``) if the page is not served after all. In
Redis (``meter_redis``) reading the server copy, deciding and counting are one
atomic script, so two requests cannot both take a reader's last free story;
any other cache (the file cache of a deployment without Redis) gets and sets.
"""

from __future__ import annotations

import binascii
import functools
import hashlib
import hmac
import logging
import time
from dataclasses import dataclass, replace
from datetime import datetime
from http.cookies import Morsel

from django.conf import settings
from django.core import signing
from django.core.cache import caches
from django.utils.http import http_date
from redis.exceptions import RedisError

from herald.access import meter_redis
from herald.access.policy import MeterState
from herald.access.readers import Reader
from herald.core.ratelimit import client_ip

logger = logging.getLogger(__name__)
WINDOW_DAYS = 30
COOKIE_NAME = "herald_meter"
SALT = "herald.access.meter"
MAX_ENTRIES = 200  # far above any sensible meter; bounds the cookie's size
DAY_SECONDS = 86400
KEEP_SECONDS = 2 * WINDOW_DAYS * DAY_SECONDS  # a record outlives the period after its own


def store_alias() -> str:
    """The cache that keeps meter records (``HERALD_METER_CACHE``; the page cache by default)."""
    alias = getattr(settings, "HERALD_METER_CACHE", "default")
    return alias if alias in settings.CACHES else "default"


def store():
    return caches[store_alias()]


def redis_store():
    """The meter's cache when it is django-redis, where ``claim`` reads, decides and
    counts in one atomic step; None for any other cache, and for a few seconds after
    Redis could not be reached (the cache's own methods then miss instead of raising,
    so the meter counts from the cookie alone and pages are still served)."""
    if time.monotonic() < _redis_down_until:
        return None
    cache = store()
    return cache if type(cache).__module__.startswith("django_redis") else None


REDIS_RETRY_SECONDS = 5
_redis_down_until = 0.0


def forget_redis_outage() -> None:
    """Try Redis again on the next request (tests, after restoring it)."""
    global _redis_down_until
    _redis_down_until = 0.0


def _redis_unreachable(error: Exception) -> None:
    global _redis_down_until
    logger.warning("Meter: Redis unreachable (%s); counting from cookies for %d s",
                   error, REDIS_RETRY_SECONDS)
    _redis_down_until = time.monotonic() + REDIS_RETRY_SECONDS


def atomic() -> bool:
    return redis_store() is not None


def day_of(now: datetime) -> int:
    return int(now.timestamp() // DAY_SECONDS)


@dataclass
class Reads:
    """One reader's meter records as found on this request."""

    cookie: dict[int, int]  # story id -> day read, from the cookie
    server: dict[int, int]  # story id -> day read, from the cache
    server_key: str | None  # None: the server copy was not read (see ``cookie_only``)
    claimed: bool = False  # the server copy was read by ``claim``: nothing more to count
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
    previous period's (read, never written)."""
    if reader.user_id is not None:
        return [f"meter:u:{reader.user_id}"]
    period = day_of(now) // WINDOW_DAYS
    ident = f"{client_ip(request)}|{request.META.get('HTTP_USER_AGENT', '')[:300]}"
    key = _identifier_key(settings.SECRET_KEY)
    return [
        f"meter:a:{p}:{_hmac_sha256(key, f'{p}|{ident}'.encode()).hex()[:32]}"
        for p in (period, period - 1)
    ]


@functools.lru_cache(maxsize=4)
def _identifier_key(secret: str) -> bytes:
    # salted_hmac's key derivation, done once per process instead of per request.
    return hashlib.sha256((SALT + secret).encode()).digest()


def _hmac_sha256(key: bytes, message: bytes) -> bytes:
    """``hmac.digest(key, message, "sha256")`` from a keyed HMAC prepared once per
    process and copied: a fresh HMAC costs OpenSSL more than the hashing."""
    mac = _keyed_hmac(key).copy()
    mac.update(message)
    return mac.digest()


@functools.lru_cache(maxsize=8)
def _keyed_hmac(key: bytes) -> hmac.HMAC:
    return hmac.new(key, digestmod=hashlib.sha256)


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
    redis = redis_store()
    if redis is not None:  # the claim script, counting nothing
        reads = claim_with_page(redis, request, reader, now, cookie_only(request), 0, 0,
                                count=False)[0]
        return replace(reads, claimed=False)
    keys = server_keys(request, reader, now)
    return reads_from(cookie_only(request), keys, store().get_many(keys))


def reads_from(reads: Reads, keys: list[str], found: dict) -> Reads:
    """``reads`` completed with the server copy from ``found``, the cache's answer for ``keys``."""
    server: dict[int, int] = {}
    for key in reversed(keys):  # the current period wins
        server.update(found.get(key) or {})
    return Reads(cookie=reads.cookie, server=server, server_key=keys[0])


def claim(request, reader: Reader, now: datetime, reads: Reads, story_id: int, limit: int,
          *, count: bool) -> Reads:
    """``reads`` with the server copy, and ``story_id`` counted (``count``) if it is
    a new story and fewer than ``limit`` were read in the window.

    Redis does it in one atomic round trip; another cache reads (unless
    ``reads`` already hold the server copy) and sets. Returns the reads as they
    were before this one, with ``counted`` set when it was counted.
    """
    redis = redis_store()
    if redis is not None:
        return claim_with_page(redis, request, reader, now, reads, story_id, limit,
                               count=count)[0]
    today = day_of(now)
    if reads.server_key is None:
        keys = server_keys(request, reader, now)
        reads = reads_from(reads, keys, store().get_many(keys))
    entries = reads.merged(today)
    counted = count and story_id not in entries and len(entries) < limit
    if counted:
        _write(reads.server_key, {**entries, story_id: today})
    return replace(reads, claimed=True, counted=story_id if counted else None)


def claim_with_page(redis, request, reader: Reader, now: datetime, reads: Reads, story_id: int,
                    limit: int, *, count: bool, version: tuple[str, int] | None = None,
                    pages: tuple[str, str] | None = None) -> tuple[Reads, object, dict]:
    """``claim`` in ``redis`` (what ``redis_store`` returned), fetching in the same
    round trip the content version (``version``: its key and the value
    expected) and the page for the outcome (``pages``: the full page's key, the
    cut page's). Counts only while the version is the expected one (always,
    without ``version``).

    Returns the reads, the version found (None: absent or not asked) and
    ``{key: entry}`` for the page of the outcome, if found.
    """
    today = day_of(now)
    keys = server_keys(request, reader, now)
    try:
        found, counted, found_version, page = meter_redis.claim(
            redis, keys, reads.cookie, story_id, limit, today, count=count,
            first_day=today - WINDOW_DAYS + 1, keep_seconds=KEEP_SECONDS, most=MAX_ENTRIES,
            version=version, pages=pages,
        )
    except RedisError as error:
        # No server copy, nothing counted, and no version: a caller holding a version
        # decides afresh, without Redis (``redis_store`` is None for a while).
        _redis_unreachable(error)
        return Reads(reads.cookie, {}, keys[0], claimed=True), None, {}
    claimed = Reads(reads.cookie, found, keys[0], claimed=True,
                    counted=story_id if counted else None)
    return claimed, found_version, page


def release(reads: Reads, now: datetime) -> Reads:
    """Take back the read ``claim`` counted on this request: its page was not served."""
    if reads.counted is None:
        return reads
    redis = redis_store()
    if redis is not None:
        try:
            meter_redis.forget(redis, reads.server_key, reads.counted)
        except RedisError as error:
            _redis_unreachable(error)
    else:
        _write(reads.server_key, reads.merged(day_of(now)))
    return replace(reads, counted=None)


def remember(reads: Reads, story_id: int | None, now: datetime) -> dict[int, int]:
    """Count ``story_id`` (None: nothing new) and return the entries the cookie should hold.

    A story ``claim`` counted is on the server already: nothing is written.
    """
    today = day_of(now)
    entries = reads.merged(today)
    if story_id is not None and story_id not in entries:
        entries[story_id] = today
        if reads.counted == story_id:
            return _newest(entries)
        if reads.server_key is None:
            raise ValueError("Counting a read needs the server copy: load() the reads first.")
        entries = _write(reads.server_key, entries)
    return entries


def _newest(entries: dict[int, int]) -> dict[int, int]:
    return dict(sorted(entries.items(), key=lambda item: item[1])[-MAX_ENTRIES:])


def _write(key: str, entries: dict[int, int]) -> dict[int, int]:
    kept = _newest(entries)
    redis = redis_store()
    if redis is not None:
        try:
            meter_redis.record(redis, key, kept, KEEP_SECONDS)
        except RedisError as error:
            _redis_unreachable(error)
    else:
        store().set(key, kept, timeout=KEEP_SECONDS)
    return kept


def cookie_value(entries: dict[int, int]) -> str:
    """``signing.dumps(sorted(entries.items()), salt=SALT)``, the same bytes at a third of the cost.

    Signing is on the path of every new read; Django's derives the HMAC key
    from ``SECRET_KEY`` on each call, this derives it once per process. A test
    holds it to ``signing.dumps``' output; ``signing.loads`` verifies it.
    """
    # json.dumps(..., separators=(",", ":")) of integer pairs, as signing's serializer writes it
    payload = "[" + ",".join(f"[{story},{day}]" for story, day in sorted(entries.items())) + "]"
    value = f"{_b64(payload.encode())}:{_timestamp(int(time.time()))}"
    digest = _hmac_sha256(_signing_key(settings.SECRET_KEY), value.encode())
    return f"{value}:{_b64(digest)}"


_URL_SAFE = bytes.maketrans(b"+/", b"-_")


def _b64(data: bytes) -> str:
    # base64.urlsafe_b64encode without its two Python layers, and without padding
    return binascii.b2a_base64(data, newline=False).translate(_URL_SAFE).rstrip(b"=").decode()


@functools.lru_cache(maxsize=2)
def _timestamp(second: int) -> str:
    return signing.b62_encode(second)


@functools.lru_cache(maxsize=4)
def _signing_key(secret: str) -> bytes:
    # django.core.signing.Signer's key: salted_hmac(SALT + "signer", ..., secret).
    return hashlib.sha256((SALT + "signer" + secret).encode()).digest()


def set_cookie(response, entries: dict[int, int]) -> None:
    """Set the meter cookie on ``response``.

    What ``response.set_cookie(COOKIE_NAME, value, max_age=30 days,
    secure=SESSION_COOKIE_SECURE, httponly=True, samesite="Lax")`` sets, with
    the attributes (and their part of the Set-Cookie line) prepared once a
    second: Django's checks, date formatting and the morsel's rendering cost
    as much as the signing, on every new read. A test holds the two to the
    same output.
    """
    template, attributes = _morsel_template(int(time.time()), settings.SESSION_COOKIE_SECURE)
    response.cookies[COOKIE_NAME] = _MeterMorsel(cookie_value(entries), template, attributes)


class _MeterMorsel(Morsel):
    """A morsel with the template's attributes and a ready-made Set-Cookie line."""

    def __init__(self, value: str, template: Morsel, attributes: str):
        super().__init__()
        dict.update(self, template)
        # Signed values are URL-safe base64 and colons: nothing to quote.
        self._key, self._value, self._coded_value = COOKIE_NAME, value, value
        self._attributes = attributes

    def OutputString(self, attrs=None):  # noqa: N802 (http.cookies' name)
        if attrs is not None:
            return super().OutputString(attrs)
        return f"{COOKIE_NAME}={self._coded_value}{self._attributes}"


@functools.lru_cache(maxsize=2)
def _morsel_template(second: int, secure: bool) -> tuple[Morsel, str]:
    from django.http import HttpResponse

    response = HttpResponse()
    max_age = WINDOW_DAYS * DAY_SECONDS
    response.set_cookie(COOKIE_NAME, "x", max_age=max_age, secure=secure, httponly=True,
                        samesite="Lax")
    morsel = response.cookies[COOKIE_NAME]
    morsel["expires"] = http_date(second + max_age)
    return morsel, morsel.OutputString()[len(f"{COOKIE_NAME}=x"):]
