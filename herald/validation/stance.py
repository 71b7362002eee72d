"""Headline–body stance (agree / disagree / discuss / unrelated), numpy inference.

Features are hand-crafted (overlap, n-gram hits, similarity, refuting, hedging
and polarity words), plus the probabilities of a logistic regression over the words
around the claim (lexical_counts); the classifier is a gradient-boosted forest (see
gbt.py).
"""

from __future__ import annotations

import json
import math
import re
from bisect import bisect_left
from functools import lru_cache
from pathlib import Path

import numpy as np

from herald.validation.features import (
    STOPWORDS,
    bucket,
    cosine,
    hashed_counts,
    stem,
    tfidf,
    tokens,
    word_ngrams,
)
from herald.validation.gbt import Forest

MODEL_DIR = Path(__file__).parent / "models"
STANCE_PATH = MODEL_DIR / "stance.npz"
STANCE_META = MODEL_DIR / "stance.json"
LABELS = ("agree", "disagree", "discuss", "unrelated")
HASH_SIZE = 2**18
SVD_HASH = 2**13  # unigram stems for the latent-semantic (SVD) similarity

REFUTING = (
    "fake fraud hoax false deny denies denied denial not despite nope doubt doubts bogus "
    "debunk debunked debunks prank pranks retract retracted retraction untrue myth "
    "misleading satire satirical never fabricated baseless rumor rumour incorrect wrong"
).split()
HEDGING = (
    "reportedly allegedly alleged claims claimed claim according unconfirmed rumor rumors "
    "rumour rumours purportedly apparently may might could believed suspected speculation "
    "unverified appears seems possibly reports report suggests supposedly unclear"
).split()
AGREEING = (
    "confirmed confirms confirm official officially announced announces revealed indeed "
    "verified true proof shows showed video footage photos statement"
).split()
NEGATION = (
    "not no never none nothing nobody neither nor cannot can't won't isn't wasn't don't "
    "doesn't didn't aren't weren't hasn't haven't"
).split()
_SENT = re.compile(r"(?<=[.!?])\s+|\n+")
# A headline word, and body words that contradict it when they sit near the topic
# ("dead" / "alive", "approves" / "proposed"): the claim said done, the body not.
CONTRADICTIONS = {
    "dead": "alive living survived surviving hoax fake",
    "die": "alive living survived hoax",
    "died": "alive living survived hoax fake",
    "kill": "alive survived escaped hoax",
    "killed": "alive survived escaped hoax fake",
    "beheaded": "alive safe hoax fake",
    "executed": "alive hoax fake",
    "captured": "escaped free alive",
    "real": "fake hoax photoshopped doctored staged",
    "true": "false untrue fake hoax",
    "confirms": "denies denied unconfirmed",
    "confirmed": "denies denied unconfirmed",
    "approves": "proposed proposal consultation delayed rejected",
    "approved": "proposed proposal consultation delayed rejected",
    "resigns": "refuses refused rejected remain stay",
    "quits": "refuses refused remain stay",
    "fired": "denied remains",
    "bans": "proposed considering denied",
    "banned": "proposed considering denied",
    "arrested": "released denied",
    "adopts": "godson godchild not",
    "adopted": "godson godchild not",
    "found": "missing searching",
    "shut": "denied not",
    "buys": "talks denied rumor rumour",
    "acquire": "talks denied rumor rumour",
}
_CONTRA = {k: frozenset(v.split()) for k, v in CONTRADICTIONS.items()}


def _count(words: list[str], vocab: frozenset[str]) -> float:
    return float(sum(1 for w in words if w in vocab))


_REFUTE = frozenset(REFUTING)
_HEDGE = frozenset(HEDGING)
_AGREE = frozenset(AGREEING)
_NEG = frozenset(NEGATION)


def svd_vector(stems: list[str], svd: tuple[np.ndarray, np.ndarray] | None) -> np.ndarray | None:
    """The text's position in the latent (SVD) space: TF-IDF times the components."""
    if svd is None:
        return None
    svd_idf, components = svd
    counts = hashed_counts(stems, SVD_HASH)
    if not counts:
        return np.zeros(components.shape[1])
    index = np.fromiter(counts, dtype=np.int64)
    weights = np.array([(1.0 + math.log(c)) for c in counts.values()]) * svd_idf[index]
    vector = weights @ components[index].astype(np.float64)
    norm = float(np.linalg.norm(vector))
    return vector / norm if norm else vector


