"""Stored files (``MEDIA_ROOT``): at their plain address, and at a signed one.

``/media/<name>`` serves a file unless a gated story uses it (``media.verdict_for``);
``/media-signed/<token>/<name>`` serves any file for as long as its token
allows. With ``HERALD_MEDIA_ACCEL_REDIRECT`` set, nginx sends the bytes
(``X-Accel-Redirect`` to an ``internal`` location, deploy/nginx/herald.conf);
otherwise Herald streams them.
"""

from __future__ import annotations

import mimetypes
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse, HttpResponseNotModified, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils.cache import add_never_cache_headers, patch_cache_control, patch_vary_headers
from django.utils.http import http_date
from django.views.decorators.http import require_safe
from django.views.static import was_modified_since

from herald.access import media
from herald.access.entitlement import free_stories_left
from herald.articles.models import ArticlePage

DOCUMENTS_PREFIX = "documents/"  # Wagtail's documents: served by /documents/<id>/<name> only
EXPIRED = "This link to a file has expired. Reload the page it came from for a fresh one.\n"
NOT_VALID = "This link to a file is not valid.\n"


def meter_note_text(left: int | None) -> str:
    """"2 free stories left this month." (``policy.free_stories_left``); empty for None."""
    if left is None:
        return ""
    if left == 0:
        return "Your last free story this month."
    return f"{left} free {'story' if left == 1 else 'stories'} left this month."


@require_safe
def meter_note(request, story_id: int):
    """The meter note under a metered story, as JSON: ``{"left": 2, "note": "2 free stories
    left this month."}``, or ``{"left": null, "note": ""}`` when there is nothing to tell.

    The story's page is the same for every reader who may read it whole (the page
    caches keep it), and the meter cookie is HTTP-only, so ``herald.js`` asks here
    after the page has loaded. Never cached: the answer is this reader's alone.
    """
    page = get_object_or_404(ArticlePage.objects.live(), pk=story_id)
    left = free_stories_left(request, page)
    response = JsonResponse({"left": left, "note": meter_note_text(left)})
    add_never_cache_headers(response)
    patch_cache_control(response, private=True)
    patch_vary_headers(response, ("Cookie",))
    return response


@require_safe
def serve_public_media(request, name: str):
    """A stored file at its plain address: 404 when a gated story uses it (staff excepted)."""
    if not _is_storage_name(name) or name.startswith(DOCUMENTS_PREFIX) or not _exists(name):
        raise Http404("No such file.")
    verdict = media.verdict_for(name)
    if verdict.withheld:
        if not media.may_see_withheld(request):
            raise Http404("No such file.")
        response = _file_response(request, name, "private, max-age=60")
        patch_vary_headers(response, ("Cookie",))
        return response
    seconds = media.PUBLIC_VERDICT_SECONDS
    if verdict.until is not None:
        seconds = max(0, min(seconds, int(verdict.until - media.time.time())))
    return _file_response(request, name, f"public, max-age={seconds}")


@require_safe
def serve_signed_media(request, token: str, name: str):
    """A stored file for the holder of a signed address, until the address expires."""
    try:
        remaining = media.check(token, name)
    except media.BadAddress:
        return _refusal(NOT_VALID, 404)
    except media.ExpiredAddress:
        return _refusal(EXPIRED, 403)
    if not _exists(name):
        raise Http404("No such file.")
    response = _file_response(request, name, f"private, max-age={remaining}")
    response["X-Robots-Tag"] = "noindex"
    if name.startswith(DOCUMENTS_PREFIX):
        from wagtail.documents import get_document_model

        document = get_document_model().objects.filter(file=name).first()
        if document is not None:
            response["Content-Disposition"] = document.content_disposition
    return response


def _refusal(message: str, status: int) -> HttpResponse:
    response = HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


def _is_storage_name(name: str) -> bool:
    """A name as storage gives them: no ``..``, ``.`` or empty segment, which would reach a
    file under another name than the one its verdict is kept for."""
    return "\\" not in name and "\x00" not in name and all(
        part not in ("", ".", "..") for part in name.split("/")
    )


def _exists(name: str) -> bool:
    try:
        return default_storage.exists(name)
    except (SuspiciousFileOperation, ValueError):  # ../ or a NUL byte
        return False


def _content_type(name: str) -> str:
    content_type, encoding = mimetypes.guess_type(name)
    if encoding:  # a compressed file goes out as it is stored, never unpacked by the browser
        return "application/octet-stream"
    return content_type or "application/octet-stream"


def _file_response(request, name: str, cache_control: str):
    content_type = _content_type(name)
    modified = default_storage.get_modified_time(name).timestamp()
    if not was_modified_since(request.headers.get("If-Modified-Since"), modified):
        response = HttpResponseNotModified()
    elif accel := getattr(settings, "HERALD_MEDIA_ACCEL_REDIRECT", ""):
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = accel.rstrip("/") + "/" + quote(name)
    else:
        response = FileResponse(default_storage.open(name, "rb"), content_type=content_type)
    response["Last-Modified"] = http_date(modified)
    response["Cache-Control"] = cache_control
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'"  # an uploaded file never runs
    return response
