"""The cut: which blocks of a story a reader without access gets.

Readers without access get the opening paragraphs up to the editor's cut
(``ArticlePage.paywall_after``, default two) and whatever figures or quotes
come before the last of them. The rest is never rendered for them, so it
cannot reach the response. Paragraphs are counted as ``ArticlePage.paragraphs``
counts them (``herald.articles.paragraphs``, one per ``<p>`` of the rich text), so the opening words that
story lists show always come from the part everyone may read.
"""

from __future__ import annotations

from dataclasses import dataclass

from wagtail.rich_text import RichText

from herald.articles.paragraphs import paragraph_text, split_paragraphs

DEFAULT_CUT = 2
GATED_SELECTOR = ".paywalled"  # the cssSelector in the JSON-LD's hasPart


@dataclass(frozen=True)
class Part:
    """One block to render: its block definition and the value (maybe a slice of it)."""

    block_type: str
    block: object
    value: object

    def render(self, context=None) -> str:
        return str(self.block.render(self.value, context=context))


def visible_paragraphs(cut: int | None, total: int) -> int:
    """How many paragraphs a reader without access gets.

    At least one (the dateline's paragraph, quoted in story lists), and
    never the whole story: the last paragraph stays behind the paywall even
    when the editor's cut lies past it.
    """
    cut = DEFAULT_CUT if cut is None else cut
    return max(1, min(cut, total - 1))


def split_body(page) -> tuple[list[Part], list[Part]]:
    """The story body as (open, gated) parts for a reader without access."""
    total = len(page.paragraphs)
    if total == 0:  # pictures or media only: nothing to open with
        return [], [Part(b.block_type, b.block, b.value) for b in page.body]
    allowed = visible_paragraphs(getattr(page, "paywall_after", None), total)
    open_parts: list[Part] = []
    gated: list[Part] = []
    seen = 0
    for bound in page.body:
        if seen >= allowed:
            gated.append(Part(bound.block_type, bound.block, bound.value))
            continue
        if bound.block_type != "paragraph":
            open_parts.append(Part(bound.block_type, bound.block, bound.value))
            continue
        chunks = split_paragraphs(bound.value.source)
        kept: list[str] = []
        rest: list[str] = []
        for chunk in chunks:
            if seen < allowed:
                kept.append(chunk)
                seen += bool(paragraph_text(chunk))
            else:
                rest.append(chunk)
        if kept:
            open_parts.append(Part(bound.block_type, bound.block, RichText("".join(kept))))
        if rest:
            gated.append(Part(bound.block_type, bound.block, RichText("".join(rest))))
    return open_parts, gated


def open_paragraphs(page) -> list[str]:
    """The plain-text paragraphs of a gated story that every reader may read (for summaries)."""
    paragraphs = page.paragraphs
    return paragraphs[: visible_paragraphs(getattr(page, "paywall_after", None), len(paragraphs))]


def public_paragraphs(page, request=None, *, rules=None) -> list[str]:
    """The paragraphs every reader may read now: the whole of a story open to all, else the cut.

    For summaries shown to everyone (sourcing boxes, excerpts) that must not
    quote what the paywall withholds. ``request``, when there is one, saves
    looking up the publication's rules again; ``rules``, for a caller summing up
    many stories at once (search results), saves it for every story.
    """
    from herald.access.entitlement import public_decision

    if public_decision(page, request, rules=rules).public:
        return page.paragraphs
    return open_paragraphs(page)
