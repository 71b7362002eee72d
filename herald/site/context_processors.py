from django.core.cache import cache

from herald.core import content_version
from herald.newsroom.models import DeskPage


def navigation(request):
    """The desks for the section navigation, cached with the content version."""

    def desks():
        key = f"nav-desks:{content_version.current()}"
        items = cache.get(key)
        if items is None:
            items = [
                {"title": d.title, "url": d.url}
                for d in DeskPage.objects.live().order_by("path")
            ]
            cache.set(key, items, 3600)
        return items

    return {"nav_desks": desks}
