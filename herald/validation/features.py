"""Text features shared by training (bench/train_validation) and inference.

Everything here is deterministic and stdlib/numpy only, so the shipped weights
mean the same thing at run time as they did when they were trained.
"""

from __future__ import annotations

import re
import zlib
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # numpy loads on first use: reader-serving workers never need it
    import numpy as np

_TOKEN = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")
_SUFFIXES = (
    "ational",
    "ization",
    "fulness",
    "ousness",
    "iveness",
    "ingly",
    "ments",
    "ement",
    "ation",
    "ness",
    "ment",
    "ings",
    "ing",
    "ies",
    "ied",
    "edly",
    "ed",
    "es",
    "ly",
    "s",
)
STOPWORDS = frozenset(
    """a about above after again against all am an and any are as at be because been
    before being below between both but by can could did do does doing down during each
    few for from further had has have having he her here hers herself him himself his
    how i if in into is it its itself just me more most my myself no nor not now of off
    on once only or other our ours ourselves out over own same she should so some such
    than that the their theirs them themselves then there these they this those through
    to too under until up very was we were what when where which while who whom why will
    with would you your yours yourself yourselves also said says say new one two may
    might must shall us""".split()
)


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.lower().replace("’", "'"))


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A deliberately small suffix stripper: enough to match 'agreed' with 'agree'."""
    word = word.split("'")[0]
    if len(word) <= 3 or word.isdigit():
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "i"  # ferries, ferry -> ferri
    if word.endswith("y"):
        return word[:-1] + "i"
    if len(word) <= 4:
        return word
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    if word.endswith("e") and len(word) > 4:
        word = word[:-1]
    return word


def content_stems(text: str) -> list[str]:
    return [stem(t) for t in tokens(text) if t not in STOPWORDS]


@lru_cache(maxsize=262144)
def bucket(feature: str, size: int) -> int:
    return zlib.crc32(feature.encode("utf-8")) % size


def hashed_counts(features: list[str], size: int) -> dict[int, float]:
    counts: dict[int, float] = {}
    for feature in features:
        index = bucket(feature, size)
        counts[index] = counts.get(index, 0.0) + 1.0
    return counts


def tfidf(counts: dict[int, float], idf: np.ndarray, sublinear: bool = True) -> dict[int, float]:
    """L2-normalised TF-IDF of a sparse hashed count vector."""
    import numpy as np

    weighted = {i: (1.0 + np.log(c) if sublinear else c) * float(idf[i]) for i, c in counts.items()}
    norm = sum(v * v for v in weighted.values()) ** 0.5
    return {i: v / norm for i, v in weighted.items()} if norm else {}


def cosine(a: dict[int, float], b: dict[int, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return float(sum(v * b.get(i, 0.0) for i, v in a.items()))


def char_ngrams(text: str, lo: int = 3, hi: int = 5) -> list[str]:
    """Character n-grams inside word boundaries (like scikit-learn's char_wb)."""
    grams = []
    for word in text.lower().split():
        padded = f" {word} "
        for n in range(lo, hi + 1):
            if len(padded) < n:
                break
            grams.extend(padded[i : i + n] for i in range(len(padded) - n + 1))
    return grams


def word_ngrams(words: list[str], n_max: int = 2) -> list[str]:
    grams = list(words)
    for n in range(2, n_max + 1):
        grams.extend(" ".join(words[i : i + n]) for i in range(len(words) - n + 1))
    return grams
