"""The "More" block: related stories, chosen by content and stored.

When a story is published or updated, a background task (``tasks.refresh_related``)
turns it into a signature (herald.discovery.similarity), finds candidates
through the stored inverted index, ranks them and stores the best
``NEIGHBOURS`` as ``RelatedStory`` rows. The same pass offers the new story to
each candidate's own list, so a later story displaces a weaker, older
neighbour without recomputing the archive, and puts its score into the
candidates' ``nearest`` scores when it is among their best (each story's
hubness, which the ranking takes off, follows the stories that arrive).
Rendering reads the stored list in one query (``related_stories``).

Editors pin or exclude stories per article (``RelatedChoice``, in the story's
Promote tab); pins come first, exclusions are never offered.
``herald related rebuild`` recomputes everything (``rebuild``).
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import transaction
from django.db.models import F, Q

from herald.articles.models import ArticlePage
from herald.discovery import similarity, versions
from herald.discovery.models import (
    RelatedChoice,
    RelatedStory,
    SignatureTerm,
    StorySignature,
    TermFrequency,
)

NEIGHBOURS = 8  # stored per story: three shown, the rest cover Picks/Trending exclusions
CANDIDATES = 80
PINNED_RANKS = 100  # computed neighbours rank after every pin
MAX_TERM = 120


def _live_related(article, exclude: Iterable[int] = ()):
    """The article's stored related stories that are still live (never itself), pins first."""
    return (RelatedStory.objects.filter(article_id=article.pk, related__live=True)
            .exclude(related_id__in={article.pk, *exclude}).order_by("rank"))


def related_stories(article, limit: int = 3, exclude: Iterable[int] = ()) -> list[ArticlePage]:
    """The stored related stories that are still live, pins first: one query."""
    if not article.pk:
        return []
    rows = _live_related(article, exclude).select_related("related__desk")[:limit]
    return [row.related for row in rows]


def related_revisions(article) -> list[tuple[int, int]]:
    """(story id, live revision id) of every stored related story that is still live, pins
    first: one query, without the stories themselves."""
    if not article.pk:
        return []
    return list(_live_related(article).values_list("related_id", "related__live_revision_id"))


def story_text(article: ArticlePage) -> similarity.StoryText:
    return similarity.StoryText(
        key=article.pk,
        headline=article.title,
        standfirst=article.standfirst,
        body=article.plain_text(),
        desk=str(article.desk_id or ""),
        topics=frozenset(topic.slug for topic in article.topics.all()),
        published=article.first_published_at,
    )


def _stored(row: StorySignature) -> similarity.Signature:
    return similarity.Signature(
        key=row.article_id, text=row.text, names=row.names, desk=str(row.desk_id or ""),
        topics=frozenset(row.topics), published=row.published, nearest=tuple(row.nearest),
    )


def _terms(vocabulary: Iterable[str]) -> set[str]:
    return {term[:MAX_TERM] for term in vocabulary}


def _adjust_frequencies(added: set[str], removed: set[str]) -> None:
    if removed:
        TermFrequency.objects.filter(term__in=removed, documents__gt=0).update(
            documents=F("documents") - 1
        )
    if added:
        existing = set(TermFrequency.objects.filter(term__in=added).values_list("term", flat=True))
        TermFrequency.objects.filter(term__in=existing).update(documents=F("documents") + 1)
        TermFrequency.objects.bulk_create(
            [TermFrequency(term=term, documents=1) for term in added - existing],
            ignore_conflicts=True,
        )


def _postings(sig: similarity.Signature) -> list[SignatureTerm]:
    return [SignatureTerm(term=t[:MAX_TERM], article_id=sig.key, weight=w) for t, w in sig.text.items()]


