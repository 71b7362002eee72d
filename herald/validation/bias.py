"""Loaded-language sentence classifier (trained on BABE), numpy inference.

Two stages. Two logistic regressions over the same hashed word 1–2-grams and in-word
character 3–5-grams score the sentence's wording: one on TF-IDF weights, one on
NB-weighted presence (each present feature scaled by its log-count ratio between
biased and non-biased training sentences, L2-normalised; "NB-LR"). A second, tiny
logistic regression combines both scores with lexicon features: how often BABE's
annotators marked each of the sentence's words as biased, and Herald's own
loaded-word list. When the fine-tuned encoder (``bias_encoder.py``) is installed, its
probability is stacked with this model's in ``rate``.
"""

from __future__ import annotations

import ast
import json
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from herald.validation import bias_encoder
from herald.validation.features import (
    bucket,
    char_ngrams,
    hashed_counts,
    stem,
    tfidf,
    tokens,
    word_ngrams,
)

MODEL_DIR = Path(__file__).parent / "models"
BIAS_PATH = MODEL_DIR / "bias.npz"
BIAS_META = MODEL_DIR / "bias.json"
LOADED_WORDS = Path(__file__).parent / "data" / "loaded_words.json"
HASH_SIZE = 2**18
C = 2.0
LEXICON_SMOOTHING = 1.0
_THRESHOLDS = (0.1, 0.2, 0.3, 0.5)
NB_C = 4.0
NB_ALPHA = 1.0
N_WORDING = 2  # wording scores fed to the stacker: TF-IDF LR, NB-LR
N_LEXICON = 9


def nb_ratio(counts: list[dict[int, float]], y: np.ndarray) -> np.ndarray:
    """Log-count ratio per hash bucket over binarised features (Wang & Manning 2012)."""
    p = np.full(HASH_SIZE, NB_ALPHA)
    q = np.full(HASH_SIZE, NB_ALPHA)
    for row, label in zip(counts, y, strict=True):
        idx = np.fromiter(row.keys(), dtype=np.int64, count=len(row))
        if label:
            p[idx] += 1.0
        else:
            q[idx] += 1.0
    return np.log((p / p.sum()) / (q / q.sum()))


def nb_vector(counts: dict[int, float], ratio: np.ndarray) -> dict[int, float]:
    """Binarised features scaled by the log-count ratio, L2-normalised."""
    weighted = {i: float(ratio[i]) for i in counts}
    norm = sum(v * v for v in weighted.values()) ** 0.5
    return {i: v / norm for i, v in weighted.items()} if norm else {}


def features(text: str) -> list[str]:
    words = tokens(text)
    return [f"w:{g}" for g in word_ngrams(words, 2)] + [f"c:{g}" for g in char_ngrams(text)]


def fit_idf(counts: list[dict[int, float]]) -> np.ndarray:
    df = np.zeros(HASH_SIZE, dtype=np.float64)
    for row in counts:
        for index in row:
            df[index] += 1
    return np.log((1 + len(counts)) / (1 + df)) + 1.0


def fit_lexicon(rows: list[dict[str, str]]) -> dict[str, float]:
    """Per word stem: how often annotators marked it biased, per sentence it appears in."""
    marked: Counter[str] = Counter()
    seen: Counter[str] = Counter()
    for row in rows:
        try:
            words = ast.literal_eval(row.get("biased_words") or "[]")
        except (ValueError, SyntaxError):
            words = []
        for word in words:
            for token in tokens(str(word)):
                marked[stem(token)] += 1
        for token in {stem(t) for t in tokens(row["text"])}:
            seen[token] += 1
    return {
        w: round(marked[w] / (seen[w] + LEXICON_SMOOTHING), 4) for w in sorted(marked) if seen[w]
    }


