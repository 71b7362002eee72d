"""How alike two stories are: the pure ranking behind the "More" block.

Plain functions over plain data (no ORM), so the same code ranks the
archive in the background task and the evaluation set in ``bench/related``.

A story becomes a *signature*: weights of its words (the headline counted
three times, the standfirst twice, the body once; sublinear term frequency),
each divided by the square root of the number of stories that use it, and,
apart, of its named people, places and organisations (runs of capitalised
words; a single one opening a sentence does not count). Both vectors are
pruned to their strongest terms and normalised, so a signature is small
enough to store beside the story and compare against thousands of others.

    score = text cosine + desk/topic bonus + a mild recency preference
    offered by: score − HUBNESS/2 × (hubness of the story + hubness of the candidate)

A story's *hubness* is the mean of its five best scores: how close it is to
its nearest stories. Some stories are close to everything around them (a
city's general round-up of a week in which both its events happened, a
follow-up that names only the place and the officials), and a plain score
offers them to every story nearby; taking off half of the two stories'
hubness (cross-domain similarity local scaling, CSLS) lets a story that is
close to *this* one in particular come first.

A word's weight falls as 1/√(stories using it), more steeply than the usual
logarithmic IDF: the names of a city, its hospital and its minister recur in
every story about the city and say little about which event a story is
about, while the words that name the event ("ransomware", "measles",
"herbicide") occur in a handful of stories and carry the score. Names are
words of the text like any other (so "Cañada Honda" counts once, by how rare
it is); the separate name vector only tells near-duplicates apart: adding it
to the score, at any weight tried, let an official shared by two events
outvote the words that tell them apart. Chosen on the development set and
three held-out sets (docs/performance.md, "Related stories"). A pair whose
text is nearly the same (a corrected re-issue, the same wire copy twice) is a
*near-duplicate* and never offered.
"""

from __future__ import annotations

import heapq
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

TEXT_TERMS = 60
ENTITY_TERMS = 25
DF_POWER = 0.5  # a term's weight is (stories using it) ** -DF_POWER
SAME_DESK = 0.03
SHARED_TOPIC = 0.04
RECENCY = 0.04
RECENCY_DAYS = 120.0
HUBNESS_NEIGHBOURS = 5  # a story's hubness: the mean of its five best scores
HUBNESS = 0.5
NEAR_DUPLICATE = 0.82
NEAR_DUPLICATE_NAMES = 0.5
FIELD_WEIGHTS = (("headline", 3), ("standfirst", 2), ("body", 1))

STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been
    before being below between both but by can could did do does doing down during each
    few for from further had has have having he her here hers herself him himself his how
    i if in into is it its itself just me more most my myself no nor not now of off on
    once only or other our ours ourselves out over own same she should so some such than
    that the their theirs them themselves then there these they this those through to too
    under until up very was we were what when where which while who whom why will with
    would you your yours yourself said says say told according year years week weeks day
    days month months last first second new one two three four five six seven eight nine
    ten per cent percent about around many much may might must since still well would
    including include includes made make makes take taken took expected yesterday today
    monday tuesday wednesday thursday friday saturday sunday mr mrs ms dr""".split()
)
# Capitalised words that are rarely names, even mid-sentence.
NOT_NAMES = frozenset(
    """the a an in on at of for and but or if when while after before during this that these
    those it its he she they we i his her their our mr mrs ms dr monday tuesday wednesday
    thursday friday saturday sunday january february march april may june july august
    september october november december""".split()
)
NAME_JOINERS = frozenset({"de", "del", "della", "di", "da", "van", "von", "la", "le", "of", "du"})
_TOKEN = re.compile(r"[^\W\d_][\w'’-]*", re.UNICODE)
_SENTENCE = re.compile(r"(?<=[.!?…:;\"“”])\s+|\n+")


def fold(word: str) -> str:
    """Lower case without accents: "Lucía" and "Lucia" are one name."""
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("’", "'")


def stem(word: str) -> str:
    """A light suffix stripper: enough to join "strike", "strikes" and "striking"."""
    for suffix, keep in (("'s", 3), ("ies", 4), ("ing", 5), ("ed", 5), ("es", 5), ("s", 4)):
        if word.endswith(suffix) and len(word) - len(suffix) >= keep - 1:
            word = word[: -len(suffix)]
            break
    return word.rstrip("e") if len(word) > 4 else word


def words(text: str) -> list[str]:
    """Content words of a text, folded and stemmed, stopwords dropped."""
    out = []
    for token in _TOKEN.findall(text):
        folded = fold(token).strip("'-")
        if len(folded) > 2 and folded not in STOPWORDS:
            out.append(stem(folded))
    return out


def entities(text: str) -> list[str]:
    """Names in a text: runs of capitalised words, but not one lone word opening a sentence."""
    found = []
    for sentence in _SENTENCE.split(text):
        tokens = _TOKEN.findall(sentence)
        run: list[str] = []
        opens = False  # the run opens the sentence: one capitalised word there says nothing
        for position, token in enumerate(tokens + [""]):
            folded = fold(token)
            if token[:1].isupper() and folded not in NOT_NAMES:
                opens = opens or (not run and position == 0)
                run.append(folded)
            elif run and folded in NAME_JOINERS and token[:1].islower():
                run.append(folded)
            else:
                while run and run[-1] in NAME_JOINERS:
                    run.pop()
                if len(run) > 1 or (run and not opens):
                    found.append(" ".join(run))
                    if len(run) > 1:
                        found.extend(run)  # "Giulia Ferraro" also matches a later "Ferraro"
                run, opens = [], False
    return [name for name in found if len(name) > 2 and name not in STOPWORDS]


@dataclass(frozen=True)
class StoryText:
    """What the ranking reads of a story."""

    key: int | str
    headline: str
    standfirst: str
    body: str
    desk: str = ""
    topics: frozenset[str] = frozenset()
    published: datetime | None = None

    def terms(self) -> tuple[Counter, Counter]:
        """Weighted counts of its words and of its names (field weights applied)."""
        text: Counter = Counter()
        names: Counter = Counter()
        for attr, weight in FIELD_WEIGHTS:
            value = getattr(self, attr)
            for term in words(value):
                text[term] += weight
            for name in entities(value):
                names[name] += weight
        return text, names


@dataclass
class Signature:
    """A story's pruned, normalised vectors and the facts the bonus terms need."""

    key: int | str
    text: dict[str, float]
    names: dict[str, float]
    desk: str = ""
    topics: frozenset[str] = frozenset()
    published: datetime | None = None
    vocabulary: frozenset[str] = field(default_factory=frozenset)
    nearest: tuple[float, ...] = ()  # its best scores against other stories, best first

    @property
    def hubness(self) -> float:
        """How close the story is to its nearest stories: the mean of its best scores."""
        return sum(self.nearest) / len(self.nearest) if self.nearest else 0.0

    def as_json(self) -> dict:
        return {"t": self.text, "n": self.names}


class DocumentFrequencies:
    """How many stories use each term: what a term's weight is divided by."""

    def __init__(self, counts: Mapping[str, int] | None = None):
        self.counts: dict[str, int] = dict(counts or {})

    def add(self, vocabulary: Iterable[str]) -> None:
        for term in vocabulary:
            self.counts[term] = self.counts.get(term, 0) + 1

    def idf(self, term: str) -> float:
        """A term's rarity weight: 1/√(stories using it), a new term counted as one."""
        return max(self.counts.get(term, 0), 1) ** -DF_POWER


def vocabulary(story: StoryText) -> frozenset[str]:
    """The distinct terms a story contributes to the document frequencies."""
    text, names = story.terms()
    return frozenset(text) | frozenset(f"@{n}" for n in names)


def _weigh(counts: Counter, idf, prefix: str, keep: int) -> dict[str, float]:
    weights = {term: (1 + math.log(n)) * idf(prefix + term) for term, n in counts.items()}
    strongest = sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))[:keep]
    norm = math.sqrt(sum(w * w for _, w in strongest)) or 1.0
    return {term: round(w / norm, 5) for term, w in strongest}


