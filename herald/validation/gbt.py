"""Gradient-boosted trees evaluated with numpy, from arrays in an .npz file.

The arrays are exported by bench/train_validation from a scikit-learn
HistGradientBoostingClassifier; no pickle is involved (allow_pickle=False).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np


class Forest:
    """Sum of regression trees per class, then softmax (or sigmoid for two classes)."""

    def __init__(self, arrays: dict[str, np.ndarray]):
        self.feature = arrays["feature"].astype(np.int64)
        self.threshold = arrays["threshold"].astype(np.float64)
        self.left = arrays["left"].astype(np.int64)
        self.right = arrays["right"].astype(np.int64)
        self.is_leaf = arrays["is_leaf"].astype(bool)
        self.missing_left = arrays["missing_left"].astype(bool)
        self.value = arrays["value"].astype(np.float64)
        self.roots = arrays["roots"].astype(np.int64)
        self.tree_class = arrays["tree_class"].astype(np.int64)
        self.baseline = arrays["baseline"].astype(np.float64)
        self.depth = int(arrays["max_depth"])

    @classmethod
    def load(cls, path: Path, prefix: str = "") -> Forest:
        with np.load(path, allow_pickle=False) as data:
            arrays = {k[len(prefix) :]: data[k] for k in data.files if k.startswith(prefix)}
        return cls(arrays)

    def raw(self, X: np.ndarray) -> np.ndarray:
        X = np.asarray(X, dtype=np.float64)
        n = X.shape[0]
        node = np.broadcast_to(self.roots, (n, self.roots.size)).copy()
        rows = np.arange(n)[:, None]
        for _ in range(self.depth + 1):
            leaf = self.is_leaf[node]
            if leaf.all():
                break
            x = X[rows, self.feature[node]]
            go_left = np.where(np.isnan(x), self.missing_left[node], x <= self.threshold[node])
            node = np.where(leaf, node, np.where(go_left, self.left[node], self.right[node]))
        values = self.value[node]
        n_classes = self.baseline.size
        out = np.tile(self.baseline, (n, 1))
        for k in range(n_classes):
            out[:, k] += values[:, self.tree_class == k].sum(axis=1)
        return out

    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        raw = self.raw(X)
        if raw.shape[1] == 1:
            p = 1.0 / (1.0 + np.exp(-raw[:, 0]))
            return np.column_stack([1.0 - p, p])
        raw = raw - raw.max(axis=1, keepdims=True)
        e = np.exp(raw)
        return e / e.sum(axis=1, keepdims=True)
