"""The discovery blocks of a page: More, Editor's Picks and Trending Stories.

One story never appears in two of them on the same page. Precedence: the
editors' picks first, then Trending (without the picks), then More (without
either). Which stories each block shows is worked out once per page render
(``_plan``); each block's HTML is a fragment cached by the stories it lists
while the content version holds.
"""

from django import template
from django.template.loader import render_to_string

from herald.articles import fragments
from herald.articles.models import ArticlePage
from herald.core import content_version
from herald.core.sites import site_for
from herald.discovery.picks import editors_picks
from herald.discovery.related import related_stories
from herald.discovery.trending import trending_ids

register = template.Library()

FRAGMENT_SECONDS = 300
TRENDING_SECONDS = 60
PICKS_SHOWN = 5
TRENDING_SHOWN = 5
MORE_SHOWN = 3


def _fragment_key(block: str, owner, ids) -> str:
    """Where a block's fragment is kept: by the site (More: the story) it is rendered for,
    whose addresses its links are relative to, and the stories it lists."""
    return f"fragment:{block}:{owner}:{_ids(ids)}"


def is_preview(context) -> bool:
    """An editor's preview of unsaved changes, whose renderings must not be cached for readers."""
    return getattr(context.get("request"), "is_preview", False)


TRENDING_KEY = "ids:trending"


def plan_keys(site_id, desk_id) -> list[str]:
    """Where the ids of the picks (of the site and desk) and of Trending are kept."""
    return [f"ids:picks:{site_id}:{desk_id}", TRENDING_KEY]


def _plan(context, page=None) -> dict:
    """The ids each block shows on this page, without repeats across blocks; the three
    blocks' fragments are then read in one round trip."""
    request = context.get("request")
    page_pk = getattr(page, "pk", None)
    plan = getattr(request, "discovery_plan", None)
    if plan is not None and plan["page"] == page_pk:
        return plan
    site = site_for(request)
    desk_id = getattr(page, "desk_id", None)
    picks_key, trending_key = plan_keys(site.pk, desk_id)
    version, found = content_version.lookup([picks_key, trending_key])
    picks, loaded = found.get(picks_key), {}
    if picks is None:
        # The picks' stories, kept for their block, which must render afresh too.
        loaded = {story.pk: story for story in editors_picks(site, PICKS_SHOWN + 1, desk=desk_id)}
        picks = list(loaded)
        content_version.store(picks_key, version, picks, FRAGMENT_SECONDS)
    trending = found.get(trending_key)
    if trending is None:
        trending = trending_ids(TRENDING_SHOWN + PICKS_SHOWN + 1)
        content_version.store(trending_key, version, trending, TRENDING_SECONDS)
    shown_picks = [pk for pk in picks if pk != page_pk][:PICKS_SHOWN]
    shown_trending = [
        pk for pk in trending if pk != page_pk and pk not in shown_picks
    ][:TRENDING_SHOWN]
    plan = {"page": page_pk, "site": site.pk, "picks": shown_picks, "trending": shown_trending,
            "loaded": loaded}
    if request is not None:
        request.discovery_plan = plan
    blocks = [_fragment_key("picks", site.pk, shown_picks),
              _fragment_key("trending", site.pk, shown_trending)]
    if getattr(page, "is_story", False) and not is_preview(context):
        blocks.append(_fragment_key("more", page_pk, [*shown_picks, *shown_trending]))
    content_version.prefetch(blocks)
    return plan


def _stories(ids: list[int], loaded: dict | None = None) -> list[ArticlePage]:
    """The live stories ``ids`` with their desks, in order; those ``loaded`` already
    (live, with their desks) are not read again."""
    found = dict(loaded or {})
    missing = [pk for pk in ids if pk not in found]
    if missing:
        found.update(ArticlePage.objects.live().select_related("desk").in_bulk(missing))
    return [found[pk] for pk in ids if pk in found]


def _ids(ids) -> str:
    return ",".join(map(str, ids)) or "-"


@register.simple_tag(takes_context=True)
def more_stories(context, page):
    plan = _plan(context, page)
    shown = [*plan["picks"], *plan["trending"]]

    def render():
        stories = related_stories(page, MORE_SHOWN, exclude=shown)
        openings = fragments.openings(stories)
        return render_to_string("discovery/more.html", {
            "stories": [(story, openings[story.pk]) for story in stories],
            "request": context.get("request")})

    if is_preview(context):
        return render()  # an editor's unsaved pins: never for the shared cache
    return content_version.cached(_fragment_key("more", page.pk, shown), FRAGMENT_SECONDS, render)


@register.simple_tag(takes_context=True)
def editors_picks_block(context, page=None):
    plan = _plan(context, page)
    ids = plan["picks"]
    return content_version.cached(
        _fragment_key("picks", plan["site"], ids), FRAGMENT_SECONDS,
        lambda: render_to_string("discovery/picks.html", {
            "stories": _stories(ids, plan["loaded"]), "request": context.get("request")}),
    )


@register.simple_tag(takes_context=True)
def trending_block(context, page=None):
    plan = _plan(context, page)
    ids = plan["trending"]
    return content_version.cached(
        _fragment_key("trending", plan["site"], ids), TRENDING_SECONDS,
        lambda: render_to_string("discovery/trending.html", {
            "stories": _stories(ids), "request": context.get("request")}),
    )


@register.inclusion_tag("discovery/topic_links.html")
def story_topics(page):
    """The story's topics, linked, under its body (topics come prefetched with the page)."""
    return {"topics": list(page.topics.all()), "label": "Topics", "id": "story-topics"}


@register.inclusion_tag("discovery/topic_links.html")
def desk_topics(desk):
    from herald.discovery.topics import desk_topics as topics_of

    return {"topics": topics_of(desk.pk), "label": f"Topics on the {desk.title}",
            "id": "desk-topics"}
