"""Loaded-language sentence classifier (trained on BABE), numpy inference.

Hashed word 1–2-grams and in-word character 3–5-grams, TF-IDF weighted, then a
logistic regression; plus one feature counting words annotators marked as biased.
"""

from __future__ import annotations

import ast
import json
from collections import Counter
from functools import lru_cache
from pathlib import Path

import numpy as np

from herald.validation.features import bucket, char_ngrams, hashed_counts, tfidf, tokens, word_ngrams

MODEL_DIR = Path(__file__).parent / "models"
BIAS_PATH = MODEL_DIR / "bias.npz"
BIAS_META = MODEL_DIR / "bias.json"
HASH_SIZE = 2**18
C = 4.0
LEXICON_WEIGHT = 1.0


def _features(text: str) -> list[str]:
    words = tokens(text)
    return [f"w:{g}" for g in word_ngrams(words, 2)] + [f"c:{g}" for g in char_ngrams(text)]


def fit_idf(texts: list[str]) -> np.ndarray:
    df = np.zeros(HASH_SIZE, dtype=np.float64)
    for text in texts:
        for index in hashed_counts(_features(text), HASH_SIZE):
            df[index] += 1
    return np.log((1 + len(texts)) / (1 + df)) + 1.0


def fit_lexicon(rows: list[dict[str, str]], min_count: int = 2) -> list[str]:
    """Words annotators marked as biased at least ``min_count`` times."""
    counts: Counter[str] = Counter()
    for row in rows:
        try:
            marked = ast.literal_eval(row.get("biased_words") or "[]")
        except (ValueError, SyntaxError):
            continue
        for word in marked:
            for token in tokens(str(word)):
                counts[token] += 1
    return sorted(w for w, c in counts.items() if c >= min_count and len(w) > 2)


def _vector(text: str, idf: np.ndarray) -> dict[int, float]:
    return tfidf(hashed_counts(_features(text), HASH_SIZE), idf)


def _lexicon_hits(text: str, lexicon: frozenset[str]) -> float:
    return float(sum(1 for w in tokens(text) if w in lexicon))


def matrix(texts: list[str], idf: np.ndarray, lexicon: list[str]):
    """Training-time design matrix (scipy sparse): hashed TF-IDF plus the lexicon count."""
    from scipy.sparse import csr_matrix

    lex = frozenset(lexicon)
    data, rows, cols = [], [], []
    for r, text in enumerate(texts):
        for c, v in _vector(text, idf).items():
            rows.append(r), cols.append(c), data.append(v)
        rows.append(r), cols.append(HASH_SIZE), data.append(
            LEXICON_WEIGHT * np.log1p(_lexicon_hits(text, lex))
        )
    return csr_matrix((data, (rows, cols)), shape=(len(texts), HASH_SIZE + 1))


@lru_cache(maxsize=1)
def _load() -> tuple[np.ndarray, float, np.ndarray, frozenset[str]] | None:
    try:
        meta = json.loads(BIAS_META.read_text(encoding="utf-8"))
        with np.load(BIAS_PATH, allow_pickle=False) as data:
            coef = data["coef"].astype(np.float64)
            intercept = float(data["intercept"][0])
            idf = data["idf"].astype(np.float64)
    except (OSError, ValueError, KeyError, IndexError):
        return None
    return coef, intercept, idf, frozenset(meta["lexicon"])


def model_available() -> bool:
    return _load() is not None


def predict_biased(texts: list[str]) -> np.ndarray | None:
    """Probability that each sentence is biased, or None when the model is missing."""
    loaded = _load()
    if loaded is None:
        return None
    coef, intercept, idf, lexicon = loaded
    scores = []
    for text in texts:
        vec = _vector(text, idf)
        z = intercept + sum(coef[i] * v for i, v in vec.items())
        z += coef[HASH_SIZE] * LEXICON_WEIGHT * np.log1p(_lexicon_hits(text, lexicon))
        scores.append(z)
    return 1.0 / (1.0 + np.exp(-np.array(scores, dtype=np.float64)))


def word_weight(word: str) -> float:
    """How strongly the classifier associates a single word with bias (0 without a model)."""
    loaded = _load()
    if loaded is None:
        return 0.0
    coef, _, _, lexicon = loaded
    return float(coef[bucket(f"w:{word.lower()}", HASH_SIZE)]) + (
        0.5 if word.lower() in lexicon else 0.0
    )


def in_lexicon(word: str) -> bool:
    loaded = _load()
    return loaded is not None and word.lower() in loaded[3]
