import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from herald.core.origin import same_origin
from herald.core.ratelimit import client_ip
from herald.discovery.trending import Outcome, record_view
from herald.newsroom import branding

READER_COOKIE = "herald_reader"
READER_SALT = "herald.discovery.reader"
READER_COOKIE_SECONDS = 365 * 24 * 3600


@csrf_exempt  # sent by navigator.sendBeacon from cached pages; it changes nothing but a count
@require_POST
@never_cache
def view_beacon(request, page_id: int):
    """Count a page view for Trending (see herald.discovery.trending for the rules).

    The reader is a random id in a signed first-party cookie that this answer
    sets on the first view, plus the client address.
    """
    reader_id = request.get_signed_cookie(READER_COOKIE, default="", salt=READER_SALT)
    outcome = None
    if same_origin(request):
        outcome = record_view(
            page_id, address=client_ip(request), reader_id=reader_id,
            user_agent=request.headers.get("User-Agent", ""), headers=request.headers,
        )
    response = HttpResponse(status=429 if outcome == Outcome.LIMITED else 204)
    if not reader_id and outcome not in (None, Outcome.BOT, Outcome.LIMITED):
        response.set_signed_cookie(
            READER_COOKIE, secrets.token_urlsafe(12), salt=READER_SALT,
            max_age=READER_COOKIE_SECONDS, secure=settings.SESSION_COOKIE_SECURE,
            httponly=True, samesite="Lax",
        )
    return response


@cache_control(public=True, max_age=365 * 24 * 3600, immutable=True)
def brand_css(request, colour: str):
    """The publication's accent colour as herald.css's variables (the CSP allows no inline style).

    The colour is in the address (``{% brand_links %}``), so the answer never
    changes and may be kept for a year; a colour that fails the contrast rule is
    not served.
    """
    try:
        branding.validate_accent(f"#{colour}")
        accent = branding.normalise(f"#{colour}")
    except ValidationError:
        raise Http404("No such colour") from None
    css = f":root {{ --accent: {accent}; --accent-dark: {branding.hover_shade(accent)}; }}\n"
    return HttpResponse(css, content_type="text/css; charset=utf-8")
