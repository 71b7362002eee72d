"""Offsets-preserving text helpers: paragraphs, sentences, quotations, words."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

ABBREVIATIONS = frozenset(
    """mr mrs ms dr st gen sen rep gov lt col sgt capt prof jr sr no inc co corp
    ltd vs etc jan feb mar apr aug sept sep oct nov dec mt ft rev adm cmdr maj
    approx dept est fig""".split()
)

_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")
# The lookbehind starts a match only at the first mark of a run ("...") and the
# possessive quantifier never gives marks back: linear in the text, not quadratic.
_SENTENCE_END = re.compile(r"(?<![.!?])[.!?]++[\"'”’)\]]*(?=\s+[\"“‘(\[]?[A-Z0-9])")
_LAST_WORD = re.compile(r"([A-Za-z.]+)$")
_WORD = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|[^\W_][\w'’.-]*[^\W_]|[^\W_]")
REPORTING_VERBS = (
    "said|says|say|told|tells|added|adds|asked|wrote|writes|stated|states|insisted|"
    "tweeted|posted|declared|remarked|explained|explains|warned|warns|argued|argues|"
    "noted|notes|replied|continued|recalled|announced|announces|claimed|claims|"
    "quoted|according|stressed|urged|admitted|acknowledged|conceded|cautioned|"
    "complained|responded|testified|reported|reports|confirmed|confirms|denied|"
    "denies|suggested|observed|predicted|vowed|pledged|promised|boasted|joked|"
    "shouted|exclaimed|whispered|murmured|laughed|sighed|asserted|maintained|"
    "countered|added|agreed|described|called|put it|quipped"
)


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str


def paragraphs(text: str) -> list[Span]:
    """Paragraphs separated by blank lines, with offsets into ``text``."""
    spans, pos = [], 0
    for match in _PARAGRAPH_BREAK.finditer(text):
        _add_trimmed(spans, text, pos, match.start())
        pos = match.end()
    _add_trimmed(spans, text, pos, len(text))
    return spans


def _add_trimmed(spans: list[Span], text: str, start: int, end: int) -> None:
    chunk = text[start:end]
    stripped = chunk.strip()
    if stripped:
        start += len(chunk) - len(chunk.lstrip())
        spans.append(Span(start, start + len(stripped), stripped))


_QUOTE_MARK = re.compile(r'[“”"]')


def quotations(text: str) -> list[Span]:
    """Direct quotations (curly or straight double quotes), offsets of the inner words.

    One left-to-right pass, because copy mixes marks (“This is not a fake," she said):
    an opening mark closes at the next closing mark on the same line, whichever kind.
    """
    result: list[Span] = []
    pos = 0
    while True:
        match = _QUOTE_MARK.search(text, pos)
        if match is None:
            break
        mark = match.start()
        if text[mark] == "”" or (text[mark] == '"' and mark and text[mark - 1].isalnum()):
            pos = mark + 1  # a stray closing mark, or inches ("5'10"")
            continue
        close = _QUOTE_MARK.search(text, mark + 1)
        line_end = text.find("\n", mark + 1)
        line_end = len(text) if line_end == -1 else line_end
        end = close.start() if close and close.start() < line_end else line_end
        result.append(Span(mark + 1, end, text[mark + 1 : end]))
        # An opening mark where a closing one was due starts the next quotation.
        pos = end if text[end : end + 1] == "“" else end + 1
    return result


def masked(text: str, spans: list[Span], keep_final_punct: bool = True) -> str:
    """``text`` with the inside of each span replaced by 'x' (same length)."""
    chars = list(text)
    for span in spans:
        for i in range(span.start, span.end):
            chars[i] = "x"
        if keep_final_punct and span.end > span.start and text[span.end - 1] in ".!?":
            chars[span.end - 1] = text[span.end - 1]
    return "".join(chars)


@lru_cache(maxsize=64)
def sentences(text: str) -> tuple[Span, ...]:
    """Sentences with offsets; never split inside a quotation or after an abbreviation."""
    safe = masked(text, quotations(text))
    result: list[Span] = []
    for para in paragraphs(text):
        seg = safe[para.start : para.end]
        pos = 0
        for match in _SENTENCE_END.finditer(seg):
            if _is_abbreviation(seg, match.start()):
                continue
            _add_trimmed(result, text, para.start + pos, para.start + match.end())
            pos = match.end()
        _add_trimmed(result, text, para.start + pos, para.end)
    return tuple(result)


def _is_abbreviation(seg: str, dot: int) -> bool:
    if seg[dot] != ".":
        return False
    # Only the last few characters can make an abbreviation; searching all of seg[:dot]
    # at every full stop was quadratic in the paragraph.
    before = _LAST_WORD.search(seg, max(0, dot - 32), dot)
    if not before:
        return False
    word = before.group(1)
    if word.lower().strip(".") in ABBREVIATIONS:
        return True
    # Initials and dotted acronyms: "J.", "U.S.", "U.N."
    return len(word) == 1 and word.isupper() or bool(re.fullmatch(r"(?:[A-Z]\.)+[A-Z]", word))


def alternation(words) -> str:
    """One regex matching any of ``words``, longest first, sharing prefixes.

    A flat ``a|b|c`` of a thousand words makes the engine try every word at every
    position (26 s on 1 MB of text); this trie tries one branch per character.
    """
    root: dict = {}
    for word in words:
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict) -> str:
        branches = [re.escape(c) + build(child) for c, child in sorted(node.items()) if c]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
        return f"(?:{body})?" if "" in node else body

    return build(root) or r"(?!x)x"


def sentence_index(sents: tuple[Span, ...], offset: int) -> int:
    for i, sent in enumerate(sents):
        if sent.start <= offset < sent.end:
            return i
    return len(sents) - 1


def words(text: str) -> list[Span]:
    return [Span(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]


def inside(offset: int, spans: list[Span]) -> bool:
    """True when ``offset`` falls in one of ``spans`` (sorted, not overlapping)."""
    i = bisect.bisect_right(spans, offset, key=lambda s: s.start) - 1
    return i >= 0 and spans[i].start <= offset < spans[i].end


_LINE = re.compile(r"[^\n]+")
# A social-media post pasted into the copy: "— Name (@handle) 2 May 2024", "pic.twitter.com/…"
_POST_SIGNATURE = re.compile(r"pic\.twitter\.com|—\s*[^()\n]{1,60}\(@\w+\)|^@\w+|^Post by ", re.M)
# Picture captions and credits left between paragraphs by the web page the copy came from.
_CREDIT = re.compile(
    r"\b(?:Photo|Picture|Image|Credit|Source)s?:|\bGetty\b|\bvia\s+(?:AP|Reuters|AFP)\b|"
    r"\bFile\s+photo\b|\bStock\s+image\b|\bScreenshot\b|\S\s\.\.\.\s\S",
    re.I,
)


def lines(text: str) -> list[Span]:
    """Non-empty lines with offsets: paragraphs, and captions set on lines of their own."""
    return [Span(m.start(), m.end(), m.group()) for m in _LINE.finditer(text) if m.group().strip()]


def embedded_posts(text: str) -> list[Span]:
    """Lines that are social-media posts, with the plain copy a web page repeats of each.

    A pasted post is the poster's words, signed with the account: they are neither the
    story's voice nor an unattributed quote.
    """
    units = lines(text)
    posts = [u for u in units if _POST_SIGNATURE.search(u.text)]
    heads = {p.text.split("—")[0].strip()[:60] for p in posts}
    heads.discard("")
    return [u for u in units if u in posts or any(u.text.strip().startswith(h) for h in heads)]


def is_caption(line: str) -> bool:
    """A picture caption or credit line: a credit, or a short line without a full stop."""
    stripped = line.strip()
    if _CREDIT.search(stripped):
        return True
    return len(stripped.split()) <= 12 and stripped[-1:] not in ".!?:\"”’'…"


# British copy quotes speech in single marks: 'We disown her,' the family said. An
# opening mark follows a space, a bracket, a dash or a colon and precedes a letter; a
# closing mark follows a letter or punctuation and precedes a space or punctuation, so
# apostrophes (it's, the boys' kit) neither open nor close one.
_SINGLE_QUOTE = re.compile(
    r"(?:(?<=^)|(?<=[\s(\[:—–-]))[‘'](?=[A-Za-z0-9])([^‘’'\n]*?(?:[’'][a-z][^‘’'\n]*?)*?)"
    r"(?<=[\w.,!?…])[’'](?=[\s.,;:!?)\]—–-]|$)",
    re.M,
)


def single_quotations(text: str) -> list[Span]:
    """Quotations in single marks of three words or more, offsets of the inner words."""
    return [
        Span(m.start(1), m.end(1), m.group(1))
        for m in _SINGLE_QUOTE.finditer(text)
        if len(m.group(1).split()) >= 3
    ]