def _dot(a: np.ndarray | None, b: np.ndarray | None) -> float:
    return float(a @ b) if a is not None and b is not None else 0.0


class BodyCache:
    """What the features need from a body, computed once per body text."""

    def __init__(self, body: str, idf: np.ndarray, svd=None):
        self.text = body
        self.lower = " ".join(body.lower().split())
        self.words = tokens(body)
        self.stems = [stem(w) for w in self.words if w not in STOPWORDS]
        self.stem_set = set(self.stems)
        self.ngrams = {
            n: set(zip(*[self.stems[i:] for i in range(n)], strict=False)) for n in (2, 3)
        }
        self.vec = tfidf(hashed_counts(word_ngrams(self.stems, 2), HASH_SIZE), idf)
        raw_sents = [s for s in _SENT.split(body) if len(s.split()) >= 3] or [body]
        self.sents = []
        self.sent_svd = []
        for sent in raw_sents[:80]:
            words = tokens(sent)
            stems = [stem(w) for w in words if w not in STOPWORDS]
            vec = tfidf(hashed_counts(stems, HASH_SIZE), idf)
            self.sents.append((words, set(stems), vec))
            self.sent_svd.append(svd_vector(stems, svd))
        self.svd = svd_vector(self.stems, svd)
        self.sent_cues = [
            (bool(_DEBUNKING.search(sent)), bool(_REPORTED.search(sent))) for sent in raw_sents[:80]
        ]
        self.lex_body: list[str] | None = None  # the body's words for lexical_counts
        intro = self.words[:60]
        self.intro_stems = {stem(w) for w in intro if w not in STOPWORDS}


def feature_names() -> list[str]:
    names = [
        "cos_all",
        "cos_uni",
        "sent_max",
        "sent_top3",
        "sent_argmax",
        "sent_first",
        "overlap",
        "jaccard",
        "overlap_idf",
        "overlap_intro",
        "bigram_hit",
        "trigram_hit",
        "char8_hit",
        "char16_hit",
        "char8_intro",
        "h_len",
        "b_len",
        "n_sents",
        "h_question",
        "h_refute",
        "h_hedge",
        "h_neg",
        "b_refute",
        "b_hedge",
        "b_agree",
        "b_neg",
        "top_refute",
        "top_hedge",
        "top_agree",
        "top_neg",
        "neg_parity",
        "first_refute",
        "first_hedge",
    ]
    names += [f"h_word_{w}" for w in REFUTING]
    names += [f"top_word_{w}" for w in REFUTING[:16]]
    names += [
        "svd_body",
        "svd_sent_max",
        "svd_sent_top3",
        "contra_top",
        "contra_body",
        "refute_weighted",
        "refute_near_max",
        "hedge_weighted",
        "agree_weighted",
        "h_claim_done",
    ]
    names += CLAIM_FEATURES
    names += DEBUNK_FEATURES
    names += [f"lex_{label}" for label in LEX_LABELS]
    return names


