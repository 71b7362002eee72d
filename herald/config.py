"""Typed helpers that read deploy-specific settings from the environment.

Every value that differs between deployments comes from here, read once at
start-up by ``herald.settings``. A required value that is missing stops start-up
with :class:`ImproperlyConfigured` naming the variable.
"""

from __future__ import annotations

import ipaddress
import os
import secrets
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("HERALD_VAR_DIR", BASE_DIR / "var"))

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str | None = None) -> str:
    value = os.environ.get(name, default)
    if value is None:
        raise ImproperlyConfigured(
            f"Set the environment variable {name} (see docs/settings.md)."
        )
    return value


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    lowered = raw.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}.")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.") from None


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def demo_checkout() -> bool:
    """True under ``herald demo``, and for the other ``herald`` commands (not
    ``serve``) in a checkout where the demo generated var/secret_key and no
    SECRET_KEY is set: they then run with the demo's defaults (its key, the
    development payment provider), as the demo does."""
    if env_bool("HERALD_DEMO"):
        return True
    return (
        env_bool("HERALD_CLI")
        and not os.environ.get("SECRET_KEY")
        and (VAR_DIR / "secret_key").exists()
    )


def secret_key(debug: bool) -> str:
    """SECRET_KEY from the environment; the demo keeps a generated one in var/.

    The ``herald`` command (every subcommand but ``serve``) sets HERALD_CLI, so
    that in a checkout where the demo has generated var/secret_key, ``herald
    import`` or ``herald migrate`` use it as the demo does. A production server
    (``herald serve``, or gunicorn on herald.wsgi) still refuses to start
    without SECRET_KEY.
    """
    value = os.environ.get("SECRET_KEY")
    if value:
        return value
    key_file = VAR_DIR / "secret_key"
    if demo_checkout() and key_file.exists():
        return key_file.read_text().strip()
    if not (debug or env_bool("HERALD_DEMO")):
        raise ImproperlyConfigured(
            "Set SECRET_KEY to a long random string (production refuses to start "
            "without it; `herald demo` generates one under var/, which the other "
            "herald commands then use)."
        )
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def base_url() -> str:
    """HERALD_BASE_URL; in a demo checkout without it, the address ``herald demo`` last
    served at (var/base_url), so the links other ``herald`` commands mail (newsletters,
    sign-in) point at the demo, on whatever port it runs."""
    value = os.environ.get("HERALD_BASE_URL")
    if value:
        return value.rstrip("/")
    served = VAR_DIR / "base_url"
    if demo_checkout() and served.exists():
        return served.read_text().strip().rstrip("/")
    return "http://127.0.0.1:8000"


def database_url() -> str:
    return os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'herald.sqlite3'}"


def forwarded_allow_ips() -> list[str]:
    """FORWARDED_ALLOW_IPS: the proxies whose X-Forwarded-For is believed (default none)."""
    entries = env_list("FORWARDED_ALLOW_IPS", "")
    for entry in entries:
        if entry == "*":
            continue
        try:
            ipaddress.ip_network(entry, strict=False)
        except ValueError:
            raise ImproperlyConfigured(
                f"FORWARDED_ALLOW_IPS must list IP addresses or networks (or *), not {entry!r}."
            ) from None
    return entries


def redis_caches(url: str, *, prefix: str = "herald", timeout_ms: int = 1000) -> dict:
    """CACHES for a Redis at ``url``: the cache every page uses, and the rate limits'.

    Redis is a cache: when it cannot be reached the page cache, fragments and cached
    sessions miss (``IGNORE_EXCEPTIONS``) and pages render from the database, slower.
    Rate limits read the same Redis through an alias that raises instead, so each limit
    chooses how to fail (herald.core.ratelimit). Short socket timeouts keep a Redis that
    hangs from holding every worker.
    """
    seconds = timeout_ms / 1000
    common = {
        # django-redis keeps one client per process; Django's own backend builds one
        # per call (measured: +19-24% page throughput).
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": url,
        "KEY_PREFIX": prefix,
        "TIMEOUT": 300,
    }
    options = {"SOCKET_CONNECT_TIMEOUT": seconds, "SOCKET_TIMEOUT": seconds}
    return {
        "default": {**common, "OPTIONS": {**options, "IGNORE_EXCEPTIONS": True}},
        "ratelimit": {**common, "OPTIONS": dict(options)},
    }


