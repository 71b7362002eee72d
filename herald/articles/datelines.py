"""The dateline, once: recognise a story text that already opens with it.

Wire copy and most newsroom drafts open the body with the dateline
("COPENHAGEN — …") and also carry it as a field. The importer, the story
editor, the editor's live report and ``herald validate`` all ask this module,
so a story reads "COPENHAGEN — …" once wherever it came from.

Plain functions over plain text; no Django.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

EM_DASH = "—"
_WORD = r"[^\W\d_][\w.'’&-]*"  # a word starting with a letter, in any script
_OPENING = re.compile(
    rf"(?P<lead>\s*)(?P<mark>\*\*|__)?"
    rf"(?P<place>{_WORD}(?:[ \t]+{_WORD}){{0,4}})"  # ROME, NEW YORK, SÃO PAULO
    rf"(?P<where>,[ \t]+{_WORD}(?:[ \t]+{_WORD}){{0,3}})?"  # , Italy / , D.C.
    r"(?P<credit>[ \t]+\([^)\n]{1,40}\))?"  # (Herald)
    r"(?:\*\*|__)?(?P<space>[ \t]*)(?P<dash>—|–|‒|―|--|-)(?:\*\*|__)?[ \t]*"
)


@dataclass(frozen=True)
class Opening:
    """A dateline at the start of a text: the place as written, the dash, and
    where the dateline's words (``start``–``end``) and the story (``rest``) begin."""

    place: str
    dash: str
    start: int
    end: int
    rest: int


def normalise(place: str) -> str:
    """The dateline field as readers see it: the city in capitals, single spaces.

    Only the city (up to the first comma or credit) is capitalised; a state,
    country or credit after it keeps its own case, as wire style writes it:
    "Reno, Nev." reads "RENO, Nev.", "Rome (Herald)" reads "ROME (Herald)".
    """
    place = " ".join(place.split())
    city = re.match(r"[^,(]*", place).group()
    return city.upper() + place[len(city):]


def opening_dateline(text: str, place: str = "") -> Opening | None:
    """The dateline ``text`` opens with, or None.

    With ``place`` (the dateline field), only that place counts, in any case
    ("Copenhagen —" for COPENHAGEN); without it, a place in capitals. Any dash
    (em, en, hyphen, double hyphen) counts; a hyphen needs a space before it,
    so "ROME-based" is not a dateline.
    """
    match = _OPENING.match(text)
    if match is None or not text[match.end():].strip():
        return None
    written = match.group("place")
    full = written + (match.group("where") or "")
    if place:
        wanted = _key(place)
        if wanted not in {_key(written), _key(full), _key(full + (match.group("credit") or ""))}:
            return None
    elif written != written.upper() or not any(c.isalpha() for c in written):
        return None
    if match.group("dash") == "-" and not match.group("space"):
        return None
    return Opening(
        place=full.strip(),
        dash=match.group("dash"),
        start=match.end("lead"),
        end=match.end("dash"),
        rest=match.end(),
    )


def claim(field: str, text: str) -> tuple[str, str]:
    """The dateline field and the text with the dateline in the field only.

    A text opening with the field's place (any case, any dash) loses it; an
    empty field takes the capitalised place the text opens with. Anything else
    is left as it is.
    """
    opening = opening_dateline(text, field.strip())
    if opening is None:
        return field, text
    return (field.strip() or normalise(opening.place)), text[opening.rest:]


def with_dateline(text: str, field: str) -> str:
    """The text opening "PLACE — " exactly once, as a reader sees the story."""
    place = normalise(field)
    if not place:
        return text
    opening = opening_dateline(text, place)
    rest = text[opening.rest:] if opening else text.lstrip()
    return f"{place} {EM_DASH} {rest}" if rest else f"{place} {EM_DASH}"


def _key(place: str) -> str:
    return " ".join(place.split()).casefold()
