"""Typographic quotes, dashes and ellipses in what readers read.

Reporters type straight quotes ("), apostrophes ('), double hyphens (--) and
three dots; readers get “ ” ‘ ’ — and … (the well-kept ``smartypants``).

``typeset_html(html)`` changes only the text between tags of an HTML fragment
or page: tags and their attributes (addresses, alt text, ``data-`` values)
pass through byte for byte; the contents of code-like and raw-text elements
(``VERBATIM``) stay as typed; and words that are addresses (``https://…``,
``www.…``, e-mail) keep every character, so a typed ``--`` in a URL is not
turned into a dash. Text is parsed by the standard library's ``HTMLParser``
and escaped again on the way out, so nothing in a story's words can become
markup; the typographic characters go out as themselves (UTF-8), not as
entities.

Applied where a story's words are rendered for readers: the body as a whole
(``herald.site``'s ``article_body``), and the ``typeset`` filter
(``article_text`` tag library) on headlines, standfirsts, opening words and
snippets in the article page, story lists, More, Picks, Trending, search and
newsletters. Feeds, JSON-LD and Open Graph carry the words as typed. Stored text is never changed, so editors, the importer, the
dateline rule, the validation assistant and search see what was typed.
"""

from __future__ import annotations

import re
from functools import lru_cache
from html.parser import HTMLParser

from django.utils.safestring import SafeString, mark_safe
from smartypants import Attr, smartypants

# Quotes, ``backtick'' quotes, -- as an em dash, ... as an ellipsis, out as characters.
ATTRIBUTES = Attr.q | Attr.b | Attr.d | Attr.e | Attr.u
# Elements whose text is shown as typed: code, and raw text a browser does not render as prose.
VERBATIM = frozenset({"code", "kbd", "pre", "samp", "tt", "var", "script", "style", "textarea",
                      "math", "svg"})
# Of those, the ones whose text the parser hands over unparsed (unescaped).
RAW_TEXT = frozenset({"script", "style"})
# Words that are addresses: left exactly as typed.
ADDRESS = re.compile(r"(?<!\S)\S*(?:://|\bwww\.|\bmailto:|@[\w-]+\.)\S*", re.IGNORECASE)
ADDRESS_HINT = re.compile(r"://|www\.|mailto:|@", re.IGNORECASE)  # cheap test before ADDRESS
# The characters smartypants acts on; text without any is copied as it is.
ACTIVE = re.compile(r"""["'`]|--|\.\.\.|\. \. \.""")
# Between the prose pieces in the one text smartypants reads (and never left in prose).
SEPARATOR = "\x00"
# Stands for a backslash while smartypants reads the text: it would take \\" to mean
# "keep this quote straight" and drop the backslash a reporter typed.
BACKSLASH = "\x01"
# After these (or at the start), a quote opens; after anything else it closes.
OPENING_CONTEXT = frozenset(" \t\r\n\u00a0([{\u2018\u201c\u2014\u2013-/")
# An apostrophe that stands for a century ('90s): smartypants would open a quote there.
DECADE = re.compile(r"(?<![\w\u2019])'(?=\d0s\b)")


def escape_text(text: str) -> str:
    """Text escaped for an element's content (quotes need no escaping there)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def text_pieces(text: str) -> list[tuple[bool, str]]:
    """Plain ``text`` as pieces: its addresses apart, to be left as typed."""
    if not ADDRESS_HINT.search(text):
        return [(True, text)]
    pieces = []
    position = 0
    for match in ADDRESS.finditer(text):
        pieces.append((True, text[position:match.start()]))
        pieces.append((False, escape_text(match.group())))
        position = match.end()
    pieces.append((True, text[position:]))
    return pieces


class _Pieces(HTMLParser):
    """An HTML fragment as pieces: ``(True, text)`` for prose to typeset, as
    plain text; ``(False, html)`` for everything else, to pass on as HTML."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.pieces: list[tuple[bool, str]] = []
        self.verbatim: list[str] = []  # open VERBATIM elements, innermost last

    def handle_starttag(self, tag, attrs):
        self.pieces.append((False, self.get_starttag_text()))
        if tag in VERBATIM:
            self.verbatim.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.pieces.append((False, self.get_starttag_text()))

    def handle_endtag(self, tag):
        self.pieces.append((False, f"</{tag}>"))
        if tag in self.verbatim:
            while self.verbatim.pop() != tag:
                pass

    def handle_data(self, data):
        if self.verbatim and self.verbatim[-1] in RAW_TEXT:  # passed on as it came
            self.pieces.append((False, data))
        elif self.verbatim:
            self.pieces.append((False, escape_text(data)))
        else:
            self.pieces.extend(text_pieces(data))

    def handle_comment(self, data):
        self.pieces.append((False, f"<!--{data}-->"))

    def handle_decl(self, decl):
        self.pieces.append((False, f"<!{decl}>"))

    def handle_pi(self, data):
        self.pieces.append((False, f"<?{data}>"))

    def unknown_decl(self, data):
        self.pieces.append((False, f"<![{data}]>"))


def typeset_pieces(pieces: list[tuple[bool, str]]) -> str:
    """Join ``pieces`` as HTML, the prose ones escaped and typeset.

    smartypants reads every prose piece that has something to change in one
    text, separated by ``SEPARATOR`` and each led by one character that stands
    for what came before it on the page (a space, or a letter), so a quote
    just after a tag curls the way the words before it say; its output is
    split there again and the leading characters dropped. (Called per piece,
    or on the page with its tags, it costs a twentieth of a millisecond per
    piece.) The prose is escaped first, so it holds no markup of its own.
    """
    out: list[str] = []
    changing: list[int] = []  # where in ``out`` the pieces smartypants reads go
    leads: list[str] = []
    before = ""
    for is_prose, text in pieces:
        if not is_prose:
            out.append(text)
            continue
        escaped = escape_text(text.replace(SEPARATOR, "\ufffd").replace(BACKSLASH, "\ufffd"))
        if ACTIVE.search(escaped):
            changing.append(len(out))
            leads.append((" " if not before or before in OPENING_CONTEXT else "x") + escaped)
        out.append(escaped)
        before = text[-1:] or before
    if changing:
        joined = DECADE.sub("\u2019", SEPARATOR.join(leads).replace("\\", BACKSLASH))
        typeset = smartypants(joined, ATTRIBUTES).split(SEPARATOR)
        for index, html in zip(changing, typeset, strict=True):
            out[index] = html[1:].replace(BACKSLASH, "\\")
    return "".join(out)


def typeset_html(html: str) -> SafeString:
    """``html`` with typographic quotes, dashes and ellipses in its text, and only there.

    About half a millisecond a kilobyte: a story body is typeset once per revision
    and variant, inside the part ``herald.articles.fragments`` caches.
    """
    parser = _Pieces()
    parser.feed(str(html))
    parser.close()
    return mark_safe(typeset_pieces(parser.pieces))


@lru_cache(maxsize=4096)  # headlines and standfirsts, shown on many pages
def _typeset_text(text: str) -> str:
    return typeset_pieces(text_pieces(text))


def typeset(text) -> SafeString:
    """Plain ``text`` (a headline, a standfirst) escaped, with typographic punctuation.

    Already-safe HTML (a ``SafeString``) is typeset as HTML instead of escaped again.
    """
    if text is None:
        return mark_safe("")
    if hasattr(text, "__html__"):
        return typeset_html(str(text))
    return mark_safe(_typeset_text(str(text)))

