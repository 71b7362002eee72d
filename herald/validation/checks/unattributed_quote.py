"""unattributed_quote: a direct quotation with no speaker near it."""

from __future__ import annotations

import re

from herald.validation.checks.base import fields, finding
from herald.validation.text import REPORTING_VERBS, masked, quotations, sentence_index, sentences
from herald.validation.types import WARNING, Finding, Story

CHECK = "unattributed_quote"
MIN_WORDS = 4  # shorter quotations are scare quotes or titles, not testimony
_SPEAKER = re.compile(
    rf"(?<![\w-])(?:{REPORTING_VERBS})(?![\w-])|:\s*$|\b(?:in\s+a\s+statement|"
    r"on\s+(?:X|Twitter|Facebook|Telegram|Instagram|television|radio)|"
    r"wrote\s+in|in\s+an\s+interview|in\s+a\s+(?:speech|post|letter|video|message))\b",
    re.I,
)


def check_unattributed_quote(story: Story) -> list[Finding]:
    """Flag quotations whose sentence and the one before name no speaker."""
    results = []
    message = "Direct quotation with no speaker in its sentence or the one before. Say who said it."
    for field_name, text in fields(story, ("standfirst", "body")):
        quotes = quotations(text)
        if not quotes:
            continue
        outside = masked(text, quotes, keep_final_punct=False)
        sents = sentences(text)
        for quote in quotes:
            if len(quote.text.split()) < MIN_WORDS:
                continue
            first = sentence_index(sents, quote.start)
            last = sentence_index(sents, max(quote.start, quote.end - 1))
            lo = sents[max(0, first - 1)].start
            hi = sents[last].end
            context = outside[lo : quote.start - 1] + " " + outside[quote.end + 1 : hi]
            if _SPEAKER.search(context):
                continue
            results.append(
                finding(CHECK, WARNING, message, field_name, text, quote.start, quote.end)
            )
    return results