def _save_signature(sig: similarity.Signature, article: ArticlePage, vocabulary) -> None:
    StorySignature.objects.update_or_create(
        article_id=sig.key,
        defaults={
            "text": sig.text, "names": sig.names, "vocabulary": sorted(vocabulary),
            "desk_id": article.desk_id, "topics": sorted(sig.topics),
            "published": article.first_published_at,
        },
    )
    SignatureTerm.objects.filter(article_id=sig.key).delete()
    SignatureTerm.objects.bulk_create(_postings(sig))


def index_story(article: ArticlePage) -> similarity.Signature:
    """Store a story's signature, counting its terms into the document frequencies."""
    text = story_text(article)
    vocabulary = _terms(similarity.vocabulary(text))
    old = StorySignature.objects.filter(article_id=article.pk).only("vocabulary").first()
    old_vocabulary = set(old.vocabulary) if old else set()
    _adjust_frequencies(vocabulary - old_vocabulary, old_vocabulary - vocabulary)
    counts = dict(
        TermFrequency.objects.filter(term__in=vocabulary).values_list("term", "documents")
    )
    sig = similarity.signature(text, similarity.DocumentFrequencies(counts))
    _save_signature(sig, article, vocabulary)
    return sig


def candidates(sig: similarity.Signature, limit: int = CANDIDATES) -> list[similarity.Signature]:
    """Live stories sharing the signature's strongest terms, by partial dot product."""
    weights = {term[:MAX_TERM]: w for term, w in sig.text.items()}
    partial: dict[int, float] = defaultdict(float)
    postings = SignatureTerm.objects.filter(term__in=weights).values_list(
        "article_id", "term", "weight"
    )
    for article_id, term, weight in postings.iterator(chunk_size=5000):
        partial[article_id] += weight * weights[term]
    partial.pop(sig.key, None)
    best = [pk for pk, _ in heapq.nlargest(limit, partial.items(), key=lambda kv: (kv[1], kv[0]))]
    rows = StorySignature.objects.filter(article_id__in=best, article__live=True)
    return [_stored(row) for row in rows]


def _choices(article_ids: Iterable[int]) -> dict[int, tuple[list[int], set[int]]]:
    """Each story's pinned ids (in order) and excluded ids, as its live page says."""
    found: dict[int, tuple[list[int], set[int]]] = defaultdict(lambda: ([], set()))
    rows = RelatedChoice.objects.filter(article_id__in=list(article_ids)).order_by(
        "article_id", "sort_order", "pk"
    )
    for row in rows.values_list("article_id", "story_id", "choice"):
        pins, excluded = found[row[0]]
        (pins.append if row[2] == RelatedChoice.PIN else excluded.add)(row[1])
    return found


def _desk_latest(desk_id, count: int, skip: set[int]) -> list[tuple[int, float]]:
    """The desk's newest stories, to top up a list that content alone left short (score 0:
    any story sharing content displaces them)."""
    if count <= 0 or desk_id is None:
        return []
    latest = (
        ArticlePage.objects.live().filter(desk_id=desk_id).exclude(pk__in=skip)
        .order_by("-first_published_at").values_list("pk", flat=True)[:count]
    )
    return [(pk, 0.0) for pk in latest]


def _store(article_id: int, pins: list[int], ranked: list[tuple[int, float]]) -> None:
    RelatedStory.objects.filter(article_id=article_id).delete()
    rows = [
        RelatedStory(article_id=article_id, related_id=pk, rank=i, score=0, pinned=True)
        for i, pk in enumerate(dict.fromkeys(p for p in pins if p != article_id))
    ]
    pinned = {row.related_id for row in rows}
    rows += [
        RelatedStory(article_id=article_id, related_id=pk, rank=PINNED_RANKS + i, score=score)
        for i, (pk, score) in enumerate((pk, s) for pk, s in ranked if pk not in pinned)
    ]
    RelatedStory.objects.bulk_create(rows)


_refreshes_deferred: ContextVar[bool] = ContextVar("related_refreshes_deferred", default=False)


