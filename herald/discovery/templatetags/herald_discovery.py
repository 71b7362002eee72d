"""The discovery blocks of a page: More, Editor's Picks and Trending Stories.

One story never appears in two of them on the same page. Precedence: the
editors' picks first, then Trending (without the picks), then More (without
either). Which stories each block shows is worked out once per page render
(``_plan``) from lists kept under counters of their own (``versions``); each
block's HTML is kept by the stories it lists at their live revisions, under
the reference version, so a publish re-renders only a block whose stories
changed.
"""

from django import template
from django.template.loader import render_to_string
from django.utils import timezone

from herald.articles import fragments
from herald.articles.models import ArticlePage
from herald.core import content_version
from herald.core.sites import site_for
from herald.discovery import versions
from herald.discovery.picks import pick_revisions
from herald.discovery.related import related_revisions, related_stories
from herald.discovery.trending import trending_revisions

register = template.Library()

FRAGMENT_SECONDS = 300
TRENDING_SECONDS = 60
PICKS_SHOWN = 5
TRENDING_SHOWN = 5
MORE_SHOWN = 3


def _fragment_key(block: str, site_id, shown) -> str:
    """Where a block's HTML is kept: by the site whose addresses its links are relative to,
    and the stories it lists at their live revisions."""
    listed = ",".join(f"{pk}.{revision}" for pk, revision in shown) or "-"
    return f"fragment:{block}:{site_id}:{listed}"


def is_preview(context) -> bool:
    """An editor's preview of unsaved changes, whose renderings must not be cached for readers."""
    return getattr(context.get("request"), "is_preview", False)


def plan_keys(site_id, desk_id, story_id=None) -> list[str]:
    """Where the lists of the picks (of the site and desk), of Trending and of a story's
    related stories are kept (read under ``versions.COUNTERS``)."""
    keys = [versions.picks_key(site_id, desk_id), versions.TRENDING_KEY]
    if story_id is not None:
        keys.append(versions.more_key(story_id))
    return keys


def _kept(key: str, counter: str, compute) -> list:
    """The list kept under ``key`` for the current version of ``counter``, else
    ``compute()`` -> (list, seconds) kept for that long."""
    version, found = content_version.lookup([key], counter)
    if key in found:
        return found[key]
    value, seconds = compute()
    content_version.store(key, version, value, seconds)
    return value


def _picks(site, desk_id):
    now = timezone.now()
    picks, expires = pick_revisions(site, PICKS_SHOWN + 1, desk=desk_id, now=now)
    seconds = FRAGMENT_SECONDS
    if expires is not None:  # kept no longer than the first pick read stays up
        seconds = max(1, min(seconds, int((expires - now).total_seconds())))
    return picks, seconds


def _plan(context, page=None) -> dict:
    """The stories (id, live revision) each block shows on this page, without repeats
    across blocks; the three blocks' HTML is then read in one round trip."""
    request = context.get("request")
    page_pk = getattr(page, "pk", None)
    plan = getattr(request, "discovery_plan", None)
    if plan is not None and plan["page"] == page_pk:
        return plan
    site = site_for(request)
    desk_id = getattr(page, "desk_id", None)
    with_more = getattr(page, "is_story", False) and not is_preview(context)
    keys = plan_keys(site.pk, desk_id, page_pk if with_more else None)
    content_version.prefetch(keys, versions.COUNTERS)  # one round trip, unless read already
    picks = _kept(keys[0], versions.PICKS, lambda: _picks(site, desk_id))
    trending = _kept(keys[1], versions.TRENDING, lambda: (
        trending_revisions(TRENDING_SHOWN + PICKS_SHOWN + 1), TRENDING_SECONDS))
    shown_picks = [pick for pick in picks if pick[0] != page_pk][:PICKS_SHOWN]
    taken = {page_pk, *(pk for pk, _ in shown_picks)}
    shown_trending = [story for story in trending if story[0] not in taken][:TRENDING_SHOWN]
    taken.update(pk for pk, _ in shown_trending)
    shown_more = None
    if with_more:
        related = _kept(keys[2], versions.RELATED,
                        lambda: (related_revisions(page), FRAGMENT_SECONDS))
        shown_more = [story for story in related if story[0] not in taken][:MORE_SHOWN]
    blocks = {_fragment_key("picks", site.pk, shown_picks): shown_picks,
              _fragment_key("trending", site.pk, shown_trending): shown_trending}
    if shown_more is not None:
        blocks[_fragment_key("more", site.pk, shown_more)] = shown_more
    content_version.prefetch(blocks)
    _, kept = content_version.lookup(list(blocks), content_version.REFERENCES_KEY)
    # The stories of the blocks to render afresh: read at once, when the first of them renders.
    missing = [pk for key, shown in blocks.items() if key not in kept for pk, _ in shown]
    plan = {"page": page_pk, "site": site.pk, "picks": shown_picks, "trending": shown_trending,
            "more": shown_more, "missing": missing, "loaded": None, "asked": set()}
    if request is not None:
        request.discovery_plan = plan
    return plan


