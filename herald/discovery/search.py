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

from herald.access.entitlement import rules_for_site, story_facts
from herald.access.paywall import public_paragraphs
from herald.access.policy import NO_METER, can_read
from herald.access.readers import reader_for
from herald.articles.models import ArticleKind, ArticlePage, Topic
from herald.discovery import search_table, suggestions
from herald.discovery.models import StoryWords

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

    def narrow(self, stories, *, story: str = "id", published: str = "first_published_at"):
        """``stories`` narrowed to these filters; ``story`` and ``published`` name the
        queryset's story id and publication time (Wagtail's pages or the search table)."""
        if self.desk is not None:
            stories = stories.filter(desk_id=self.desk.pk)
        if self.kind:
            stories = stories.filter(kind=self.kind)
        if self.topic is not None:
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
    return filters


def _has_all(text: str, wanted: set[str]) -> bool:
    words = _words(text)
    return all(any(w.startswith(q) for w in words) for q in wanted)


class Result:
    """One story found; its snippet is cut only when a page of results shows it."""

    def __init__(self, story: ArticlePage, wanted: set[str], request, rules):
        self.story, self._wanted = story, wanted
        self._request, self._rules = request, rules

    @cached_property
    def snippet(self) -> SafeString:
        public = [self.story.standfirst,
                  *public_paragraphs(self.story, self._request, rules=self._rules)]
        return _snippet(public, self._wanted)


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
    stories = (ArticlePage.objects.live().select_related("desk")
               .prefetch_related("access_tiers").in_bulk(ids))
    found = [stories[pk] for pk in ids if pk in stories]
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


def _found_by_public_words(stories: list[ArticlePage], wanted: set[str], request,
                           rules) -> set[int]:
    """The ids of ``stories`` with every query word among what every reader may read.

    The public words each live story gave the suggestions' vocabulary
    (``StoryWords``: headline, standfirst, the paragraphs before the cut) answer
    without parsing the bodies, in one query; a query word that vocabulary
    cannot hold (shorter than three letters, with digits) and a story without
    its words yet are checked against the story's public text itself.
    """
    if not stories:
        return set()
    vocabulary_shaped = all(suggestions.words_of(word) == {word} for word in wanted)
    words = dict(StoryWords.objects.filter(article_id__in=[s.pk for s in stories])
                 .values_list("article_id", "words")) if vocabulary_shaped else {}
    found = set()
    for story in stories:
        if story.pk in words:
            visible = words[story.pk]
        else:
            public = [story.title, story.standfirst,
                      *public_paragraphs(story, request, rules=rules)]
            visible = _words(" ".join(public))
        if all(any(v.startswith(w) for v in visible) for w in wanted):
            found.add(story.pk)
    return found
