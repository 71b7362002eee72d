from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from herald.core.origin import same_origin
from herald.core.ratelimit import client_ip
from herald.discovery.trending import record_view


@csrf_exempt  # sent by navigator.sendBeacon from cached pages; it changes nothing but a count
@require_POST
@never_cache
def view_beacon(request, page_id: int):
    if same_origin(request):
        record_view(
            page_id,
            reader_key=client_ip(request) + request.META.get("HTTP_USER_AGENT", ""),
            user_agent=request.META.get("HTTP_USER_AGENT", ""),
        )
    return HttpResponse(status=204)
