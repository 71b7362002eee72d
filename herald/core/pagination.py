"""One page of a listing, for every app that lists stories."""

from __future__ import annotations

from django.core.paginator import Paginator


def paginate(queryset, request, per_page: int = 20):
    """The page of ``queryset`` named by the request's ``?page=`` (the last one if past the end)."""
    paginator = Paginator(queryset, per_page)
    return paginator.get_page(request.GET.get("page"))
