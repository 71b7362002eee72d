"""Liveness (/healthz) and readiness (/readyz) for load balancers and orchestrators.

/healthz answers 200 whenever this process can answer at all, and reports each
dependency: a Redis outage shows as ``"redis": {"ok": false, ...}`` without taking
the site out of rotation, because pages still render without Redis (slower).
/readyz answers 503 when this process cannot serve pages: the database is down.
Redis down leaves it ready, marked ``"degraded": true``.
"""

import time

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

from herald.core import ratelimit


def _probe(fn) -> dict:
    started = time.perf_counter()
    try:
        fn()
    except Exception as exc:  # a health check reports every failure, never raises
        return {"ok": False, "error": f"{type(exc).__name__}: {exc}"[:200]}
    return {"ok": True, "ms": round((time.perf_counter() - started) * 1000, 2)}


def _database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _redis():
    # The rate limits' alias raises when Redis is down; the page cache's would only miss.
    cache = ratelimit.store()
    cache.set("healthz", "1", 5)
    if cache.get("healthz") != "1":
        raise RuntimeError("value written was not read back")


def _checks() -> dict:
    checks = {"database": _probe(_database)}
    if settings.REDIS_URL:
        checks["redis"] = _probe(_redis)
    return checks


@never_cache
def healthz(request):
    """Liveness: 200 while the process answers; the body says what is down."""
    checks = _checks()
    ok = all(check["ok"] for check in checks.values())
    return JsonResponse({"ok": ok, "checks": checks})


@never_cache
def readyz(request):
    """Readiness: 503 when pages cannot be served (the database is down)."""
    checks = _checks()
    ready = checks["database"]["ok"]
    degraded = not all(check["ok"] for check in checks.values())
    return JsonResponse({"ready": ready, "degraded": degraded, "checks": checks},
                        status=200 if ready else 503)
