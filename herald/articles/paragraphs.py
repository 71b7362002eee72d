"""How a story's rich text divides into paragraphs.

One rule for the article page (``ArticlePage.paragraphs``), the paywall's cut
(``herald.access.paywall``) and the summaries built from them, so the opening
words a story list shows always come from the part everyone may read.
"""

from __future__ import annotations

import re

from django.utils.html import format_html, strip_tags

from herald.articles.datelines import EM_DASH, opening_dateline

_FIRST_P = re.compile(r"<p(\s[^>]*)?>", re.IGNORECASE)


def split_paragraphs(source: str) -> list[str]:
    """Rich-text HTML as one chunk per ``</p>``; the text between them rides along."""
    chunks = source.split("</p>")
    pieces = [chunk + "</p>" for chunk in chunks[:-1]]
    if chunks[-1].strip():
        pieces.append(chunks[-1])
    return pieces


def paragraph_text(chunk: str) -> str:
    """The plain text of one chunk; empty when the chunk is no paragraph (markup only)."""
    return strip_tags(chunk).strip()


def place_dateline(html: str, label: str) -> tuple[str, bool]:
    """Open the first paragraph of ``html`` that has words with the dateline ``label``
    ("COPENHAGEN —", ``ArticlePage.dateline_label``; editors may leave an empty
    paragraph first). Returns the HTML and whether a paragraph took it. The article
    page, the feeds and the newsletters all open a story this way."""
    for match in _FIRST_P.finditer(html):
        end = html.find("</p>", match.end())
        if paragraph_text(html[match.end(): end if end != -1 else None]):
            tag = format_html('<span class="dateline">{}</span> ', label)
            rest = html[match.end():]
            # A story saved before the editor kept the dateline once may still open with it.
            typed = opening_dateline(rest, label.removesuffix(EM_DASH).strip())
            return html[: match.end()] + tag + rest[typed.rest if typed else 0:], True
    return html, False


def place_dateline_in_text(text: str, label: str) -> str:
    """The plain-text counterpart of ``place_dateline``: ``text`` opening with ``label``."""
    if not label or not text:
        return text
    typed = opening_dateline(text, label.removesuffix(EM_DASH).strip())
    return f"{label} {text[typed.rest if typed else 0:]}"
