"""The sourcing summary: who and what the story names as its sources."""

from __future__ import annotations

import bisect
import re

from herald.validation.checks.anonymous_source import anonymous_sources
from herald.validation.checks.base import fields
from herald.validation.checks.state_media import state_media_sources
from herald.validation.text import REPORTING_VERBS
from herald.validation.types import Source, Story

_TITLE = (
    r"(?:(?:Foreign|Prime|Defence|Defense|Finance|Interior|Health|Deputy|Former|Acting|"
    r"Vice|Chief|Senior|State|Justice|Economy|Energy)\s+)*"
    r"(?:President|Minister|Secretary|Chancellor|Governor|Senator|Mayor|Ambassador|General|"
    r"Gen\.|Dr\.?|Mr\.?|Mrs\.?|Ms\.?|Judge|Professor|Prof\.|spokesman|spokeswoman|"
    r"spokesperson|Commissioner|Director|Chairman|Chairwoman|Chair|CEO|Rep\.|Sen\.)\s+"
)
# A capital, then lower-case letters of any alphabet ("Marcela Ibáñez", "Jānis Ozols"); the
# words of one name never run across a line break (a pull quote's "Riga" above "Kadri Tamm").
_NAME_WORD = r"[A-Z\u00c0-\u00de][^\W\dA-Z_]+(?:[-'’][A-Z]?[^\W\dA-Z_]+)?"
_PERSON = rf"{_NAME_WORD}(?:[^\S\n]+(?:[A-Z]\.[^\S\n]+)?{_NAME_WORD}){{1,2}}"
_VERB = rf"(?:{REPORTING_VERBS})"
_PERSON_RE = re.compile(
    rf"(?P<a>(?:{_TITLE})?{_PERSON})(?:,[^,.;]{{3,80}},)?\s+(?:{_VERB})(?![\w-])"
    # "told reporters Name", not "told The Meridian Ledger"
    rf"|(?:said|says|told\s+(?![Tt]he\b)\w+|according\s+to)\s+(?P<b>(?:{_TITLE})?{_PERSON})"
)
_INSTITUTION_WORDS = (
    r"(?:Ministry|Department|Office|Agency|Commission|Council|Police|Army|Court|Bank|Fund|"
    r"Union|Party|Company|University|Institute|Committee|Government|Kremlin|White House|"
    r"Pentagon|Parliament|Senate|Congress|Authority|Board|Service|Organi[sz]ation|"
    r"Federation|Embassy|Cabinet|Foundation|Group|Corporation|Inc\.?|Ltd\.?|Bureau|"
    r"Companies|Association|Associations|Alliance|Network|Centre|Center|Coalition|Agencies|"
    r"Airlines?|Railways?|Data|Research|Analytics|Partners|Holdings|Consulting)"
)
# What an organisation is called in an apposition or before its name ("a Lisbon-based
# environmental group", "the operator Transtejo").
_ORGANISATION_NOUN = (
    r"(?:group|company|firm|organi[sz]ation|charity|party|association|union|agency|network|"
    r"alliance|coalition|consultancy|institute|think[- ]tank|newspaper|broadcaster|operator|"
    r"business|bank|fund|federation|airline|insurer|retailer|regulator|utility)"
)
# The verbs an institution speaks with ("the ministry said", "the operator Transtejo denied").
_STATEMENT_VERB = r"(?:said|says|told|announced|confirmed|reported|denied|stated)(?![\w-])"
_INSTITUTION_RE = re.compile(
    # A name starts at a word boundary and its words never give characters back:
    # without both, a long run of letters made this quadratic.
    # "The Community of European Railway and Infrastructure Companies": capitalised words
    # joined by "of", "and", "for".
    rf"(?<![\w'’.-])(?P<inst>(?:the\s+)?(?:[A-Z][\w'’.-]*+\s+(?:(?:of|and|for|&)\s+(?:the\s+)?)?+)"
    rf"{{0,5}}{_INSTITUTION_WORDS}"
    rf"|the\s+(?:ministry|government|company|police|army|court|agency|commission|council|"
    rf"embassy|kremlin|presidency|military))(?:\s+{_STATEMENT_VERB}"
    rf"|\s+in\s+a\s+statement|['’]s\s+statement)"
    rf"|(?i:according\s+to)\s+(?P<inst2>the\s+(?:[A-Z][\w'’.-]*\s+){{0,4}}{_INSTITUTION_WORDS})"
    # "the operator Transtejo said", "the state-owned airline Aerolinea Sur said"
    rf"|(?<![\w-])(?:[Tt]he|[Aa]n?)\s+(?:[\w-]+\s+){{0,2}}?{_ORGANISATION_NOUN}\s+"
    rf"(?P<inst3>{_NAME_WORD}(?:[^\S\n]+{_NAME_WORD}){{0,3}})\s+{_STATEMENT_VERB}"
)
_DOCUMENT_RE = re.compile(
    r"(?P<doc>(?i:a|an|the)\s+(?:[\w'’-]+\s+){0,3}?(?:report|document|filing|memo|memorandum|"
    r"letter|study|survey|data|figures|records|transcript|assessment|audit|ruling|"
    r"indictment|statement|census|poll|minutes|contract|budget|white paper|paper))"
    r"(?:\s+(?:seen\s+by|obtained\s+by|published|released)[^,.;]{0,40})?"
    r"\s+(?:shows?|showed|said|says|found|finds|states?|stated|revealed|reveals|suggests?|"
    r"suggested|indicates?|indicated)(?![\w-])"
    r"|(?i:according\s+to)\s+(?P<doc2>(?:a|an|the)\s+(?:[\w'’-]+\s+){0,3}?(?:report|document|"
    r"filing|memo|letter|study|survey|data|figures|records|transcript|assessment|audit|"
    r"ruling|indictment|statement|census|poll))(?![\w-])"
)
_NOT_PERSON = re.compile(r"^(?:The|A|An|But|And|However|On|In|At|After|Before|When|If|It)\s")
# A person-shaped name that ends in an organisation's word ("Nordmark Maritime Data") is
# an institution.
_ORGANISATION_END = re.compile(rf"\s{_INSTITUTION_WORDS}$")
# Right after a preposition a name is not the subject of the verb ("a plan for Santa Lucija
# agreed with residents"), and a name the story places things in, or leads people of,
# elsewhere is a place or an organisation ("in Santa Lucija", "the leader of Green Coast").
_PREPOSITION_BEFORE = re.compile(r"(?:^|\s)(?:in|at|for|from|near|on|of|to|with|by)\s+$")


