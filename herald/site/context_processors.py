from herald.core import content_version
from herald.newsroom.models import DeskPage

NAVIGATION_SECONDS = 3600
NAVIGATION_KEY = "nav-desks"


def navigation(request):
    """The desks for the section navigation, cached under the reference version (a
    desk published, unpublished, moved or renamed bumps it; a story does not)."""

    def desks():
        return content_version.cached(NAVIGATION_KEY, NAVIGATION_SECONDS, lambda: [
            {"title": d.title, "url": d.url} for d in DeskPage.objects.live().order_by("path")
        ], content_version.REFERENCES_KEY)

    return {"nav_desks": desks}
