"""robots.txt: crawlers may read the reader site but not the admin or the
endpoints that only count and record; the sitemap index and the Google News
sitemap are named with their full URLs."""

from django.conf import settings
from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

DISALLOWED = ("/admin/", "/views/", "/meter/", "/subscribe/", "/documents/")


@require_GET
@cache_control(public=True, max_age=86400)
def robots_txt(request):
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in DISALLOWED), ""]
    lines.append(f"Sitemap: {settings.HERALD_BASE_URL}{reverse('sitemap')}")
    lines.append(
        f"Sitemap: {settings.HERALD_BASE_URL}{reverse('sitemap-section', args=['news'])}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
