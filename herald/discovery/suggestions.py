"""“Did you mean …”: a spelling suggestion for a search, from words every reader may read.

The vocabulary holds the words of what the paywall never withholds from
anyone: each live story's headline, standfirst and the paragraphs before its
cut (``herald.access.paywall.open_paragraphs``, the same for every story, free
or not, so that the archive rule turning an old free story into a gated one
cannot put its later paragraphs into the vocabulary after the fact). Gated
text never enters it, so a suggestion can never reveal a word behind the
paywall.

Each story's words are stored (``StoryWords``) beside the count of stories per
word (``SuggestionWord``): publishing, editing and unpublishing adjust the
counts by the difference (``remember``/``forget``, in the background task that
also ranks related stories); ``herald reindex`` rebuilds everything.

A query word that is not in the vocabulary is replaced by the closest word that
is: PostgreSQL finds the nearest words by pg_trgm's trigram distance from a
GiST index; other databases (the demo's SQLite) among words of the same
first letter. The candidate at the smallest edit distance wins (at most 1 for
words of up to 5 letters, 2 beyond), then the one in more stories.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

from django.db import connection, transaction
from django.db.models import F

from herald.access.paywall import open_paragraphs
from herald.articles.models import ArticlePage
from herald.discovery.models import StoryWords, SuggestionWord

MIN_LENGTH = 3
MAX_WORD = 64
MAX_QUERY_WORDS = 6
CANDIDATES = 12
CHUNK = 500
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def words_of(text: str) -> set[str]:
    return {w.lower()[:MAX_WORD] for w in _WORD.findall(text) if len(w) >= MIN_LENGTH}


def public_words(story: ArticlePage) -> set[str]:
    """The words of what every reader may read of ``story``, whoever they are."""
    return words_of(" ".join([story.title, story.standfirst, *open_paragraphs(story)]))


@transaction.atomic
def remember(story: ArticlePage) -> None:
    """Bring the vocabulary up to date with ``story`` (its words; none once unpublished)."""
    new = public_words(story) if story.live else set()
    row = StoryWords.objects.select_for_update().filter(article_id=story.pk).first()
    old = set(row.words) if row else set()
    _count(new - old, +1)
    _count(old - new, -1)
    if new:
        StoryWords.objects.update_or_create(article_id=story.pk, defaults={"words": sorted(new)})
    elif row:
        row.delete()


@transaction.atomic
def forget(article_id: int) -> None:
    """Take an unpublished or deleted story's words out of the vocabulary."""
    row = StoryWords.objects.select_for_update().filter(article_id=article_id).first()
    if row:
        _count(set(row.words), -1)
        row.delete()


def _count(words: set[str], change: int) -> None:
    if not words:
        return
    if change > 0:
        SuggestionWord.objects.bulk_create(
            [SuggestionWord(word=w) for w in words], ignore_conflicts=True)
    SuggestionWord.objects.filter(word__in=words).update(stories=F("stories") + change)
    if change < 0:
        SuggestionWord.objects.filter(word__in=words, stories__lte=0).delete()


@transaction.atomic
def rebuild(progress: Callable[[int, int], None] | None = None) -> int:
    """Recompute the whole vocabulary from the live stories; returns how many."""
    StoryWords.objects.all().delete()
    SuggestionWord.objects.all().delete()
    stories = ArticlePage.objects.live().order_by("pk")
    total = stories.count()
    counts: Counter[str] = Counter()
    done = last = 0
    while True:
        chunk = list(stories.filter(pk__gt=last)[:CHUNK])
        if not chunk:
            break
        rows = []
        for story in chunk:
            words = public_words(story)
            counts.update(words)
            rows.append(StoryWords(article_id=story.pk, words=sorted(words)))
        StoryWords.objects.bulk_create(rows)
        done += len(chunk)
        last = chunk[-1].pk
        if progress:
            progress(done, total)
    SuggestionWord.objects.bulk_create(
        [SuggestionWord(word=w, stories=n) for w, n in counts.items()], batch_size=5000)
    return total


def suggest(query: str) -> str | None:
    """The query with each unknown word replaced by its closest known word, or None."""
    words = [w.lower() for w in _WORD.findall(query)][:MAX_QUERY_WORDS]
    if not words:
        return None
    known = set(SuggestionWord.objects.filter(word__in=words).values_list("word", flat=True))
    changed, out = False, []
    for word in words:
        best = None if word in known or len(word) < MIN_LENGTH else closest(word)
        out.append(best or word)
        changed = changed or best is not None
    return " ".join(out) if changed else None


def allowed_distance(word: str) -> int:
    return 1 if len(word) <= 5 else 2


def closest(word: str) -> str | None:
    """The known word nearest to ``word`` within the allowed edit distance, or None."""
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import TrigramDistance

        # The nearest words by trigram distance, from the GiST index (no threshold:
        # a swap in a short word shares few trigrams with the word meant).
        candidates = list(
            SuggestionWord.objects.annotate(distance=TrigramDistance("word", word))
            .order_by("distance").values_list("word", "stories")[:CANDIDATES]
        )
    else:
        candidates = [
            (w, n) for w, n in SuggestionWord.objects.filter(word__startswith=word[0])
            .values_list("word", "stories") if abs(len(w) - len(word)) <= 2
        ]
    limit = allowed_distance(word)
    scored = [(edit_distance(word, w), -n, w) for w, n in candidates]
    scored = [entry for entry in scored if entry[0] <= limit]
    return min(scored)[2] if scored else None


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance counting a swap of two neighbouring letters as one edit."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            cost = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cost = min(cost, previous2[j - 2] + 1)
            current.append(cost)
        previous2, previous = previous, current
    return previous[-1]
