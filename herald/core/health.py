import time

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache


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
    cache.set("healthz", "1", 5)
    if cache.get("healthz") != "1":
        raise RuntimeError("value written was not read back")


@never_cache
def healthz(request):
    checks = {"database": _probe(_database)}
    if settings.REDIS_URL:
        checks["redis"] = _probe(_redis)
    ok = all(check["ok"] for check in checks.values())
    return JsonResponse({"ok": ok, "checks": checks}, status=200 if ok else 503)
