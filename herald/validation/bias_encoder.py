"""Loaded-language encoder: all-MiniLM-L6-v2 fine-tuned on BABE, run as int8 ONNX.

A sentence classifier (mean pooling, a linear head over two classes) trained and exported
by ``bench/train_bias_encoder``; here it runs through onnxruntime and tokenizers, never
torch. Its probability is combined with the numpy model's (``bias.py``) by a logistic
regression over the two log-odds (``bias_encoder.json``). Loaded lazily, once per process,
on one intra-op thread; the loaded-language check asks it only about the sentences that
hold a contextual lexicon word, and the answers are kept per sentence text (bounded). When
the model file, its tokenizer or onnxruntime is missing, ``encoder()`` is None and the
numpy model alone decides.
"""

from __future__ import annotations

import json
import math
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

MODEL_DIR = Path(__file__).parent / "models"
MODEL_PATH = MODEL_DIR / "bias_encoder.int8.onnx"
TOKENIZER_PATH = MODEL_DIR / "bias_encoder.tokenizer.json"
META_PATH = MODEL_DIR / "bias_encoder.json"
MAX_TOKENS = 96  # 0.2 % of BABE's sentences are longer; a news sentence rarely is
CACHE_SIZE = 4096  # sentences remembered per process (a few hundred kB)
BATCH = 32  # sentences per run: bounds the attention's memory on a long list
_CLIP = 1e-6


def load_tokenizer(path: Path) -> Any:
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(path))
    tokenizer.enable_truncation(MAX_TOKENS)
    tokenizer.no_padding()
    return tokenizer


def session(path: Path) -> Any:
    import onnxruntime

    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = 1  # the admin's request thread; no pool of its own
    options.inter_op_num_threads = 1
    try:
        return onnxruntime.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
    except Exception as error:  # onnxruntime's own types (InvalidProtobuf, NoSuchFile, …)
        raise OSError(f"{path}: {error}") from error


def pad(ids: list[list[int]]) -> tuple[np.ndarray, np.ndarray]:
    """Token ids padded to the longest sequence (pad id 0), and the attention mask."""
    width = max(len(row) for row in ids)
    input_ids = np.zeros((len(ids), width), dtype=np.int64)
    mask = np.zeros((len(ids), width), dtype=np.int64)
    for r, row in enumerate(ids):
        input_ids[r, : len(row)] = row
        mask[r, : len(row)] = 1
    return input_ids, mask


def run(sess: Any, ids: list[list[int]]) -> np.ndarray:
    """P(biased) for each tokenised sentence, in one batch."""
    input_ids, mask = pad(ids)
    (logits,) = sess.run(["logits"], {"input_ids": input_ids, "attention_mask": mask})
    z = logits[:, 1].astype(np.float64) - logits[:, 0].astype(np.float64)
    return 1.0 / (1.0 + np.exp(-z))


def log_odds(p: np.ndarray) -> np.ndarray:
    p = np.clip(np.asarray(p, dtype=np.float64), _CLIP, 1 - _CLIP)
    return np.log(p / (1 - p))


def stack_inputs(shipped: np.ndarray, encoder: np.ndarray) -> np.ndarray:
    """The stacker's two columns: the numpy model's and the encoder's log-odds."""
    return np.column_stack([log_odds(shipped), log_odds(encoder)])


@dataclass
class Encoder:
    session: Any
    tokenizer: Any
    stack_coef: np.ndarray
    stack_intercept: float
    cache: OrderedDict[str, float] = field(default_factory=OrderedDict)
    # A threaded server validates in several threads at once: the cache's reads and
    # moves are one step each under this lock (onnxruntime's run is thread-safe).
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def probabilities(self, texts: list[str]) -> np.ndarray:
        """The encoder's own P(biased) per sentence; new ones in batches of BATCH."""
        with self.lock:
            known = {t: self.cache[t] for t in texts if t in self.cache}
        new = [t for t in dict.fromkeys(texts) if t not in known]
        for start in range(0, len(new), BATCH):
            part = new[start : start + BATCH]
            # encode(), not encode_batch(): no thread pool of tokenizers' own per worker
            ids = [self.tokenizer.encode(text).ids for text in part]
            known.update(zip(part, run(self.session, ids).tolist(), strict=True))
        with self.lock:
            for text in dict.fromkeys(texts):  # most recently asked last
                self.cache[text] = known[text]
                self.cache.move_to_end(text)
            while len(self.cache) > CACHE_SIZE:
                self.cache.popitem(last=False)
        return np.array([known[t] for t in texts], dtype=np.float64)

    def stacked(self, shipped: np.ndarray, encoder: np.ndarray) -> np.ndarray:
        z = self.stack_intercept + stack_inputs(shipped, encoder) @ self.stack_coef
        return 1.0 / (1.0 + np.exp(-z))


@lru_cache(maxsize=1)
def encoder() -> Encoder | None:
    """The encoder, loaded on first use; None when its files or onnxruntime are absent."""
    try:
        meta = json.loads(META_PATH.read_text(encoding="utf-8"))
        if not MODEL_PATH.is_file():
            return None
        loaded = Encoder(
            session=session(MODEL_PATH),
            tokenizer=load_tokenizer(TOKENIZER_PATH),
            stack_coef=np.array(meta["stack_coef"], dtype=np.float64),
            stack_intercept=float(meta["stack_intercept"]),
        )
    except ImportError:
        return None  # onnxruntime or tokenizers not installed: the numpy model decides
    except (OSError, ValueError, KeyError):
        return None  # a missing or unreadable file
    if len(loaded.stack_coef) != 2 or not math.isfinite(loaded.stack_intercept):
        return None
    return loaded
