"""The figures the benchmarks print: the FNC-1 score and F1 scores."""

from __future__ import annotations

from collections.abc import Sequence


def fnc_score(gold: Sequence[str], predicted: Sequence[str]) -> float:
    """The Fake News Challenge score as a percentage of the best possible total."""
    score = best = 0.0
    for g, p in zip(gold, predicted, strict=False):
        related_g, related_p = g != "unrelated", p != "unrelated"
        best += 0.25 + (0.75 if related_g else 0.0)
        if related_g == related_p:
            score += 0.25
        if related_g and g == p:
            score += 0.75
    return 100.0 * score / best if best else 0.0


def f1_per_label(
    gold: Sequence[str], predicted: Sequence[str], labels: Sequence[str]
) -> dict[str, float]:
    result = {}
    for label in labels:
        tp = sum(1 for g, p in zip(gold, predicted, strict=False) if g == label and p == label)
        fp = sum(1 for g, p in zip(gold, predicted, strict=False) if g != label and p == label)
        fn = sum(1 for g, p in zip(gold, predicted, strict=False) if g == label and p != label)
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        result[label] = 2 * precision * recall / (precision + recall) if tp else 0.0
    return result


def macro_f1(gold: Sequence[str], predicted: Sequence[str], labels: Sequence[str]) -> float:
    scores = f1_per_label(gold, predicted, labels)
    return sum(scores.values()) / len(scores)