# "Água Viva, a Lisbon-based environmental group, said": the apposition says what it is.
# Its head is the organisation's word ("a board member of the operator" is a person).
_ORGANISATION_APPOSITION = re.compile(
    rf",\s+(?:a|an|the)\s+(?:(?!of\b|for\b|at\b|with\b)[\w-]+\s+){{0,4}}"
    rf"{_ORGANISATION_NOUN}s?(?=\s*[,.;]|\s+(?:that|which|based|founded|in|of)\b)"
    r"|,\s+(?:led|run|founded|owned)\s+by\b"
)


# People's names take no article: capitalised words after "the" name an organisation ("the
# Social Democrats", "the Civic Alliance"), unless they are a title ("the President").
_THE_ORGANISATION = (
    r"\b[Tt]he\s+(?!(?:President|Prime|Minister|Mayor|Governor|Chancellor|King|Queen|Prince|"
    r"Princess|Pope|Duke|Duchess|Speaker|Judge|Rev)\b)[A-Z]\w+(?:\s+[A-Z]\w+)*+"
)
_LEADS = re.compile(
    rf"\b(?:leader|leaders|head|member|members|chair|founder|spokes(?:man|woman|person))\s+"
    rf"(?:of|for)\s+(?:the\s+)?(?P<org>{_PERSON})"
    # Listed after one, both with a tail that starts with the same word ("the Social
    # Democrats at 17% and Green Coast at 13%"): the items of such a list are alike.
    rf"|{_THE_ORGANISATION}[^\S\n]+(?P<tail>[a-z]+)[^\S\n][^,;.:()'’\nA-Z]{{0,15}}?"
    rf",?[^\S\n]+(?:and|or)[^\S\n]+(?P<listed>{_PERSON})[^\S\n]+(?P=tail)(?![\w-])"
    rf"|\b(?:in|at|from|near)\s+(?:the\s+)?(?P<place>{_PERSON})"
)


