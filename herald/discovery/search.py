"""Full-archive search that never reveals what the paywall withholds.

Wagtail's search framework ranks stories (the headline weighs most, then the
standfirst, then the body: ``ArticlePage.search_fields``); this module adds
the filters readers use (desk, kind, topic, date range), the paywall rule and
highlighted snippets.

The index holds whole stories (members search the full archive). For any
other reader, a story they may not read in full is kept only when every query
word is in the part they can see (otherwise the match itself would tell them
a word stands behind the cut). Snippets, for every reader, are cut from what
every reader may read, so no results page carries gated text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time
from functools import cached_property

from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from wagtail.models import Site

from herald.access.entitlement import public_decision, rules_for_site, story_facts
from herald.access.paywall import open_paragraphs
from herald.access.policy import NO_METER, can_read
from herald.access.readers import reader_for
from herald.articles import fragments
from herald.articles.access_levels import AccessLevel
from herald.articles.models import ArticleKind, ArticlePage, Topic
from herald.core import content_version
from herald.discovery import search_table, suggestions
from herald.discovery.models import StoryWords
from herald.newsroom.models import DeskPage

MAX_RESULTS = 200
CANDIDATES = 400  # the newest matches that relevance ranks (search_stories)
MAX_QUERY = 200
SNIPPET_WORDS = 32
_WORD = re.compile(r"\w+", re.UNICODE)


def clean_query(raw: str) -> str:
    """The words of a query, without the punctuation search backends choke on (``"``, NUL)."""
    return " ".join(_WORD.findall(raw.replace("\x00", " ")[: MAX_QUERY * 2]))[:MAX_QUERY].strip()


def _words(text: str) -> set[str]:
    return {word.lower() for word in _WORD.findall(text)}


@dataclass
class Filters:
    """What a reader narrowed the search to; ``errors`` say which values were refused."""

    desk: object = None
    kind: str = ""
    topic: Topic | None = None
    start: date | None = None
    end: date | None = None
    errors: list[str] = field(default_factory=list)

    def time_range(self) -> tuple[datetime | None, datetime | None]:
        """The first and last instant of the date range, on the site's clock."""
        tz = timezone.get_current_timezone()
        return (datetime.combine(self.start, time.min, tzinfo=tz) if self.start else None,
                datetime.combine(self.end, time.max, tzinfo=tz) if self.end else None)

    def narrow(self, stories, *, story: str = "id", published: str = "first_published_at",
               topics: str | None = None):
        """``stories`` narrowed to these filters; ``story`` and ``published`` name the
        queryset's story id and publication time (Wagtail's pages or the search table),
        ``topics`` an array of topic ids it holds (the search table), if any."""
        if self.desk is not None:
            stories = stories.filter(desk_id=self.desk.pk)
        if self.kind:
            stories = stories.filter(kind=self.kind)
        if self.topic is not None and topics:
            stories = stories.filter(**{f"{topics}__contains": [self.topic.pk]})
        elif self.topic is not None:
            stories = stories.filter(**{f"{story}__in": ArticlePage.topics.through.objects.filter(
                topic=self.topic).values("articlepage_id")})
        start, end = self.time_range()
        if start:
            stories = stories.filter(**{f"{published}__gte": start})
        if end:
            stories = stories.filter(**{f"{published}__lte": end})
        return stories

    def as_query(self) -> dict[str, str]:
        values = {
            "desk": getattr(self.desk, "slug", ""), "kind": self.kind,
            "topic": getattr(self.topic, "slug", ""),
            "from": self.start.isoformat() if self.start else "",
            "to": self.end.isoformat() if self.end else "",
        }
        return {k: v for k, v in values.items() if v}


def parse_filters(params, desks) -> Filters:
    """Read the filter parameters; an unknown value is reported, never a server error."""
    filters = Filters()
    desk = params.get("desk", "")
    if desk:
        filters.desk = next((d for d in desks if d.slug == desk), None)
        if filters.desk is None:
            filters.errors.append("There is no such desk; showing every desk.")
    kind = params.get("kind", "")
    if kind:
        if kind in ArticleKind.values:
            filters.kind = kind
        else:
            filters.errors.append("There is no such kind of story; showing every kind.")
    topic = params.get("topic", "")
    if topic:
        filters.topic = Topic.objects.filter(slug=topic[:80]).first()
        if filters.topic is None:
            filters.errors.append("There is no such topic; showing every topic.")
    for name, attr in (("from", "start"), ("to", "end")):
        value = params.get(name, "")
        if value:
            try:
                setattr(filters, attr, date.fromisoformat(value[:10]))
            except ValueError:
                filters.errors.append(f"“{value[:20]}” is not a date (use YYYY-MM-DD).")
    if filters.start and filters.end and filters.start > filters.end:
        filters.start, filters.end = filters.end, filters.start
        filters.errors.append("The “From” date was after the “To” date, so they were swapped.")
    return filters


def _covers(words: set[str], wanted: set[str]) -> bool:
    """Whether every query word starts one of ``words``."""
    return all(any(w.startswith(q) for w in words) for q in wanted)


def _has_all(text: str, wanted: set[str]) -> bool:
    return _covers(_words(text), wanted)


class Found:
    """What ranking and the paywall rule read of a story found: a few columns, not a page
    (up to ``MAX_RESULTS`` are found; a page of results builds the 20 it shows)."""

    FIELDS = ("id", "title", "standfirst", "access", "first_published_at", "live_revision_id")
    __slots__ = ("pk", "title", "standfirst", "access", "first_published_at", "live_revision_id",
                 "access_tier_slugs")

    def __init__(self, row: dict, tiers: frozenset[str]):
        self.pk = row["id"]
        for name in self.FIELDS[1:]:
            setattr(self, name, row[name])
        self.access_tier_slugs = tiers  # what ``entitlement.story_facts`` reads


class Result:
    """One story found; its page object and snippet are built only when a page of results
    shows it (``show`` builds a whole page's at once)."""

    def __init__(self, found: Found, wanted: set[str], request, rules):
        self.found, self._wanted = found, wanted
        self._request, self._rules = request, rules

    @cached_property
    def story(self) -> ArticlePage:
        return show([self])[0].story

    @cached_property
    def snippet(self) -> SafeString:
        return show([self])[0].snippet


# What a page of results reads of each story shown (the template, its picture, its
# address); the body is read only for stories whose public text is not cached yet.
RESULT_FIELDS = (
    "id", "title", "slug", "url_path", "path", "depth", "locale_id", "content_type_id",
    "live", "live_revision_id", "first_published_at", "kind", "standfirst", "access",
    "paywall_after", "desk", "lead_image", "lead_image_alt", "lead_image_decorative",
)


def show(results: list[Result], desks=()) -> list[Result]:
    """``results`` (a page of them) with their stories built and snippets cut: one query
    for the stories, one cache round trip for their public text (``public_texts``).
    ``desks``, the desks the page has already read, save reading the stories' desks
    (one query for any other)."""
    results = list(results)
    if not results:
        return results
    pending = [result for result in results if "story" not in result.__dict__]
    if pending:
        pages = ArticlePage.objects.only(*RESULT_FIELDS).in_bulk(
            [result.found.pk for result in pending])
        desks = {desk.pk: desk for desk in desks}
        others = {page.desk_id for page in pages.values()} - set(desks) - {None}
        if others:
            desks.update(DeskPage.objects.in_bulk(others))
        for result in pending:
            page = pages[result.found.pk]
            page.desk = desks.get(page.desk_id)
            page.access_tier_slugs = result.found.access_tier_slugs
            result.story = page
    first = results[0]
    texts = public_texts([result.found for result in results], first._request, first._rules)
    for result in results:
        result.snippet = _snippet([result.found.standfirst, *texts[result.found.pk]],
                                  result._wanted)
    return results


TEXT_PART = "search-text"  # the fragments part under which public paragraphs are kept


def public_texts(stories: list[Found], request, rules) -> dict[int, list[str]]:
    """Each story's paragraphs that every reader may read now (``public_paragraphs``:
    the whole of a story open to all, else the opening before the cut).

    Kept per live revision and per public variant (``public`` or ``cut``, which
    the archive rule may change for an old story) under the reference version
    (``herald.articles.fragments``), so a page of results reads no body once its
    stories were shown before; the missing ones are read in one query.
    """
    variants = {story.pk: public_decision(story, request, rules=rules).cache_variant
                for story in stories}
    keys = {story.pk: fragments.part_key(story, TEXT_PART, variants[story.pk])
            for story in stories}
    version, found = content_version.lookup([key for key in keys.values() if key],
                                            content_version.REFERENCES_KEY)
    texts = {pk: found[key] for pk, key in keys.items() if key in found}
    missing = [story.pk for story in stories if story.pk not in texts]
    if missing:
        for page in ArticlePage.objects.filter(pk__in=missing).only("id", "body", "paywall_after"):
            paragraphs = page.paragraphs if variants[page.pk] == "public" else open_paragraphs(page)
            texts[page.pk] = list(paragraphs)
            if keys[page.pk] is not None:
                content_version.store(keys[page.pk], version, texts[page.pk],
                                      fragments.PART_SECONDS)
    return texts


def _snippet(paragraphs: list[str], wanted: set[str]) -> SafeString:
    """A window of words around the first match, escaped, the matches in <mark>."""
    for text in paragraphs:
        tokens = text.split()
        hits = [i for i, t in enumerate(tokens)
                if any(w.startswith(q) for w in _words(t) for q in wanted)]
        if hits:
            start = max(0, hits[0] - SNIPPET_WORDS // 3)
            window = tokens[start:start + SNIPPET_WORDS]
            parts = []
            for token in window:
                if any(w.startswith(q) for w in _words(token) for q in wanted):
                    parts.append(f"<mark>{escape(token)}</mark>")
                else:
                    parts.append(escape(token))
            prefix = "… " if start else ""
            suffix = " …" if start + SNIPPET_WORDS < len(tokens) else ""
            return mark_safe(prefix + " ".join(parts) + suffix)  # noqa: S308 (escaped above)
    first = paragraphs[0] if paragraphs else ""
    return mark_safe(escape(" ".join(first.split()[:SNIPPET_WORDS])))  # noqa: S308


def search_stories(request, query: str, filters: Filters | None = None) -> list[Result]:
    """Live stories matching every word of ``query`` that this reader may find, best first.

    Relevance is ranked among the newest ``CANDIDATES`` matches (all of them for a
    query that matches fewer): ranking every match of a common word costs in
    proportion to the archive, this costs the same at any size (docs/search.md).
    """
    filters = filters or Filters()
    query = clean_query(query)
    if not query:
        return []
    if search_table.in_use():
        ids = search_table.search(query.split(), filters, CANDIDATES, MAX_RESULTS)
    else:
        ids = _wagtail_search(query, filters)
    found = _found(ids)
    wanted = _words(query)
    # The backend's relevance first; then, stably, every word in the headline before
    # every word in the standfirst before the rest (the same on every backend).
    found.sort(key=lambda story: (
        not _has_all(story.title, wanted), not _has_all(story.standfirst, wanted)))
    reader = reader_for(request)
    rules = rules_for_site(Site.find_for_request(request))
    now = timezone.now()
    gated = [story for story in found
             if not can_read(story_facts(story), reader, NO_METER, now,
                             archive_days=rules.archive_days).full]
    hidden = {story.pk for story in gated} - _found_by_public_words(gated, wanted, request, rules)
    # A story this reader may not read in full is kept only when its public words match.
    # Snippets quote only what every reader may read, even to a reader who may read it
    # all: a results page then never carries gated text (herald/access).
    return [Result(story, wanted, request, rules) for story in found if story.pk not in hidden]


def _found(ids: list[int]) -> list[Found]:
    """The live stories of ``ids``, in that order: their columns in one query and the
    members-only ones' tiers in one more."""
    rows = {row["id"]: row for row in ArticlePage.objects.live().filter(pk__in=ids)
            .values(*Found.FIELDS)}
    members = [pk for pk, row in rows.items() if row["access"] == AccessLevel.MEMBERS]
    tiers: dict[int, set[str]] = {pk: set() for pk in members}
    if members:
        for pk, slug in ArticlePage.access_tiers.through.objects.filter(
                articlepage_id__in=members).values_list("articlepage_id", "tier__slug"):
            tiers[pk].add(slug)
    return [Found(rows[pk], frozenset(tiers.get(pk, ()))) for pk in ids if pk in rows]


def _wagtail_search(query: str, filters: Filters) -> list[int]:
    """The ids of the best matches through Wagtail's search (SQLite's FTS5, a cluster)."""
    stories = filters.narrow(ArticlePage.objects.live())
    newest = stories.only("id").order_by("-first_published_at", "-id").search(
        query, operator="and", order_by_relevance=False)[:CANDIDATES]
    candidates = [story.pk for story in newest]
    if not candidates:
        return []
    return [story.pk for story in ArticlePage.objects.filter(id__in=candidates).only("id")
            .search(query, operator="and")[:MAX_RESULTS]]


def _found_by_public_words(stories: list[Found], wanted: set[str], request,
                           rules) -> set[int]:
    """The ids of ``stories`` with every query word among what every reader may read.

    The public words each live story gave the suggestions' vocabulary
    (``StoryWords``: headline, standfirst, the paragraphs before the cut) answer
    without reading the bodies, in one query; a query word that vocabulary
    cannot hold (shorter than three letters, with digits) and a story without
    its words yet are checked against the story's public text itself
    (``public_texts``, cached per revision).
    """
    if not stories:
        return set()
    vocabulary_shaped = all(suggestions.words_of(word) == {word} for word in wanted)
    words = dict(StoryWords.objects.filter(article_id__in=[s.pk for s in stories])
                 .values_list("article_id", "words")) if vocabulary_shaped else {}
    unlisted = [story for story in stories if story.pk not in words]
    texts = public_texts(unlisted, request, rules) if unlisted else {}
    found = set()
    for story in stories:
        if story.pk in words:
            visible = words[story.pk]
        else:
            visible = _words(" ".join([story.title, story.standfirst, *texts[story.pk]]))
        if _covers(visible, wanted):
            found.add(story.pk)
    return found