def email_settings(url: str | None) -> dict:
    """Translate EMAIL_URL (smtp://, smtp+tls://, smtps://, postmark://TOKEN@, console://,
    file://, memory://, anymail-test://)."""
    if not url:
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": str(VAR_DIR / "outbox"),
        }
    parsed = urlparse(url)
    scheme = parsed.scheme
    if scheme == "console":
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    if scheme == "memory":
        return {"EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"}
    if scheme == "file":
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": parsed.path or str(VAR_DIR / "outbox"),
        }
    if scheme in {"smtp", "smtp+tls", "smtps"}:
        query = parse_qs(parsed.query)
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": parsed.hostname or "localhost",
            "EMAIL_PORT": parsed.port or (465 if scheme == "smtps" else 587 if scheme == "smtp+tls" else 25),
            "EMAIL_HOST_USER": unquote(parsed.username or ""),
            "EMAIL_HOST_PASSWORD": unquote(parsed.password or ""),
            "EMAIL_USE_TLS": scheme == "smtp+tls",
            "EMAIL_USE_SSL": scheme == "smtps",
            "EMAIL_TIMEOUT": _email_timeout(query.get("timeout", ["10"])[0]),
        }
    if scheme == "postmark":  # an e-mail service provider, through django-anymail
        return {
            "EMAIL_BACKEND": "anymail.backends.postmark.EmailBackend",
            "ANYMAIL": {"POSTMARK_SERVER_TOKEN": unquote(parsed.username or "")},
        }
    if scheme == "anymail-test":
        return {"EMAIL_BACKEND": "anymail.backends.test.EmailBackend", "ANYMAIL": {}}
    raise ImproperlyConfigured(
        f"EMAIL_URL scheme {scheme!r} is not supported; use smtp://, smtp+tls://, "
        "smtps://, postmark://, console://, file:// or memory://."
    )


def frontend_cache(url: str) -> dict:
    """WAGTAILFRONTENDCACHE for HERALD_FRONTEND_CACHE_URL: Varnish purged over HTTP, or nothing."""
    if not url:
        return {}
    parsed = urlparse(url)
    if parsed.scheme not in {"http", "https"} or not parsed.hostname:
        raise ImproperlyConfigured(
            f"HERALD_FRONTEND_CACHE_URL must be the HTTP address of the cache in front of "
            f"Herald, e.g. http://127.0.0.1:6081, not {url!r}."
        )
    return {
        "varnish": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": url.rstrip("/"),
        }
    }


SEARCH_ENGINES = {
    "elasticsearch8": "wagtail.search.backends.elasticsearch8",
    "elasticsearch9": "wagtail.search.backends.elasticsearch9",
    "opensearch2": "wagtail.search.backends.opensearch2",
    "opensearch3": "wagtail.search.backends.opensearch3",
}


def search_backends(url: str) -> dict:
    """WAGTAILSEARCH_BACKENDS for HERALD_SEARCH_URL: the database (empty), or a cluster.

    ``elasticsearch8://user:pass@host:9200/herald`` (or elasticsearch9, opensearch2,
    opensearch3; ``+https`` after the engine for TLS) names the engine, the node and
    the index prefix (the path, default ``herald``). The client package
    (``elasticsearch`` or ``opensearch-py``) must be installed beside Herald.
    """
    if not url:
        return {"default": {"BACKEND": "wagtail.search.backends.database"}}
    parsed = urlparse(url)
    engine, _, transport = parsed.scheme.partition("+")
    if engine not in SEARCH_ENGINES or transport not in ("", "https") or not parsed.hostname:
        raise ImproperlyConfigured(
            f"HERALD_SEARCH_URL must be <engine>://host:port/index with engine one of "
            f"{', '.join(sorted(SEARCH_ENGINES))} (add +https for TLS), not {url!r}."
        )
    scheme = "https" if transport else "http"
    node = f"{scheme}://{parsed.hostname}:{parsed.port or 9200}"
    backend = {
        "BACKEND": SEARCH_ENGINES[engine],
        "URLS": [node],
        "INDEX_PREFIX": (parsed.path.strip("/") or "herald") + "_",
        "TIMEOUT": 5,
        "OPTIONS": {},
        "INDEX_SETTINGS": {"settings": {"index": {"number_of_shards": 1}}},
    }
    if parsed.username:
        backend["OPTIONS"]["basic_auth"] = (unquote(parsed.username), unquote(parsed.password or ""))
    return {"default": backend}


def _email_timeout(raw: str) -> int:
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(
            f"EMAIL_URL timeout must be a whole number of seconds, not {raw!r}."
        ) from None