class _Elsewhere:
    """The person-shaped names a text places things in, leads people of or lists with an
    organisation, read once per text (and only when a person-shaped speaker needs them),
    so each name is a lookup."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._names: dict[str, str] | None = None

    def kind_of(self, name: str) -> str | None:
        if self._names is None:
            self._names = {}
            for match in _LEADS.finditer(self.text):
                kind = "place" if match.group("place") else "institution"
                named = match.group("org") or match.group("listed") or match.group("place")
                words = named.split()
                for n in range(2, len(words) + 1):  # "in Santa Lucija" and "… Lucija district"
                    self._names.setdefault(" ".join(words[:n]), kind)
        return self._names.get(" ".join(name.split()))


def _organisation_or_place(text: str, start: int, end: int, elsewhere: _Elsewhere) -> str | None:
    """ "institution", "place" or None (a person) for a person-shaped name in ``text``."""
    name = text[start:end]
    if _ORGANISATION_END.search(name) or _ORGANISATION_APPOSITION.match(text, end):
        return "institution"
    return elsewhere.kind_of(name)


def _spans(regex: re.Pattern[str], groups: tuple[str, ...], text: str):
    for match in regex.finditer(text):
        for group in groups:
            if match.group(group):
                yield group, match.start(group), match.end(group)


class _Spans:
    """The spans already listed in one field, sorted by start: whether an offset falls in
    one is a bisection and a short walk back (sources are short), not a scan of them all
    (20,000 "Ab Cd said." made that quadratic: a minute per 250 KB)."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.longest = 0

    def add(self, start: int, end: int) -> None:
        at = bisect.bisect_right(self.starts, start)
        self.starts.insert(at, start)
        self.ends.insert(at, max(end, start + 1))
        self.longest = max(self.longest, end - start, 1)

    def covers(self, offset: int) -> bool:
        at = bisect.bisect_right(self.starts, offset) - 1
        while at >= 0 and offset - self.starts[at] < self.longest:
            if offset < self.ends[at]:
                return True
            at -= 1
        return False


def sources(story: Story) -> list[Source]:
    """Named and unnamed sources by kind, with offsets, in reading order."""
    found = state_media_sources(story) + anonymous_sources(story)
    for field_name, text in fields(story):
        elsewhere = _Elsewhere(text)
        covered = _Spans()
        for source in found:
            if source.field == field_name:
                covered.add(source.start, source.end)
        # Institutions first: a person-shaped tail of one ("… and Infrastructure Companies
        # said") is not a person.
        for kind, regex, groups in (
            ("institution", _INSTITUTION_RE, ("inst", "inst2", "inst3")),
            ("person", _PERSON_RE, ("a", "b")),
            ("document", _DOCUMENT_RE, ("doc", "doc2")),
        ):
            for group, start, end in _spans(regex, groups, text):
                name = text[start:end]
                source_kind = kind
                if kind == "person":
                    if _NOT_PERSON.match(name) or (
                        group == "a" and _PREPOSITION_BEFORE.search(text[max(0, start - 8) : start])
                    ):
                        continue
                    other = _organisation_or_place(text, start, end, elsewhere)
                    if other == "place":
                        continue
                    source_kind = other or kind
                if covered.covers(start):
                    continue
                covered.add(start, end)
                found.append(Source(source_kind, name, field_name, start, end))
    order = {"headline": 0, "standfirst": 1, "body": 2}
    found.sort(key=lambda s: (order[s.field], s.start))
    return found
