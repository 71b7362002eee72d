from urllib.parse import urlparse


def same_origin(request) -> bool:
    """True when the browser says the request came from one of our own pages."""
    source = request.META.get("HTTP_ORIGIN") or request.META.get("HTTP_REFERER")
    if not source:
        # Browsers always send Origin on cross-site POSTs; its absence means a
        # non-browser client, which the rate limits and honeypot govern.
        return True
    return urlparse(source).netloc == request.get_host()