@lru_cache(maxsize=1)
def loaded_words() -> frozenset[str]:
    try:
        data = json.loads(LOADED_WORDS.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return frozenset()
    return frozenset(w.lower() for w in data["strong"] + data["contextual"] if " " not in w)


def lexicon_features(text: str, lexicon: dict[str, float]) -> list[float]:
    words = tokens(text)
    scores = sorted((lexicon.get(stem(w), 0.0) for w in words), reverse=True) + [0.0] * 3
    return (
        scores[:3]
        + [sum(scores)]
        + [float(sum(1 for s in scores if s > t)) for t in _THRESHOLDS]
        + [float(sum(1 for w in words if w in loaded_words()))]
    )


@dataclass
class BiasModel:
    coef: np.ndarray  # HASH_SIZE weights of the TF-IDF wording model
    intercept: float
    idf: np.ndarray
    nb_coef: np.ndarray  # HASH_SIZE weights of the NB-LR wording model
    nb_intercept: float
    nb_ratio: np.ndarray  # HASH_SIZE log-count ratios
    stack_coef: np.ndarray  # [TF-IDF probability, NB-LR probability] + lexicon features
    stack_intercept: float
    lexicon: dict[str, float]

    def wording(self, counts: dict[int, float]) -> float:
        vec = tfidf(counts, self.idf)
        z = self.intercept + sum(self.coef[i] * v for i, v in vec.items())
        return float(1.0 / (1.0 + np.exp(-z)))

    def wording_nb(self, counts: dict[int, float]) -> float:
        vec = nb_vector(counts, self.nb_ratio)
        z = self.nb_intercept + sum(self.nb_coef[i] * v for i, v in vec.items())
        return float(1.0 / (1.0 + np.exp(-z)))

    def wording_scores(self, counts: dict[int, float]) -> list[float]:
        return [self.wording(counts), self.wording_nb(counts)]

    def predict(self, texts: list[str]) -> np.ndarray:
        out = []
        for text in texts:
            counts = hashed_counts(features(text), HASH_SIZE)
            row = np.array(self.wording_scores(counts) + lexicon_features(text, self.lexicon))
            z = self.stack_intercept + float(row @ self.stack_coef)
            out.append(1.0 / (1.0 + np.exp(-z)))
        return np.array(out, dtype=np.float64)

    def save(self, meta: dict) -> None:
        np.savez_compressed(
            BIAS_PATH,
            coef=self.coef.astype(np.float32),
            intercept=np.array([self.intercept]),
            idf=self.idf.astype(np.float32),
            nb_coef=self.nb_coef.astype(np.float32),
            nb_intercept=np.array([self.nb_intercept]),
            nb_ratio=self.nb_ratio.astype(np.float32),
            stack_coef=self.stack_coef.astype(np.float64),
            stack_intercept=np.array([self.stack_intercept]),
        )
        BIAS_META.write_text(
            json.dumps({**meta, "lexicon": self.lexicon}, indent=1) + "\n", encoding="utf-8"
        )


@lru_cache(maxsize=1)
def _load() -> BiasModel | None:
    try:
        meta = json.loads(BIAS_META.read_text(encoding="utf-8"))
        with np.load(BIAS_PATH, allow_pickle=False) as data:
            return BiasModel(
                coef=data["coef"].astype(np.float64),
                intercept=float(data["intercept"][0]),
                idf=data["idf"].astype(np.float64),
                nb_coef=data["nb_coef"].astype(np.float64),
                nb_intercept=float(data["nb_intercept"][0]),
                nb_ratio=data["nb_ratio"].astype(np.float64),
                stack_coef=data["stack_coef"].astype(np.float64),
                stack_intercept=float(data["stack_intercept"][0]),
                lexicon=dict(meta["lexicon"]),
            )
    except (OSError, ValueError, KeyError, IndexError):
        return None


def model_available() -> bool:
    return _load() is not None


@dataclass(frozen=True)
class Ratings:
    probs: np.ndarray  # P(biased) per sentence: both models stacked, or the numpy one alone
    encoder: np.ndarray | None  # the fine-tuned encoder's own P(biased), when it ran


# A sentence is rated on its first 1,000 characters: BABE's longest is 606, and prose
# sentences stay well under; a longer "sentence" is a run-on paste or hostile input, whose
# whole length would cost the classifier time in proportion and tell it nothing more.
MAX_SENTENCE_CHARS = 1_000


def rate(texts: list[str]) -> Ratings | None:
    """Rate each sentence (its first ``MAX_SENTENCE_CHARS``), with the encoder
    (bias_encoder.py) when it is installed; None when the numpy model is missing."""
    model = _load()
    if model is None:
        return None
    texts = [text[:MAX_SENTENCE_CHARS] for text in texts]
    probs = model.predict(texts)
    encoder = bias_encoder.encoder() if texts else None
    if encoder is None:
        return Ratings(probs, None)
    encoded = encoder.probabilities(texts)
    return Ratings(encoder.stacked(probs, encoded), encoded)


def predict_biased(texts: list[str]) -> np.ndarray | None:
    """Probability that each sentence is biased, or None when the model is missing."""
    ratings = rate(texts)
    return None if ratings is None else ratings.probs


def word_weight(word: str) -> float:
    """How strongly the wording model associates one word with bias (0 without a model)."""
    model = _load()
    if model is None:
        return 0.0
    return float(model.coef[bucket(f"w:{word.lower()}", HASH_SIZE)])
