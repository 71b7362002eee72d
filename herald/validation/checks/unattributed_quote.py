"""unattributed_quote: a direct quotation with no speaker near it."""

from __future__ import annotations

import re

from herald.validation.checks.base import fields, finding
from herald.validation.text import (
    REPORTING_VERBS,
    Span,
    masked,
    paragraphs,
    quotations,
    sentence_index,
    sentences,
)
from herald.validation.types import WARNING, Finding, Story

CHECK = "unattributed_quote"
MIN_WORDS = 4  # shorter quotations are scare quotes or titles, not testimony
_SPEAKER = re.compile(
    rf"(?<![\w-])(?:{REPORTING_VERBS}|read|reads|reading|posting|tweeting|writing|telling|"
    r"commented|commenting|observes|observed|mused|recounted|captioned|caption|headlined|"
    r"titled|entitled|dubbed|named|slogans?|banners?|signs?|placards?|chant(?:ed|ing)?|"
    r"tagline|motto|hashtag)(?![\w-])|\b(?:in\s+a\s+statement|"
    r"on\s+(?:X|Twitter|Facebook|Telegram|Instagram|television|radio)|"
    r"wrote\s+in|in\s+an\s+interview|in\s+a\s+(?:speech|post|letter|video|message))\b",
    re.I,
)
_WORD = re.compile(r"(?<![\w'’-])[^\W\d_][\w'’-]*")
_SMALL = frozenset("a an and as at but by for from in into of on or the to with".split())
# A social-media embed pasted into the copy: "— Name (@handle) 2 May 2024", "pic.twitter.com/…"
_EMBED = re.compile(r"pic\.twitter\.com|—\s*[^()\n]{1,60}\(@\w+\)|^@\w+", re.M)
_OPENING = '“"'


def _is_title(words: list[str]) -> bool:
    """ "The Last Boats Out of Cobh Harbour", "I BEAT WOMEN": a title, headline or sign."""
    if len(words) >= 2 and all(w.isupper() for w in words if len(w) > 1):
        return True
    content = [w for w in words if w.lower() not in _SMALL]
    return len(content) >= 2 and all(w[0].isupper() for w in content)


def _continues_attributed_quote(text: str, paras: list[Span], start: int, outside: str) -> bool:
    """A paragraph opening with a quote mark continues the speaker's quote before it."""
    index = next((i for i, p in enumerate(paras) if p.start <= start < p.end), None)
    if index is None or text[paras[index].start] not in _OPENING:
        return False
    for para in reversed(paras[max(0, index - 4) : index]):
        if _EMBED.search(para.text):
            continue  # an embedded post between two paragraphs of one quotation
        if _SPEAKER.search(outside[para.start : para.end]) and any(
            c in para.text for c in _OPENING
        ):
            return True
        if para.text[0] not in _OPENING:
            return False
    return False


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
        paras = paragraphs(text)
        for quote in quotes:
            quote_words = _WORD.findall(quote.text)
            if len(quote_words) < MIN_WORDS or _is_title(quote_words):
                continue
            first = sentence_index(sents, quote.start)
            last = sentence_index(sents, max(quote.start, quote.end - 1))
            lo = sents[max(0, first - 1)].start
            hi = sents[last].end
            before = outside[sents[first].start : quote.start - 1]
            if before.strip() and quote.text[:1].islower():
                continue  # a partial quote inside the writer's sentence ("less than 10 miles")
            if before.rstrip().endswith(":"):
                continue  # introduced by a colon: "Her message was short: “…”."
            if before.rstrip().endswith("(") or text[quote.end + 1 : quote.end + 2] == ")":
                continue  # an aside in brackets: a slogan or a title
            context = outside[lo : quote.start - 1] + " " + outside[quote.end + 1 : hi]
            # "“…?” Kurak asked." splits after the question mark: read the short tail too.
            if last + 1 < len(sents) and sents[last + 1].start - quote.end <= 3:
                tail = sents[last + 1].text
                if len(tail.split()) <= 8:
                    context += " " + tail
            if _SPEAKER.search(context):
                continue
            if _continues_attributed_quote(text, paras, quote.start - 1, outside):
                continue
            reason = (
                f"Rule: a quotation of {len(quote_words)} words; no reporting verb, colon or "
                "“in a statement” in its sentence or the one before, and it does not "
                "continue a quoted paragraph."
            )
            results.append(
                finding(CHECK, WARNING, message, field_name, text, quote.start, quote.end, reason)
            )
    return results
