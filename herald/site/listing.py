"""Queries behind the listing pages, each a bounded number of SQL queries."""

from __future__ import annotations

from herald.articles import lead_images
from herald.articles.models import ArticlePage
from herald.newsroom.models import DeskPage


def home_sections(home) -> dict:
    latest = list(
        ArticlePage.objects.live().select_related("desk").order_by("-first_published_at")[:40]
    )
    lead = latest[0] if latest else None
    desks = list(DeskPage.objects.live().child_of(home).order_by("path"))
    sections = []
    for desk in desks:
        stories = [a for a in latest if a.desk_id == desk.pk and a is not lead][:4]
        if len(stories) < 4:
            seen = {a.pk for a in stories} | ({lead.pk} if lead else set())
            stories += list(
                ArticlePage.objects.live().filter(desk=desk).exclude(pk__in=seen)
                .select_related("desk").order_by("-first_published_at")[: 4 - len(stories)]
            )
        sections.append({"desk": desk, "stories": stories})
    lead_images.with_pictures(
        ([lead] if lead else []) + [story for section in sections for story in section["stories"]])
    return {"lead": lead, "sections": sections}
