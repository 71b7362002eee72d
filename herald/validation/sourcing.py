"""The sourcing summary: who and what the story names as its sources."""

from __future__ import annotations

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
_PERSON = (
    r"[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)?(?:\s+(?:[A-Z]\.\s+)?[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)?){1,2}"
)
_VERB = rf"(?:{REPORTING_VERBS})"
_PERSON_RE = re.compile(
    rf"(?P<a>(?:{_TITLE})?{_PERSON})(?:,[^,.;]{{3,80}},)?\s+(?:{_VERB})(?![\w-])"
    rf"|(?:said|says|told\s+\w+|according\s+to)\s+(?P<b>(?:{_TITLE})?{_PERSON})"
)
_INSTITUTION_WORDS = (
    r"(?:Ministry|Department|Office|Agency|Commission|Council|Police|Army|Court|Bank|Fund|"
    r"Union|Party|Company|University|Institute|Committee|Government|Kremlin|White House|"
    r"Pentagon|Parliament|Senate|Congress|Authority|Board|Service|Organi[sz]ation|"
    r"Federation|Embassy|Cabinet|Foundation|Group|Corporation|Inc\.?|Ltd\.?|Bureau)"
)
_INSTITUTION_RE = re.compile(
    # A name starts at a word boundary and its words never give characters back:
    # without both, a long run of letters made this quadratic.
    rf"(?<![\w'’.-])(?P<inst>(?:the\s+)?(?:[A-Z][\w'’.-]*+\s+){{0,4}}{_INSTITUTION_WORDS}"
    rf"|the\s+(?:ministry|government|company|police|army|court|agency|commission|council|"
    rf"embassy|kremlin|presidency|military))(?:\s+(?:said|says|told|announced|confirmed|"
    rf"reported|denied|stated)(?![\w-])|\s+in\s+a\s+statement|['’]s\s+statement)"
    rf"|(?i:according\s+to)\s+(?P<inst2>the\s+(?:[A-Z][\w'’.-]*\s+){{0,4}}{_INSTITUTION_WORDS})"
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


def _spans(regex: re.Pattern[str], groups: tuple[str, ...], text: str):
    for match in regex.finditer(text):
        for group in groups:
            if match.group(group):
                yield match.start(group), match.end(group)


def sources(story: Story) -> list[Source]:
    """Named and unnamed sources by kind, with offsets, in reading order."""
    found = state_media_sources(story) + anonymous_sources(story)
    taken = {(s.field, s.start) for s in found}
    for field_name, text in fields(story):
        for kind, regex, groups in (
            ("person", _PERSON_RE, ("a", "b")),
            ("institution", _INSTITUTION_RE, ("inst", "inst2")),
            ("document", _DOCUMENT_RE, ("doc", "doc2")),
        ):
            for start, end in _spans(regex, groups, text):
                name = text[start:end]
                if kind == "person" and _NOT_PERSON.match(name):
                    continue
                if any(f == field_name and s <= start < s + 1 for f, s in taken) or any(
                    x.field == field_name and x.start <= start < x.end for x in found
                ):
                    continue
                taken.add((field_name, start))
                found.append(Source(kind, name, field_name, start, end))
    order = {"headline": 0, "standfirst": 1, "body": 2}
    found.sort(key=lambda s: (order[s.field], s.start))
    return found