# Issue 14: cues read around the words headline and body share, not across the body.
CLAIM_FEATURES = [
    "h_polar",
    "refute_near_topic",
    "neg_near_topic",
    "hedge_near_topic",
    "agree_near_topic",
    "polarity_flip_top",
    "polarity_flip_weighted",
    "topic_sents_refuting",
    "topic_sents_hedging",
    "h_numbers",
    "h_numbers_missing",
    "top_numbers_other",
    "h_names",
    "h_names_missing",
    "h_unpolar_x_refute",
    "h_polar_x_refute",
    "first_topic_refute",
]
# Issue 14, third pass: a flat claim in the headline against body sentences on its topic
# that call something a hoax, fake, untrue or denied (phrases, not single negations).
DEBUNK_FEATURES = [
    "h_debunking",
    "h_negated",
    "h_hedged",
    "b_debunking_share",
    "lead_debunking",
    "debunking_topic_max",
    "debunking_topic_sents",
    "reported_topic_max",
    "flat_x_debunking_topic",
    "flat_x_debunking_share",
    "h_debunking_x_topic",
    "flat_x_lead_debunking",
]
_DEBUNKING = re.compile(
    r"\b(?:hoax\w*|fake\w*|false(?:ly)?|untrue|debunk\w*|prank\w*|satir\w*|fabricat\w*|"
    r"photoshop\w*|doctored|bogus|myth|made[- ]up|not\s+true|no\s+evidence|never\s+happened|"
    r"did\s+not\s+happen|didn't\s+happen|rumou?rs?|spoof|parody|joke|fiction\w*|unfounded|"
    r"baseless|denie[sd]|deny(?:ing)?|dismiss\w*|refut\w*|rubbish|nonsense|no\s+truth|"
    r"not\s+real|isn't\s+real|wasn't\s+real|alive)\b",
    re.I,
)
_REPORTED = re.compile(
    r"\b(?:reportedly|allegedly|claims?|claimed|rumou?red|may|might|could|apparently|"
    r"purportedly|report(?:s|ed)?|said\s+to|believed|suspected|possibly|unconfirmed)\b",
    re.I,
)
_NEGATED = re.compile(r"\b(?:not|no|never|isn't|wasn't|aren't|didn't|doesn't|won't|can't)\b", re.I)


def sentence_overlaps(h_set: set[str], body) -> list[float]:
    """The share of the headline's terms each body sentence holds."""
    n = max(len(h_set), 1)
    return [len(h_set & stems) / n for _, stems, _ in body.sents]


def debunk_features(headline: str, h_set: set[str], body) -> list[float]:
    """Does the body call the headline's topic a hoax while the headline states it flat?"""
    h_debunking = 1.0 if _DEBUNKING.search(headline) else 0.0
    h_negated = 1.0 if _NEGATED.search(headline) else 0.0
    h_hedged = 1.0 if (_REPORTED.search(headline) or "?" in headline) else 0.0
    debunking = [d for d, _ in body.sent_cues]
    overlaps = sentence_overlaps(h_set, body)
    on_topic = [o for o, d in zip(overlaps, debunking, strict=False) if d]
    reported = [o for o, (_, r) in zip(overlaps, body.sent_cues, strict=False) if r]
    share = sum(debunking) / max(len(debunking), 1)
    lead = 1.0 if any(debunking[:3]) else 0.0
    topic_max = max(on_topic, default=0.0)
    flat = (1 - h_debunking) * (1 - h_negated) * (1 - h_hedged)
    return [
        h_debunking,
        h_negated,
        h_hedged,
        share,
        lead,
        topic_max,
        float(sum(1 for o in on_topic if o >= 0.34)),
        max(reported, default=0.0),
        flat * topic_max,
        flat * share,
        h_debunking * topic_max,
        flat * lead,
    ]


_NUMERAL = re.compile(r"\d[\d,.]*")
_NAME = re.compile(r"(?<=\s)[A-Z][a-z]+|\b[A-Z]{2,}\b")
WINDOW = 4


_CUES = _REFUTE | _NEG | _HEDGE | _AGREE


def _near(words: list[str], topic: set[str]) -> dict[frozenset[str], int]:
    """Per cue list, how many of its words sit within WINDOW words of a headline stem."""
    cues = [(i, w) for i, w in enumerate(words) if w in _CUES]
    if not cues:
        return {}
    spots = [i for i, w in enumerate(words) if w not in STOPWORDS and stem(w) in topic]
    counts: dict[frozenset[str], int] = {}
    for i, w in cues:
        k = bisect_left(spots, i - WINDOW)
        if k < len(spots) and spots[k] <= i + WINDOW:
            for vocab in (_REFUTE, _NEG, _HEDGE, _AGREE):
                if w in vocab:
                    counts[vocab] = counts.get(vocab, 0) + 1
    return counts