@contextmanager
def refreshes_deferred() -> Iterator[None]:
    """Stories published inside are not refreshed one by one (``refresh_related`` is not
    queued): for a bulk load that calls ``rebuild`` (and ``suggestions.rebuild``) when
    it is done, which recompute every list and word from all the live stories anyway."""
    token = _refreshes_deferred.set(True)
    try:
        yield
    finally:
        _refreshes_deferred.reset(token)


def refreshes_are_deferred() -> bool:
    return _refreshes_deferred.get()


@transaction.atomic
def refresh(article: ArticlePage) -> int:
    """Recompute one story's neighbours and offer it to theirs. Returns how many it has."""
    sig = index_story(article)
    found = candidates(sig)
    sig.nearest = similarity.nearest(sig, found)
    StorySignature.objects.filter(article_id=sig.key).update(nearest=list(sig.nearest))
    choices = _choices([article.pk, *(c.key for c in found)])
    pins, excluded = choices[article.pk]
    pins = list(ArticlePage.objects.live().filter(pk__in=pins).values_list("pk", flat=True))
    eligible = [c for c in found if c.key not in excluded and c.key not in pins]
    chosen = similarity.rank(sig, eligible, NEIGHBOURS)
    ranked = [(other.key, score) for other, score in chosen]
    duplicates = _duplicates(sig, found, [other for other, _ in chosen])
    ranked += _desk_latest(article.desk_id, NEIGHBOURS - len(ranked),
                           {article.pk, *excluded, *pins, *duplicates, *(pk for pk, _ in ranked)})
    _store(article.pk, pins, ranked)
    _offer(sig, found, choices, {c.key for c in found if similarity.near_duplicate(sig, c)})
    return len(pins) + len(ranked)


def _duplicates(sig, found, chosen) -> set[int]:
    """Candidates that repeat the story or one already chosen (kept out of the top-up too)."""
    return {
        c.key for c in found
        if similarity.near_duplicate(sig, c)
        or any(o.key != c.key and similarity.near_duplicate(c, o) for o in chosen)
    }


def _offer(
    sig: similarity.Signature, others: list[similarity.Signature], choices, duplicates: set[int]
) -> None:
    """Put a (re)indexed story into the lists of the stories it now beats a neighbour in,
    and its score into their nearest scores where it is among their best."""
    _count_as_nearest(sig, others)
    scores = {
        other.key: similarity.related_score(sig, other)
        for other in others
        if sig.key not in choices[other.key][1] and not similarity.near_duplicate(sig, other)
    }
    current: dict[int, list[RelatedStory]] = defaultdict(list)
    for row in RelatedStory.objects.filter(article_id__in=list(scores), pinned=False):
        current[row.article_id].append(row)
    for other_id, value in scores.items():
        rows = [row for row in current[other_id] if row.related_id != sig.key]
        if any(row.related_id in duplicates for row in rows):
            continue  # it already offers this story's twin
        if len(rows) >= NEIGHBOURS and value <= min(row.score for row in rows):
            continue
        ranked = sorted(
            [(row.related_id, row.score) for row in rows] + [(sig.key, value)],
            key=lambda pair: -pair[1],
        )[:NEIGHBOURS]
        RelatedStory.objects.filter(article_id=other_id, pinned=False).delete()
        RelatedStory.objects.bulk_create(
            RelatedStory(article_id=other_id, related_id=pk, rank=PINNED_RANKS + i, score=s)
            for i, (pk, s) in enumerate(ranked)
        )


def _count_as_nearest(sig: similarity.Signature, others: list[similarity.Signature]) -> None:
    changed = []
    for other in others:
        if similarity.near_duplicate(sig, other):
            continue
        nearest = similarity.with_score(other.nearest, similarity.score(sig, other))
        if nearest is not None:
            other.nearest = nearest
            changed.append(StorySignature(article_id=other.key, nearest=list(nearest)))
    StorySignature.objects.bulk_update(changed, ["nearest"])


