"""inconsistent_name: one name spelt two ways ("Zelenskyy" and "Zelensky")."""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict

from herald.validation.checks.base import fields, finding
from herald.validation.types import WARNING, Finding, Story

CHECK = "inconsistent_name"
_NAME_WORD = re.compile(r"(?<![\w-])[A-Z][\w’'-]*[a-z][\w’'-]*")
# Letters transliterations swap; a one-letter swap outside these is two names.
_CONFUSABLE = {frozenset(p) for p in ("ck", "gq", "sz", "iy", "ou", "vw", "fv")}


def _key(word: str) -> str:
    word = unicodedata.normalize("NFKD", word)
    word = "".join(c for c in word if not unicodedata.combining(c)).lower()
    word = re.sub(r"['’-]", "", word)
    for old, new in (("ph", "f"), ("kh", "h"), ("dj", "j"), ("ck", "k"), ("y", "i")):
        word = word.replace(old, new)
    return re.sub(r"(.)\1+", r"\1", word)


def _confusable(a: str, b: str) -> bool:
    if len(a) != len(b) or len(a) < 6:
        return False
    diffs = [(x, y) for x, y in zip(a, b, strict=False) if x != y]
    return len(diffs) == 1 and frozenset(diffs[0]) in _CONFUSABLE


def check_inconsistent_name(story: Story) -> list[Finding]:
    """Flag a capitalised name that appears in two spellings."""
    occurrences: dict[str, list[tuple[str, int, str]]] = defaultdict(list)
    for field_name, text in fields(story):
        for match in _NAME_WORD.finditer(text):
            word = re.sub(r"['’]s?$", "", match.group())
            if len(word) >= 4:
                occurrences[word].append((field_name, match.start(), text))
    spellings = sorted(occurrences)
    groups: dict[str, set[str]] = defaultdict(set)
    keys = {w: _key(w) for w in spellings}
    for word in spellings:
        groups[keys[word]].add(word)
    by_len: dict[int, list[str]] = defaultdict(list)
    for key in groups:
        by_len[len(key)].append(key)
    for keys_of_len in by_len.values():
        for i, a in enumerate(keys_of_len):
            for b in keys_of_len[i + 1 :]:
                if _confusable(a, b):
                    groups[a] |= groups[b]
                    groups[b] = set()
    results = []
    for variants in groups.values():
        # Upper-case headline words ("ZELENSKY") are style, not a second spelling.
        variants = {v for v in variants if not v.isupper()}
        if len(variants) < 2:
            continue
        ranked = sorted(variants, key=lambda v: (-len(occurrences[v]), occurrences[v][0][1]))
        main = ranked[0]
        for other in ranked[1:]:
            field_name, start, text = occurrences[other][0]
            message = (
                f"“{other}” is also spelt “{main}” in this story "
                f"({len(occurrences[main])} times); use one spelling."
            )
            end = start + len(other)
            reason = (
                f"Rule: “{other}” and “{main}” read the same under the spelling key "
                "(accents, doubled letters and common transliterations set aside)."
            )
            results.append(finding(CHECK, WARNING, message, field_name, text, start, end, reason))
    return results