def claim_features(headline: str, h_words: list[str], h_set: set[str], body, sims) -> list[float]:
    """Polarity, refutation and hedging next to the shared terms; numbers and names missing."""
    polar = _REFUTE | _NEG
    h_polar = 1.0 if set(h_words) & polar else 0.0
    near = {name: [] for name in ("refute", "neg", "hedge", "agree")}
    flips, topical = [], []
    for (words, stems, _), sim in zip(body.sents, sims, strict=False):
        shared = len(h_set & stems)
        topical.append(shared >= max(2, len(h_set) // 3))
        counts = _near(words, h_set)
        for name, vocab in (
            ("refute", _REFUTE),
            ("neg", _NEG),
            ("hedge", _HEDGE),
            ("agree", _AGREE),
        ):
            near[name].append(counts.get(vocab, 0))
        s_polar = 1.0 if set(words) & polar else 0.0
        flips.append(float(s_polar != h_polar) * sim)
    weights = np.asarray(sims, dtype=float) if sims else np.zeros(0)
    order = np.argsort(weights)[::-1][:3]
    n_topic = max(sum(topical), 1)
    refute_topic = sum(1 for t, r in zip(topical, near["refute"], strict=False) if t and r)
    hedge_topic = sum(1 for t, r in zip(topical, near["hedge"], strict=False) if t and r)
    h_numbers = {n.strip(".,") for n in _NUMERAL.findall(headline)}
    body_numbers = set(_NUMERAL.findall(body.text)) if h_numbers else set()
    body_numbers = {n.strip(".,") for n in body_numbers}
    top_numbers = {
        n.strip(".,") for i in order[:1] for n in _NUMERAL.findall(" ".join(body.sents[i][0]))
    }
    names = {stem(n.lower()) for n in _NAME.findall(" " + headline)}
    refute_near = float(sum(near["refute"]))
    first = sum(near["refute"][:3]) + sum(near["neg"][:3])
    return [
        h_polar,
        refute_near,
        float(sum(near["neg"])),
        float(sum(near["hedge"])),
        float(sum(near["agree"])),
        float(sum(flips[i] > 0 for i in order)),
        float(np.sum(flips)) / (float(weights.sum()) or 1.0),
        refute_topic / n_topic,
        hedge_topic / n_topic,
        float(len(h_numbers)),
        float(len(h_numbers - body_numbers)),
        float(len(top_numbers - h_numbers)) if h_numbers else 0.0,
        float(len(names)),
        float(len(names - body.stem_set)) / max(len(names), 1),
        (1.0 - h_polar) * refute_near,
        h_polar * refute_near,
        float(first),
    ]


# Headline verbs that report something as done ("approves", "dies"): the claims that a
# body saying "proposed", "denied" or "alive" contradicts.
_DONE = frozenset(
    """approves approved passes passed bans banned resigns resigned quits dies died dead
    killed kills arrested fires fired buys bought acquires acquired confirms confirmed
    adopts adopted found shuts closes closed signs signed wins won""".split()
)


def pair_features(headline: str, body: BodyCache, idf: np.ndarray, svd=None) -> list[float]:
    h_words = tokens(headline)
    h_stems = [stem(w) for w in h_words if w not in STOPWORDS]
    h_set = set(h_stems)
    h_uni = tfidf(hashed_counts(h_stems, HASH_SIZE), idf)
    h_all = tfidf(hashed_counts(word_ngrams(h_stems, 2), HASH_SIZE), idf)
    body_uni = {i: v for i, v in body.vec.items()}
    sims = [cosine(h_uni, vec) for _, _, vec in body.sents]
    order = np.argsort(sims)[::-1]
    top = [body.sents[i] for i in order[:3]]
    top_words = [w for words, _, _ in top for w in words]
    first_words = [w for words, _, _ in body.sents[:2] for w in words]
    n_h = max(len(h_set), 1)
    idf_total = sum(float(idf[bucket(s, HASH_SIZE)]) for s in h_set) or 1.0
    idf_hit = sum(float(idf[bucket(s, HASH_SIZE)]) for s in h_set & body.stem_set)
    grams = {n: set(zip(*[h_stems[i:] for i in range(n)], strict=False)) for n in (2, 3)}
    h_lower = " ".join(headline.lower().split())
    chars = {
        n: {h_lower[i : i + n] for i in range(0, max(len(h_lower) - n + 1, 0), 2)} for n in (8, 16)
    }
    intro = body.lower[:255]
    b_len = max(len(body.words), 1)
    feats = [
        cosine(h_all, body.vec),
        cosine(h_uni, body_uni),
        max(sims) if sims else 0.0,
        float(np.mean([sims[i] for i in order[:3]])) if sims else 0.0,
        float(order[0]) / len(sims) if sims else 0.0,
        sims[0] if sims else 0.0,
        len(h_set & body.stem_set) / n_h,
        len(h_set & body.stem_set) / max(len(h_set | body.stem_set), 1),
        idf_hit / idf_total,
        len(h_set & body.intro_stems) / n_h,
        len(grams[2] & body.ngrams[2]) / max(len(grams[2]), 1),
        len(grams[3] & body.ngrams[3]) / max(len(grams[3]), 1),
        sum(1 for g in chars[8] if g in body.lower) / max(len(chars[8]), 1),
        sum(1 for g in chars[16] if g in body.lower) / max(len(chars[16]), 1),
        sum(1 for g in chars[8] if g in intro) / max(len(chars[8]), 1),
        float(len(h_words)),
        math.log1p(len(body.words)),
        float(len(body.sents)),
        1.0 if "?" in headline else 0.0,
        _count(h_words, _REFUTE),
        _count(h_words, _HEDGE),
        _count(h_words, _NEG),
        100 * _count(body.words, _REFUTE) / b_len,
        100 * _count(body.words, _HEDGE) / b_len,
        100 * _count(body.words, _AGREE) / b_len,
        100 * _count(body.words, _NEG) / b_len,
        _count(top_words, _REFUTE),
        _count(top_words, _HEDGE),
        _count(top_words, _AGREE),
        _count(top_words, _NEG),
        float((_count(h_words, _NEG) + _count(top_words, _NEG)) % 2),
        _count(first_words, _REFUTE),
        _count(first_words, _HEDGE),
    ]
    h_word_set = set(h_words)
    top_word_set = set(top_words)
    feats += [1.0 if w in h_word_set else 0.0 for w in REFUTING]
    feats += [1.0 if w in top_word_set else 0.0 for w in REFUTING[:16]]
    h_svd = svd_vector(h_stems, svd)
    svd_sims = sorted((_dot(h_svd, v) for v in body.sent_svd), reverse=True) or [0.0]
    contra = set().union(*(_CONTRA[w] for w in h_word_set if w in _CONTRA))
    body_word_set = set(body.words)
    weights = np.array(sims) if sims else np.zeros(0)
    refute_in = np.array([_count(words, _REFUTE) > 0 for words, _, _ in body.sents], dtype=float)
    hedge_in = np.array([_count(words, _HEDGE) > 0 for words, _, _ in body.sents], dtype=float)
    agree_in = np.array([_count(words, _AGREE) > 0 for words, _, _ in body.sents], dtype=float)
    total = float(weights.sum()) or 1.0
    feats += [
        _dot(h_svd, body.svd),
        svd_sims[0],
        float(np.mean(svd_sims[:3])),
        float(len(contra & top_word_set)),
        float(len(contra & body_word_set)),
        float(weights @ refute_in) / total if sims else 0.0,
        float((weights * refute_in).max()) if sims else 0.0,
        float(weights @ hedge_in) / total if sims else 0.0,
        float(weights @ agree_in) / total if sims else 0.0,
        1.0 if h_word_set & _DONE else 0.0,
    ]
    feats += claim_features(headline, h_words, h_set, body, sims)
    feats += debunk_features(headline, h_set, body)
    return feats


# Issue 14, fourth pass: the words around the claim, learnt. A logistic regression over
# hashed words and word pairs of the three body sentences that share most of the
# headline's terms ("c:"), of the whole body ("b:") and of the headline ("h:"), kept to
# words that occur in at least LEX_MIN_DF of fnc1-dev's bodies: function and stance
# words ("reportedly", "hoax", "confirmed"), not the claims' own names and nouns, so
# that it learns how stories talk about a claim rather than which claim it is. Its three
# probabilities (agree, disagree, discuss) are features of the forest, fitted out of fold.
LEX_HASH = 2**16
LEX_MIN_DF = 20
LEX_LABELS = ("agree", "disagree", "discuss")


def _lex_grams(words: list[str], vocab: frozenset[int], prefix: str) -> list[str]:
    kept = [w if bucket(w, 2**32) in vocab else "" for w in words]
    out = [prefix + w for w in kept if w]
    out += [prefix + a + " " + b for a, b in zip(kept, kept[1:], strict=False) if a or b]
    return out


def lexical_counts(headline: str, body: BodyCache, vocab: frozenset[int]) -> dict[int, float]:
    """Hashed, log-scaled, L2-normalised counts of the context, body and headline words."""
    h_set = {stem(w) for w in tokens(headline) if w not in STOPWORDS}
    overlaps = sentence_overlaps(h_set, body)
    grams = []
    for i in np.argsort(overlaps)[::-1][:3]:
        grams += _lex_grams(body.sents[i][0], vocab, "c:")
    if body.lex_body is None:
        body.lex_body = _lex_grams([w for words, _, _ in body.sents for w in words], vocab, "b:")
    grams += body.lex_body
    grams += _lex_grams(tokens(headline), vocab, "h:")
    counts = {i: 1.0 + math.log(c) for i, c in hashed_counts(grams, LEX_HASH).items()}
    norm = math.sqrt(sum(v * v for v in counts.values())) or 1.0
    return {i: v / norm for i, v in counts.items()}


def lexical_probs(counts: dict[int, float], coef: np.ndarray, intercept: np.ndarray) -> list[float]:
    """The logistic regression's probabilities for agree, disagree and discuss."""
    raw = intercept.astype(np.float64).copy()
    if counts:
        index = np.fromiter(counts, dtype=np.int64)
        raw += np.fromiter(counts.values(), dtype=np.float64) @ coef[index].astype(np.float64)
    raw -= raw.max()
    e = np.exp(raw)
    return [float(v) for v in e / e.sum()]


class Lexical:
    """The shipped context-word regression: vocabulary hashes, weights, intercepts."""

    def __init__(self, vocab: np.ndarray, coef: np.ndarray, intercept: np.ndarray):
        self.vocab = frozenset(int(v) for v in vocab)
        self.coef = coef
        self.intercept = intercept

    def probs(self, headline: str, body: BodyCache) -> list[float]:
        return lexical_probs(lexical_counts(headline, body, self.vocab), self.coef, self.intercept)


@lru_cache(maxsize=1)
def _load() -> tuple[Forest, np.ndarray, list[str], tuple | None, Lexical | None] | None:
    try:
        meta = json.loads(STANCE_META.read_text(encoding="utf-8"))
        forest = Forest.load(STANCE_PATH, prefix="forest_")
        with np.load(STANCE_PATH, allow_pickle=False) as data:
            idf = data["idf"].astype(np.float64)
            svd = (
                (data["svd_idf"].astype(np.float64), data["svd"].astype(np.float32))
                if "svd" in data.files
                else None
            )
            lexical = (
                Lexical(data["lex_vocab"], data["lex_coef"], data["lex_intercept"])
                if "lex_coef" in data.files
                else None
            )
    except (OSError, ValueError, KeyError):
        return None
    return forest, idf, list(meta["labels"]), svd, lexical


def model_available() -> bool:
    return _load() is not None


def features(headline: str, body: BodyCache, idf: np.ndarray, svd, lexical) -> list[float]:
    """The forest's input row: the hand-made features, then the lexical model's three."""
    row = pair_features(headline, body, idf, svd)
    return row + lexical.probs(headline, body) if lexical is not None else row


def predict_stance(headline: str, body: str) -> dict[str, float] | None:
    """Probabilities per stance label, or None when the model file is missing."""
    loaded = _load()
    if loaded is None or not headline.strip() or not body.strip():
        return None
    forest, idf, labels, svd, lexical = loaded
    row = np.array([features(headline, BodyCache(body, idf, svd), idf, svd, lexical)])
    probs = forest.predict_proba(row)[0]
    return {label: float(p) for label, p in zip(labels, probs, strict=False)}
