"""One page of a listing, for every app that lists stories."""

from __future__ import annotations

from django.core.paginator import Paginator


def paginate(queryset, request, per_page: int = 20):
    """The page of ``queryset`` named by the request's ``?page=`` (the last one if past the end)."""
    paginator = Paginator(queryset, per_page)
    return paginator.get_page(request.GET.get("page"))


CURSOR_SEPARATOR = "_"


class KeysetPage:
    """One page of a listing reached by keyset (no OFFSET): page 5,000 costs what page 1 does.

    Stories run newest first by ``(first_published_at, pk)``; ``?before=<cursor>``
    asks for the stories after that one, ``?after=<cursor>`` for those before
    it, ``?oldest=1`` for the last page.
    """

    keyset = True

    def __init__(self, items, *, newer: str | None, older: str | None):
        self.items, self.newer, self.older = items, newer, older

    def __iter__(self):
        return iter(self.items)

    def __len__(self):
        return len(self.items)

    @property
    def has_other_pages(self) -> bool:
        return bool(self.newer or self.older)


def cursor_of(item, field: str) -> str:
    moment = getattr(item, field)
    return f"{int(moment.timestamp() * 1_000_000)}{CURSOR_SEPARATOR}{item.pk}"


def _parse(cursor: str):
    from datetime import UTC, datetime

    micros, _, pk = cursor.partition(CURSOR_SEPARATOR)
    try:
        moment = datetime.fromtimestamp(int(micros[:20]) / 1_000_000, tz=UTC)
        return moment, int(pk[:20])
    except (ValueError, OverflowError, OSError):
        return None


def keyset_paginate(queryset, request, per_page: int = 20, field: str = "first_published_at"):
    """The page of ``queryset`` (newest first by ``field``, then pk) the request names."""
    from django.db.models import Q

    params = request.GET
    newest_first = queryset.order_by(f"-{field}", "-pk")
    oldest_first = queryset.order_by(field, "pk")
    before = _parse(params.get("before", "")) if params.get("before") else None
    after = _parse(params.get("after", "")) if params.get("after") else None
    if after is not None or params.get("oldest"):
        rows = oldest_first
        if after is not None:
            moment, pk = after
            rows = rows.filter(Q(**{f"{field}__gt": moment}) | Q(**{field: moment, "pk__gt": pk}))
        items = list(rows[: per_page + 1])
        more_newer = len(items) > per_page
        items = list(reversed(items[:per_page]))
        newer = cursor_of(items[0], field) if items and more_newer else None
        older = cursor_of(items[-1], field) if items and (after is not None) else None
        if params.get("oldest") and after is None:
            older = None
        return KeysetPage(items, newer=newer, older=older)
    rows = newest_first
    if before is not None:
        moment, pk = before
        rows = rows.filter(Q(**{f"{field}__lt": moment}) | Q(**{field: moment, "pk__lt": pk}))
    items = list(rows[: per_page + 1])
    more_older = len(items) > per_page
    items = items[:per_page]
    older = cursor_of(items[-1], field) if items and more_older else None
    newer = cursor_of(items[0], field) if items and before is not None else None
    return KeysetPage(items, newer=newer, older=older)
