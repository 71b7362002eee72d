"""How a story's rich text divides into paragraphs.

One rule for the article page (``ArticlePage.paragraphs``), the paywall's cut
(``herald.access.paywall``) and the summaries built from them, so the opening
words a story list shows always come from the part everyone may read.
"""

from __future__ import annotations

from django.utils.html import strip_tags


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
