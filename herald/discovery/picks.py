"""Editor's Picks: the stories the editors recommend, publication-wide and per desk."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Q
from django.utils import timezone

from herald.discovery.models import EditorsPick


def pick_revisions(
    site, limit: int = 5, exclude: int | None = None, desk: int | None = None, now=None
) -> tuple[list[tuple[int, int]], datetime | None]:
    """(story id, live revision id) of the live, unexpired picks in the editors' order: the
    desk's own first, then the publication's; and when the first of the picks read
    expires (None: none does). One query."""
    now = now or timezone.now()
    rows = list(
        EditorsPick.objects.filter(picks__site=site, article__live=True)
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))
        .filter(Q(desk__isnull=True) | Q(desk_id=desk))
        .order_by("sort_order")
        .values_list("article_id", "article__live_revision_id", "desk_id", "expires_at")
    )
    ordered = sorted(rows, key=lambda row: row[2] is None)  # stable: desk picks first
    chosen = list(dict.fromkeys((pk, revision) for pk, revision, _, _ in ordered if pk != exclude))
    expiries = [expires for *_, expires in rows if expires is not None]
    return chosen[:limit], min(expiries, default=None)
