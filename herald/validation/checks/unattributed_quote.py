"""unattributed_quote: a direct quotation with no speaker near it."""

from __future__ import annotations

import re

from herald.validation.checks.base import fields, finding
from herald.validation.text import (
    REPORTING_VERBS,
    Span,
    embedded_posts,
    inside,
    is_caption,
    lines,
    masked,
    quotations,
    sentence_index,
    sentences,
)
from herald.validation.types import WARNING, Finding, Story

CHECK = "unattributed_quote"
MIN_WORDS = 4  # shorter quotations are scare quotes or titles, not testimony
MAX_CHAIN = 12  # lines of one quotation (paragraphs, captions between them) read for its speaker
_SPEAKER = re.compile(
    rf"(?<![\w-])(?:{REPORTING_VERBS}|read|reads|reading|posting|tweeting|writing|telling|"
    r"commented|commenting|observes|observed|mused|recounted|captioned|caption|headlined|"
    r"titled|entitled|dubbed|named|slogans?|banners?|signs?|placards?|chant(?:ed|ing)?|"
    r"tagline|motto|hashtag|saying|write|yelled|yells|screamed|hissed|retorted|raged|"
    r"pleaded|begged|snapped|spoke|speaks|alleging|alleged|alleges|statement|text|"
    r"message|letter|note)(?![\w-])|\b(?:in\s+a\s+statement|"
    r"on\s+(?:X|Twitter|Facebook|Telegram|Instagram|television|radio)|"
    r"wrote\s+in|in\s+an\s+interview|in\s+a\s+(?:speech|post|letter|video|message))\b",
    re.I,
)
_WORD = re.compile(r"(?<![\w'’-])[^\W\d_][\w'’-]*")
_SMALL = frozenset("a an and as at but by for from in into of on or the to with".split())
# "a “Method and Apparatus for …”", "the “Merry Christmas” greeting": a name, not speech.
_DETERMINER = re.compile(r"\b(?:a|an|the|this|that|his|her|its|their|our|your)\s*$", re.I)
# "“…” – The Foreign Office": a dash after the closing mark names the speaker.
_DASH_SIGNATURE = re.compile(r"\s*[-–—]+\s*(?:the\s+)?[A-Z]")
_OPENING = '“"'


def _is_title(words: list[str]) -> bool:
    """ "The Last Boats Out of Cobh Harbour", "I BEAT WOMEN": a title, headline or sign."""
    if len(words) >= 2 and all(w.isupper() for w in words if len(w) > 1):
        return True
    content = [w for w in words if w.lower() not in _SMALL]
    return len(content) >= 2 and all(w[0].isupper() for w in content)


def _unclosed(line: Span, quotes: list[Span], text: str) -> bool:
    """The line's last quotation runs to its end without a closing mark: it goes on below."""
    last = [q for q in quotes if line.start < q.start <= line.end]
    return bool(last) and last[-1].end >= line.end and text[line.end - 1] not in '”"'


def _opens(line: Span, text: str) -> bool:
    return text[line.start] in _OPENING


def _in_chain(text: str, units: list[Span], quotes: list[Span], outside: str, at: int) -> bool:
    """The quotation continues a quotation over several lines whose speaker is named.

    Real copy sets a long quotation over several paragraphs, each opening with a mark
    and only the last closing it, and web copy leaves captions and credits between
    them. The speaker may be named in any of them, or in the last sentence of the line
    that introduces the first (“She said:”, “Jasica told the Daily Mail about it.”).
    """
    index = next((i for i, u in enumerate(units) if u.start <= at < u.end), None)
    if index is None:
        return False
    unit = units[index]
    # Forwards: an unclosed line goes on in the next lines that open with a mark.
    i = index
    while _unclosed(units[i], quotes, text) and i + 1 < min(len(units), index + MAX_CHAIN):
        i += 1
        if not _opens(units[i], text):
            break
        if _SPEAKER.search(outside[units[i].start : units[i].end]):
            return True
    if not _opens(unit, text) or text[unit.start : at].strip(_OPENING + " "):
        return False
    # Backwards, up to the line that introduces the quotation.
    for i in range(index - 1, max(-1, index - 1 - MAX_CHAIN), -1):
        line = units[i]
        if _SPEAKER.search(outside[line.start : line.end]) and any(
            c in line.text for c in _OPENING
        ):
            return True  # a paragraph of the quotation that names its speaker
        if _opens(line, text) or is_caption(line.text):
            continue
        if i and _unclosed(units[i - 1], quotes, text):
            continue  # a line inside a quotation left open above it
        if line.text.rstrip().endswith(":"):
            return True  # "The full letter reads:"
        sents = sentences(text)
        last = sents[sentence_index(sents, line.end - 1)]
        return bool(_SPEAKER.search(outside[last.start : last.end]))
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
        units = lines(text)
        posts = embedded_posts(text)
        for quote in quotes:
            quote_words = _WORD.findall(quote.text)
            if len(quote_words) < MIN_WORDS or _is_title(quote_words):
                continue
            if inside(quote.start, posts):
                continue  # a pasted social-media post, signed by its account
            first = sentence_index(sents, quote.start)
            last = sentence_index(sents, max(quote.start, quote.end - 1))
            lo = sents[max(0, first - 1)].start
            hi = sents[last].end
            before = outside[sents[first].start : quote.start - 1].rstrip()
            if before and quote.text[:1].islower():
                continue  # a partial quote inside the writer's sentence ("less than 10 miles")
            if before.endswith((":", ",")):
                continue  # introduced: "Her message was short: “…”", "He yelled, “…”"
            if _DETERMINER.search(before):
                continue  # a name or title: "a patent for a “Method and Apparatus for …”"
            if before.endswith("(") or text[quote.end + 1 : quote.end + 2] == ")":
                continue  # an aside in brackets: a slogan or a title
            if _DASH_SIGNATURE.match(text, quote.end + 1):
                continue  # "“…” – The Foreign Office"
            context = outside[lo : quote.start - 1] + " " + outside[quote.end + 1 : hi]
            # "“…?” Kurak asked." splits after the question mark: read the short tail too.
            if last + 1 < len(sents) and sents[last + 1].start - quote.end <= 3:
                tail = sents[last + 1].text
                if len(tail.split()) <= 8:
                    context += " " + tail
            if _SPEAKER.search(context):
                continue
            if _in_chain(text, units, quotes, outside, quote.start - 1):
                continue
            reason = (
                f"Rule: a quotation of {len(quote_words)} words; no reporting verb, colon or "
                "“in a statement” in its sentence or the one before, and it does not "
                "continue a quotation whose speaker is named."
            )
            results.append(
                finding(CHECK, WARNING, message, field_name, text, quote.start, quote.end, reason)
            )
    return results
