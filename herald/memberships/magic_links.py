"""Passwordless sign-in: single-use links that expire and, where the browser
keeps cookies, work only in the browser that asked for them.

Only SHA-256 hashes are stored: the token lives in the e-mail, the browser
secret in a cookie set when the link was requested.
"""

from __future__ import annotations

import enum
import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from herald.memberships.models import SignInLink

BROWSER_COOKIE = "herald_signin"


class Outcome(enum.Enum):
    OK = "ok"
    UNKNOWN = "unknown"
    USED = "used"
    EXPIRED = "expired"
    OTHER_BROWSER = "other_browser"


def _hash(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def lifetime() -> timedelta:
    return timedelta(minutes=getattr(settings, "HERALD_MAGIC_LINK_MINUTES", 15))


def new_browser_secret() -> str:
    return secrets.token_urlsafe(32)


def browser_hash(browser_secret: str) -> str:
    """What is stored of a browser's secret (so a queued task never carries the secret)."""
    return _hash(browser_secret) if browser_secret else ""


def issue(email: str, *, browser_secret: str = "", hashed_browser: str | None = None,
          next_path: str = "") -> str:
    """Store a new link for ``email`` and return its token (to put in the e-mail).

    The browser is named by its secret or, from a queued task, by ``browser_hash``'s value.
    """
    token = secrets.token_urlsafe(32)
    SignInLink.objects.create(
        token_hash=_hash(token),
        browser_hash=browser_hash(browser_secret) if hashed_browser is None else hashed_browser,
        email=email, next_path=next_path[:300], expires_at=timezone.now() + lifetime(),
    )
    return token


def find(token: str) -> SignInLink | None:
    return SignInLink.objects.filter(token_hash=_hash(token)).first()


def check(link: SignInLink | None, browser_secret: str) -> Outcome:
    """Whether ``link`` may sign in the browser holding ``browser_secret`` (pure)."""
    if link is None:
        return Outcome.UNKNOWN
    if link.used_at is not None:
        return Outcome.USED
    if link.is_expired:
        return Outcome.EXPIRED
    if link.browser_hash and not secrets.compare_digest(link.browser_hash, _hash(browser_secret or "")):
        return Outcome.OTHER_BROWSER
    return Outcome.OK


def redeem(token: str, browser_secret: str) -> tuple[Outcome, SignInLink | None]:
    """Use the link once: a second use, even a concurrent one, gets USED."""
    link = find(token)
    outcome = check(link, browser_secret)
    if outcome is Outcome.OK:
        claimed = SignInLink.objects.filter(pk=link.pk, used_at__isnull=True).update(used_at=timezone.now())
        if not claimed:
            outcome = Outcome.USED
    return outcome, link


def purge_expired() -> int:
    """Delete links past their expiry (they can no longer be used)."""
    return SignInLink.objects.filter(expires_at__lt=timezone.now() - timedelta(days=1)).delete()[0]
