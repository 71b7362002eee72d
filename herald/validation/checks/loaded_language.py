"""loaded_language: emotive or propagandistic words presented as fact."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

from herald.validation.checks.base import fields, finding
from herald.validation.text import inside, quotations, sentences
from herald.validation.types import INFO, WARNING, Finding, Story

CHECK = "loaded_language"
LEXICON_PATH = Path(__file__).resolve().parent.parent / "data" / "loaded_words.json"
OPINION_KINDS = frozenset({"editorial", "letter"})  # opinion is expected there: info only
CONTEXTUAL_THRESHOLD = 0.7  # classifier probability that gates the contextual words
# "Berg called the plan reckless": the word is reported, not the story's own.
_REPORTED = re.compile(
    r"\b(?:called|calls|call|branded|brands|labelled|labeled|dubbed|described|describes|"
    r"denounced|accused|accuses)\b(?:\s+\S+){0,5}\s*$",
    re.I,
)


@lru_cache(maxsize=1)
def _lexicon() -> tuple[re.Pattern[str], frozenset[str]]:
    try:
        data = json.loads(LEXICON_PATH.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        data = {"strong": [], "contextual": []}
    strong = frozenset(w.lower() for w in data["strong"])
    words = sorted(set(data["strong"]) | set(data["contextual"]), key=lambda w: (-len(w), w))
    alternation = "|".join(re.escape(w) for w in words) or r"(?!x)x"
    pattern = re.compile(rf"(?<![\w-])(?:{alternation})(?![\w-])", re.I)
    return pattern, strong


def check_loaded_language(story: Story) -> list[Finding]:
    """Flag loaded words outside direct quotes; editorials and letters get ``info``."""
    pattern, strong = _lexicon()
    severity = INFO if story.kind in OPINION_KINDS else WARNING
    results = []
    for field_name, text in fields(story):
        quotes = quotations(text)
        sents = sentences(text)
        hits_by_sentence = []
        for sent in sents:
            hits = []
            for match in pattern.finditer(sent.text):
                start, end = sent.start + match.start(), sent.start + match.end()
                if inside(start, quotes):
                    continue
                if field_name != "headline" and _is_name(sent.text, match.start(), match.group()):
                    continue
                if _REPORTED.search(sent.text[: match.start()]):
                    continue
                hits.append((start, end, match.group().lower() in strong))
            hits_by_sentence.append(hits)
        needs_model = [i for i, hits in enumerate(hits_by_sentence) if any(not s for *_, s in hits)]
        from herald.validation import bias  # numpy and the model load on first use

        probs = bias.predict_biased([sents[i].text for i in needs_model]) if needs_model else None
        prob_of = dict(zip(needs_model, probs, strict=False)) if probs is not None else {}
        for i, hits in enumerate(hits_by_sentence):
            for start, end, is_strong in hits:
                if not is_strong and prob_of.get(i, 0.0) < CONTEXTUAL_THRESHOLD:
                    continue
                word = text[start:end]
                message = (
                    f"“{word}” is loaded language presented as fact; attribute it to "
                    "someone or use a neutral description."
                )
                results.append(finding(CHECK, severity, message, field_name, text, start, end))
    return results


def _is_name(sentence: str, offset: int, word: str) -> bool:
    """A capitalised lexicon word mid-sentence is usually a name ("Sham Shui Po")."""
    return offset > 0 and word[0].isupper() and not sentence[:offset].rstrip().endswith(":")
