"""When a list of stories last changed, for the ``Last-Modified`` of feeds and sitemaps.

The newest story's last publication is not enough: unpublishing, deleting,
moving or restricting the newest story takes it out of every list and would put
``Last-Modified`` *back* to the story before it, so a reader who sends the old
date in ``If-Modified-Since`` would get a 304 and keep the story that is gone.
Those removals are in Wagtail's page log, so the later of the two is the date a
list last changed. (A story that leaves a desk or topic is republished, so the
site's newest publication covers it; feeds take that rather than their scope's.)
"""

from __future__ import annotations

from datetime import datetime

from django.db.models import Max, Q
from wagtail.models import PageLogEntry

from herald.articles.models import ArticlePage

# Wagtail's log actions after which a page is no longer listed where it was.
REMOVALS = (
    Q(action__startswith="wagtail.unpublish")  # also .scheduled: an expiry
    | Q(action__startswith="wagtail.view_restriction")
    | Q(action__in=("wagtail.delete", "wagtail.move"))
)


def last_removal() -> datetime | None:
    """When a page was last unpublished, deleted, moved or restricted."""
    return (PageLogEntry.objects.filter(REMOVALS).order_by("-timestamp")
            .values_list("timestamp", flat=True).first())


def later(*moments: datetime | None) -> datetime | None:
    return max((moment for moment in moments if moment is not None), default=None)


def last_change(site) -> datetime | None:
    """When the list of ``site``'s live stories last changed: a publication or a removal."""
    newest = ArticlePage.objects.live().public().descendant_of(site.root_page).aggregate(
        latest=Max("last_published_at"))["latest"]
    return later(newest, last_removal())
