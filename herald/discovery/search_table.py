"""Herald's own search table on PostgreSQL: the newest matches of a word without reading the archive.

Wagtail's database backend keeps one wide row per story (its vectors and the
body's plain text, 2-3 kB) and finds a story's date and desk by joining the
page tables. To take "the newest 400 stories that match", PostgreSQL either
walked the stories newest first, reading each one's entry until 400 matched
(thousands of reads for a common word, more for two words that rarely meet),
or read every match's entry from the GIN index: 0.5-3.6 s a query at 200,000
stories (docs/performance.md, "Search").

``SearchEntry`` holds one row per live story with what a search filters and
sorts on (publication time and year, desk, kind) beside the story's vector,
and one GIN index holds the year beside the words (btree_gin). The newest
matches are looked for year by year, newest first: the last year, the one
before, then in windows that double (``_year_windows``). Each window is one
index scan that returns only that window's matches, so a common word reads the
few hundred rows of its newest year instead of every match in the archive, and
a rare word reads its few matches in a handful of queries. Each window's newest
matches are ranked (``ts_rank``) in the same query (ADR 0007).

The vector is what Wagtail's backend indexes (``ArticlePage.search_fields``:
the headline weighted A, the standfirst B, the body's searchable text D, in
the database's default text-search configuration), so the same words find
the same stories on every backend. Rows change in the publish itself
(``index_story`` and ``forget``, from the publish and unpublish signals); a
deleted story's row goes with it; ``herald reindex`` rebuilds the table.

Used only where it applies: PostgreSQL with Wagtail's database backend
(``in_use``). SQLite (the demo, FTS5) and Elasticsearch/OpenSearch search
through Wagtail's own queries (``herald.discovery.search``).
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from datetime import UTC, datetime
from functools import reduce

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import F, Max, Min, Q, TextField, Value

from herald.articles.models import ArticlePage
from herald.discovery.models import SearchEntry

DATABASE_BACKEND = "wagtail.search.backends.database"
CHUNK = 500


def in_use() -> bool:
    """Whether searches read the table: PostgreSQL, and Wagtail's database backend."""
    backend = settings.WAGTAILSEARCH_BACKENDS.get("default", {}).get("BACKEND")
    return connection.vendor == "postgresql" and backend == DATABASE_BACKEND


def story_vector(story: ArticlePage) -> SearchVector:
    """The story's vector as Wagtail's database backend builds it (headline A, standfirst B,
    body D, the database's default configuration)."""
    body = ", ".join(ArticlePage._meta.get_field("body").get_searchable_content(story.body))
    parts = [(story.title, "A"), (story.standfirst, "B"), (body, "D")]
    vectors = [SearchVector(Value(text, output_field=TextField()), weight=weight)
               for text, weight in parts if text.strip()]
    return reduce(operator.add, vectors)


def index_story(article_id: int) -> None:
    """Bring a story's row up to date with the database: its live version, or no row."""
    if not in_use():
        return
    story = ArticlePage.objects.live().filter(pk=article_id).first()
    if story is None:
        SearchEntry.objects.filter(article_id=article_id).delete()
        return
    SearchEntry.objects.update_or_create(article_id=story.pk, defaults=_row(story))


def forget(article_id: int) -> None:
    """Take an unpublished story out (also sent before a live story is deleted)."""
    if in_use():
        SearchEntry.objects.filter(article_id=article_id).delete()


def _row(story: ArticlePage) -> dict:
    return {"published": story.first_published_at, "year": _utc_year(story.first_published_at),
            "desk_id": story.desk_id, "kind": story.kind,
            "topics": sorted(topic.pk for topic in story.topics.all()),
            "vector": story_vector(story)}


def follow_move(article_id: int) -> None:
    """A story moved under another desk: its row takes the story's desk at once (search's
    desk filter), without waiting for its next publish."""
    if in_use():
        SearchEntry.objects.filter(article_id=article_id).update(
            desk_id=ArticlePage.objects.filter(pk=article_id).values("desk_id")[:1])


def rebuild(progress: Callable[[int, int], None] | None = None) -> int:
    """Recompute every live story's row (``herald reindex``); returns how many."""
    if not in_use():
        return 0
    SearchEntry.objects.all().delete()
    stories = (ArticlePage.objects.live().filter(first_published_at__isnull=False)
               .prefetch_related("topics").order_by("pk"))
    total, done, last = stories.count(), 0, 0
    while True:
        chunk = list(stories.filter(pk__gt=last)[:CHUNK])
        if not chunk:
            break
        # One INSERT of the chunk's rows (each vector computed by PostgreSQL in it), not
        # one statement and round trip per story.
        SearchEntry.objects.bulk_create(
            SearchEntry(article_id=story.pk, **_row(story)) for story in chunk)
        done, last = done + len(chunk), chunk[-1].pk
        if progress:
            progress(done, total)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {SearchEntry._meta.db_table}")
    return total


def tsquery(words: list[str]) -> SearchQuery:
    """Every word, as Wagtail's backend asks (``'a' & 'b'``, normalised by the configuration)."""
    return SearchQuery(" & ".join(f"'{word}'" for word in words), search_type="raw")


def search(words: list[str], filters, candidates: int, results: int) -> list[int]:
    """The ids of the stories matching every word, the newest ``candidates`` ranked, best first.

    ``words`` are plain word characters (``search.clean_query``); ``filters``
    narrow by desk, kind, topic and date range (``search.Filters``): the desk, the
    kind, the topic and the year are columns of the one GIN index beside the words.
    """
    query = tsquery(words)
    matches = filters.narrow(SearchEntry.objects.filter(vector=query), story="article_id",
                             published="published", topics="topics")
    start, end = filters.time_range()
    found: list[tuple] = []
    for years in _year_windows(start, end):
        # One equality per year: the GIN index answers each (a range of years it does not).
        in_window = reduce(operator.or_, (Q(year=year) for year in years))
        newest = matches.filter(in_window).order_by("-published", "-article_id").values(
            "article_id")[:candidates - len(found)]
        # This window's newest matches ranked in the same query: the rank is computed for
        # those rows only, and no list of ids goes back to the database.
        found += (SearchEntry.objects.filter(article_id__in=newest)
                  .annotate(rank=SearchRank(F("vector"), query))
                  .values_list("rank", "published", "article_id"))
        if len(found) >= candidates:
            break
    found.sort(reverse=True)
    return [article_id for _rank, _published, article_id in found[:results]]


def _year_windows(start: datetime | None, end: datetime | None) -> list[range]:
    """The years to look through for the newest matches, newest first: the last year,
    the year before it, then windows that double (the two before those, the four
    before those, …).

    A common word fills its candidates from the newest year or the one before
    (one index scan each, reading that year's matches only: the newest year may
    have just begun, and a two-year window then read twice the rows it needed); a
    rarer one widens the look back in a few queries, each reading the matches of
    its window.
    """
    span = SearchEntry.objects.aggregate(first=Min("published"), last=Max("published"))
    if span["first"] is None:
        return []
    oldest, newest = _utc_year(span["first"]), _utc_year(span["last"])
    if start:
        oldest = max(oldest, _utc_year(start))
    if end:
        newest = min(newest, _utc_year(end))
    windows, size, last = [], 1, newest
    while last >= oldest:
        windows.append(range(last, max(oldest, last - size + 1) - 1, -1))
        last, size = last - size, size * 2 if len(windows) >= 2 else 1
    return windows


def _utc_year(moment: datetime) -> int:
    return moment.astimezone(UTC).year
