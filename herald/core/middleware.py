from django.conf import settings

from herald.core import sites


class SecurityHeadersMiddleware:
    """Adds the Content-Security-Policy and Permissions-Policy to reader pages.

    The Wagtail admin keeps its own inline scripts, so the strict policy is
    applied everywhere except under /admin/.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path.startswith("/admin/"):
            response.headers.setdefault("Content-Security-Policy", settings.HERALD_CSP)
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()"
        )
        return response


class PageSiteMiddleware:
    """Gives a request for a Wagtail page its site from the cache (``sites.find_site``)
    before Wagtail's serve view routes it, instead of Wagtail's database lookup.

    Only page requests (Wagtail's ``wagtail_serve`` route) look: whole-page cache
    hits, which never reach a view, and other views pay nothing.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.resolver_match.url_name == "wagtail_serve":
            sites.find_site(request)
        return None