def _live_stories(pks) -> dict:
    return ArticlePage.objects.live().select_related("desk").in_bulk(pks) if pks else {}


def _block(block: str, plan: dict, shown, render) -> str:
    """The block's HTML, kept by the stories it lists (``_fragment_key``) while the
    reference version holds; ``render(stories)`` makes it from the live ones."""
    def stories():
        if plan["loaded"] is None:  # the first block to render reads every block's stories
            plan["loaded"] = _live_stories(plan["missing"])
            plan["asked"].update(plan["missing"])
        loaded, asked = plan["loaded"], plan["asked"]
        missing = [pk for pk, _ in shown if pk not in asked]
        if missing:  # not foreseen by the plan (the block's HTML was dropped since)
            asked.update(missing)
            loaded.update(_live_stories(missing))
        return [loaded[pk] for pk, _ in shown if pk in loaded]

    return content_version.cached(
        _fragment_key(block, plan["site"], shown), FRAGMENT_SECONDS,
        lambda: render(stories()), counter=content_version.REFERENCES_KEY,
    )


def _render_more(stories, request) -> str:
    openings = fragments.openings(stories)
    return render_to_string("discovery/more.html", {
        "stories": [(story, openings[story.pk]) for story in stories], "request": request})


@register.simple_tag(takes_context=True)
def more_stories(context, page):
    request = context.get("request")
    if is_preview(context):  # an editor's unsaved pins: never for the shared cache
        plan = _plan(context, page)
        shown = [pk for pk, _ in [*plan["picks"], *plan["trending"]]]
        return _render_more(related_stories(page, MORE_SHOWN, exclude=shown), request)
    plan = _plan(context, page)
    return _block("more", plan, plan["more"], lambda stories: _render_more(stories, request))


@register.simple_tag(takes_context=True)
def editors_picks_block(context, page=None):
    plan = _plan(context, page)
    return _block("picks", plan, plan["picks"], lambda stories: render_to_string(
        "discovery/picks.html", {"stories": stories, "request": context.get("request")}))


@register.simple_tag(takes_context=True)
def trending_block(context, page=None):
    plan = _plan(context, page)
    return _block("trending", plan, plan["trending"], lambda stories: render_to_string(
        "discovery/trending.html", {"stories": stories, "request": context.get("request")}))


@register.inclusion_tag("discovery/topic_links.html")
def story_topics(page):
    """The story's topics, linked, under its body (topics come prefetched with the page)."""
    return {"topics": list(page.topics.all()), "label": "Topics", "id": "story-topics"}


@register.inclusion_tag("discovery/topic_links.html")
def desk_topics(desk):
    from herald.discovery.topics import desk_topics as topics_of

    return {"topics": topics_of(desk.pk), "label": f"Topics on the {desk.title}",
            "id": "desk-topics"}
