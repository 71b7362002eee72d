from django.conf import settings


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