def signature(story: StoryText, frequencies: DocumentFrequencies) -> Signature:
    text, names = story.terms()
    return Signature(
        key=story.key,
        text=_weigh(text, frequencies.idf, "", TEXT_TERMS),
        names=_weigh(names, frequencies.idf, "@", ENTITY_TERMS),
        desk=story.desk,
        topics=story.topics,
        published=story.published,
        vocabulary=frozenset(text) | frozenset(f"@{n}" for n in names),
    )


def cosine(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b[t] for t, w in a.items() if t in b)


def score(a: Signature, b: Signature) -> float:
    """How strongly ``b`` belongs in ``a``'s "More" block (symmetric)."""
    value = cosine(a.text, b.text)
    if a.desk and a.desk == b.desk:
        value += SAME_DESK
    if a.topics and b.topics:
        value += SHARED_TOPIC * len(a.topics & b.topics) / len(a.topics | b.topics)
    if a.published and b.published:
        days = abs((a.published - b.published).total_seconds()) / 86400
        value += RECENCY * math.exp(-days / RECENCY_DAYS)
    return value


def related_score(a: Signature, b: Signature) -> float:
    """``score`` less half of both stories' hubness: what the "More" block ranks by."""
    return score(a, b) - HUBNESS / 2 * (a.hubness + b.hubness)


def nearest(
    story: Signature, candidates: Iterable[Signature], keep: int = HUBNESS_NEIGHBOURS
) -> tuple[float, ...]:
    """The story's ``keep`` best scores against the candidates (never itself nor a
    near-duplicate of it), best first: what its hubness is the mean of."""
    return tuple(round(value, 5) for value in heapq.nlargest(keep, (
        score(story, other) for other in candidates
        if other.key != story.key and not near_duplicate(story, other)
    )))


def with_score(nearest_scores: tuple[float, ...], value: float,
               keep: int = HUBNESS_NEIGHBOURS) -> tuple[float, ...] | None:
    """``nearest_scores`` with a new story's score among them, or None if it is not."""
    if len(nearest_scores) >= keep and value <= nearest_scores[-1]:
        return None
    return tuple(heapq.nlargest(keep, (*nearest_scores, round(value, 5))))


def near_duplicate(a: Signature, b: Signature) -> bool:
    """The same story twice: a corrected re-issue, or one wire story run twice.

    Nearly the same words and the same names: two short items that share a
    template but name different places or people are different stories.
    """
    if cosine(a.text, b.text) < NEAR_DUPLICATE:
        return False
    return not (a.names and b.names) or cosine(a.names, b.names) >= NEAR_DUPLICATE_NAMES


def rank(
    story: Signature, candidates: Iterable[Signature], limit: int
) -> list[tuple[Signature, float]]:
    """The best ``limit`` candidates for ``story`` by ``related_score``, best first.

    Never the story itself, nor a near-duplicate of it or of a story already
    chosen (the same wire copy filed twice is offered once).
    """
    scored = [
        (other, related_score(story, other))
        for other in candidates
        if other.key != story.key and not near_duplicate(story, other)
    ]
    scored.sort(key=lambda pair: (-pair[1], str(pair[0].key)))
    chosen: list[tuple[Signature, float]] = []
    for other, value in scored:
        if len(chosen) == limit:
            break
        if not any(near_duplicate(other, kept) for kept, _ in chosen):
            chosen.append((other, value))
    return chosen


def baseline(story: StoryText, candidates: Iterable[StoryText], limit: int) -> list[StoryText]:
    """The foundation's rule, kept for comparison: same desk and shared topics, newest first."""
    same_desk = [c for c in candidates if c.key != story.key and c.desk == story.desk]
    same_desk.sort(key=lambda c: c.published or datetime.min, reverse=True)
    chosen = [c for c in same_desk if c.topics & story.topics][:limit]
    chosen += [c for c in same_desk if c not in chosen][: limit - len(chosen)]
    return chosen