@transaction.atomic
def forget(article_id: int) -> list[int]:
    """Take an unpublished or deleted story out of the index; returns the stories that offered it."""
    old = StorySignature.objects.filter(article_id=article_id).only("vocabulary").first()
    if old is not None:
        _adjust_frequencies(set(), set(old.vocabulary))
        old.delete()
    SignatureTerm.objects.filter(article_id=article_id).delete()
    affected = list(
        RelatedStory.objects.filter(related_id=article_id, pinned=False)
        .values_list("article_id", flat=True)
    )
    RelatedStory.objects.filter(Q(article_id=article_id) | Q(related_id=article_id, pinned=False)).delete()
    return affected


def rebuild(
    progress: Callable[[int, int], None] | None = None,
    measuring: Callable[[int, int], None] | None = None,
) -> int:
    """Recompute every signature, the document frequencies and every list, and mark the
    lists changed (pages cached with them are not served again). Returns the count.

    Two passes: every story's nearest scores (``measuring`` reports them), so that
    each ranking takes off its candidates' hubness; then every list (``progress``)."""
    stories = list(
        ArticlePage.objects.live().prefetch_related("topics").order_by("pk")
    )
    total = len(stories)
    texts = [story_text(story) for story in stories]
    frequencies = similarity.DocumentFrequencies()
    vocabularies = []
    for text in texts:
        vocabulary = _terms(similarity.vocabulary(text))
        vocabularies.append(vocabulary)
        frequencies.add(vocabulary)
    signatures = [similarity.signature(text, frequencies) for text in texts]
    index: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for sig in signatures:
        for term, weight in sig.text.items():
            index[term].append((sig.key, weight))
    by_key = {sig.key: sig for sig in signatures}

    def first_candidates(sig: similarity.Signature) -> list[similarity.Signature]:
        """As ``candidates`` does from the stored index, from the one in memory."""
        partial: dict[int, float] = defaultdict(float)
        for term, weight in sig.text.items():
            for pk, w in index[term]:
                partial[pk] += weight * w
        partial.pop(sig.key, None)
        best = heapq.nlargest(CANDIDATES, partial.items(), key=lambda kv: (kv[1], kv[0]))
        return [by_key[pk] for pk, _ in best]

    for done, sig in enumerate(signatures, 1):  # every hubness before any ranking
        sig.nearest = similarity.nearest(sig, first_candidates(sig))
        if measuring:
            measuring(done, total)
    choices = _choices(by_key)
    live = set(by_key)
    with transaction.atomic():
        RelatedStory.objects.all().delete()
        SignatureTerm.objects.all().delete()
        StorySignature.objects.all().delete()
        TermFrequency.objects.all().delete()
        TermFrequency.objects.bulk_create(
            (TermFrequency(term=t, documents=n) for t, n in frequencies.counts.items()),
            batch_size=2000,
        )
        for done, (story, sig, vocabulary) in enumerate(
            zip(stories, signatures, vocabularies, strict=True), 1
        ):
            StorySignature.objects.create(
                article_id=sig.key, text=sig.text, names=sig.names, vocabulary=sorted(vocabulary),
                desk_id=story.desk_id, topics=sorted(sig.topics),
                published=story.first_published_at, nearest=list(sig.nearest),
            )
            SignatureTerm.objects.bulk_create(_postings(sig))
            pins, excluded = choices[sig.key]
            eligible = [c for c in first_candidates(sig) if c.key not in excluded and c.key not in pins]
            chosen = similarity.rank(sig, eligible, NEIGHBOURS)
            ranked = [(o.key, s) for o, s in chosen]
            duplicates = _duplicates(sig, eligible, [o for o, _ in chosen])
            ranked += _desk_latest(story.desk_id, NEIGHBOURS - len(ranked), {
                sig.key, *excluded, *pins, *duplicates, *(pk for pk, _ in ranked)})
            _store(sig.key, [p for p in pins if p in live], ranked)
            if progress:
                progress(done, total)
    versions.related_lists_changed()  # pages cached with the old lists are stale now
    return total
