"""state_media: claims that rest on a state-affiliated outlet ("According to TASS")."""

from __future__ import annotations

import json
import re
from functools import lru_cache

from herald.validation.checks.base import fields, finding
from herald.validation.outlets import (
    ALIASES_PATH,
    EDITORIALLY_CONTROLLED,
    TYPOLOGIES,
    load_outlets,
)
from herald.validation.text import alternation
from herald.validation.types import WARNING, Finding, Source, Story

CHECK = "state_media"

_DESCRIPTOR = (
    r"(?:(?:the\s+)?(?:[A-Z][a-z]+(?:-[a-z]+)?\s+)?"
    r"(?:(?:(?i:state)(?:-run|-owned|-controlled|-affiliated|-backed)?|official|government(?:-run)?|"
    r"Kremlin(?:-backed|-controlled)?|pro-Kremlin)\s+)?"
    r"(?:news\s+agency|news\s+service|news\s+channel|media|broadcaster|television|TV|newspaper|"
    r"daily|outlet|channel|agency|radio|wire\s+service)\s+)"
)
_REPORT_VERB = (
    r"(?:reported|reports|said|says|quoted|quotes|cited|cites|claimed|claims|stated|"
    r"wrote|writes|carried|published|aired|broadcast|announced|added|alleged|"
    r"is\s+reporting|was\s+reporting|has\s+reported|had\s+reported|showed|shows|"
    r"confirmed|pictured|says|insisted)"
)
_REPORT_NOUN = (
    r"(?:report|reports|reporting|correspondent|account|coverage|footage|website|"
    r"journalist|reporter|dispatch|bulletin|broadcast|interview|article|story|"
    r"sources?|analysis|video)"
)
_CITE_BEFORE = (
    r"(?i:according\s+to|told|cited\s+by|quoted\s+by|reported\s+by|in\s+an\s+interview\s+"
    r"with|in\s+comments\s+to|speaking\s+to|interviewed\s+by|aired\s+by|broadcast\s+by|"
    r"published\s+by|carried\s+by|via|reports?\s+(?:by|in|on)|said\s+(?:on|in)|"
    r"(?<=[,;]\s)(?:reported|said|says|wrote|writes|added)|^(?:writes|wrote|reports)|"
    r"(?<![\w-])(?:[Ww]rites|[Ww]rote)|[Ff]rom(?=\s+[^:\n]{2,60}:))"
)
_AGENCY_TAIL = r"(?:\s+(?:news\s+agency|agency|newspaper|daily|television|TV|broadcaster))?"
# Between an outlet and its verb: an apposition ("the People's Daily, the party's
# main newspaper, claimed") or a second subject ("state television and two officials said").
_BETWEEN = r"(?:,[^,.;:\n]{1,80},|\s+and\s+(?:[\w'’-]+\s+){0,4}?[\w'’-]+)?"
_STATE = r"(?i:state)(?:-run|-controlled|-owned)?"
_GENERIC_NOUN = r"(?:media|television|TV|news\s+agency|broadcaster|radio)"
_GENERIC = re.compile(
    rf"(?<![\w-])(?:(?:(?i:according)\s+to|(?i:released|published|broadcast|aired|carried|"
    rf"shown|reported|quoted)\s+by)\s+"
    rf"(?P<g1>(?:the\s+)?(?:[A-Z][a-z]+\s+)?{_STATE}\s+{_GENERIC_NOUN})(?!\s+[A-Z])|"
    rf"(?P<g2>(?:[A-Z][a-z]+\s+)?{_STATE}\s+{_GENERIC_NOUN}){_BETWEEN}\s+"
    rf"(?:(?:has|had|have)\s+)?(?:reported|said|says|quoted|claimed|showed|shows|confirmed|"
    rf"pictured|aired|broadcast|carried|announced|alleged|published)(?![\w-]))"
)


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern[str]:
    _, aliases = load_outlets()
    names = alternation(aliases)
    outlet = rf"(?P<outlet>{names})(?![\w-])(?P<poss>['’]s)?"
    return re.compile(
        rf"(?<![\w-])(?:"
        rf"(?P<before>{_CITE_BEFORE}\s+{_DESCRIPTOR}?{outlet}{_AGENCY_TAIL})"
        rf"|(?P<after>{_DESCRIPTOR}?(?P<outlet2>{names})(?![\w-])(?P<poss2>['’]s)?"
        rf"{_AGENCY_TAIL}(?:,\s+(?:citing|quoting)|{_BETWEEN}\s+{_REPORT_VERB}|"
        rf"(?<=s)\s+{_REPORT_NOUN}|\s+(?:had\s+|has\s+)?(?:earlier\s+)?{_REPORT_VERB}))"
        rf")"
    )


# Words that make a press name generic: "The Star", "Daily News", "The Mirror" name
# papers in many countries, so alone they do not identify a state outlet.
_GENERIC_WORDS = frozenset(
    """the daily news star sun times post herald nation mail express tribune observer
    standard guardian telegraph mirror world today voice channel one radio tv television
    national new evening morning weekly sunday chronicle gazette journal review first
    people free press public info online net live""".split()
)
_COUNTRY_NOISE = frozenset(
    {
        "of",
        "the",
        "and",
        "republic",
        "united",
        "north",
        "south",
        "democratic",
        "people's",
        "islamic",
        "federal",
        "state",
        "states",
    }
)


@lru_cache(maxsize=1)
def _curated() -> frozenset[str]:
    try:
        return frozenset(json.loads(ALIASES_PATH.read_text(encoding="utf-8"))["aliases"])
    except (OSError, ValueError, KeyError):
        return frozenset()


def needs_context(alias: str) -> bool:
    """A short acronym ("NBC", "CBS") or a generic title ("The Star") names many outlets."""
    if alias in _curated():
        return False
    if re.fullmatch(r"[A-Z0-9&.-]{2,5}", alias):
        return True
    return all(w.lower().rstrip("'’s") in _GENERIC_WORDS for w in alias.split())


def country_named(outlet: dict, text: str) -> bool:
    """Does the story mention the outlet's country, its people or its full name?"""
    if outlet["name"] in text and needs_context(outlet["name"]) is False:
        return True
    stems = [
        w[:5].lower()
        for w in re.findall(r"[\w'’]+", outlet["country"])
        if w.lower() not in _COUNTRY_NOISE and len(w) >= 4
    ]
    if not stems:
        return False
    words = {w[:5].lower() for w in re.findall(r"[A-Z][\w'’]+", text)}
    return any(stem in words for stem in stems)


def _citations(text: str, context: str | None = None) -> list[tuple[int, int, int, int, str]]:
    """(evidence start, end, outlet start, outlet end, alias) for each citation."""
    by_alias, _ = load_outlets()
    context = text if context is None else context
    found = []
    for match in _pattern().finditer(text):
        group = "outlet" if match.group("before") else "outlet2"
        poss = match.group("poss" if group == "outlet" else "poss2")
        if group == "outlet2" and not poss:
            # "TASS report" without a possessive is a mention; a verb must follow.
            tail = text[match.end(group) : match.end()]
            if not re.search(_REPORT_VERB + r"|citing|quoting", tail):
                continue
        alias = match.group(group)
        if needs_context(alias) and not country_named(by_alias[alias], context):
            continue  # "NBC reported" in a US story is not Namibia's broadcaster
        found.append((match.start(), match.end(), match.start(group), match.end(group), alias))
    return found


def _generic_citations(text: str) -> list[tuple[int, int, int, int]]:
    """(evidence start, end, phrase start, end) for "Russian state media reported"."""
    named = _citations(text)
    found = []
    for match in _GENERIC.finditer(text):
        group = "g1" if match.group("g1") else "g2"
        if not any(s <= match.start(group) < e for s, e, *_ in named):
            found.append((match.start(), match.end(), match.start(group), match.end(group)))
    return found


def _story_text(story: Story) -> str:
    return "\n".join((story.headline, story.standfirst, story.body))


def _describe(outlet: dict) -> str:
    typology = outlet["typology"]
    return f"{TYPOLOGIES.get(typology, typology)} in {outlet['country']}"


def check_state_media(story: Story) -> list[Finding]:
    """Flag claims attributed to outlets whose editorial line a state controls."""
    by_alias, _ = load_outlets()
    unnamed = (
        "Claim attributed to unnamed state media. Name the outlet, corroborate "
        "the claim independently, or make clear it is the state's account."
    )
    results = []
    for field_name, text in fields(story):
        for start, end, _, _, alias in _citations(text, _story_text(story)):
            outlet = by_alias[alias]
            if outlet["typology"] not in EDITORIALLY_CONTROLLED:
                continue
            message = (
                f"Claim attributed to {outlet['name']}, {_describe(outlet)}. "
                "Corroborate it independently or tell readers who controls the outlet."
            )
            reason = (
                f"Rule: “{alias}” is cited (not just mentioned) and the State Media Matrix "
                f"lists {outlet['name']} as {_describe(outlet)}"
                + (f"; the story mentions {outlet['country']}." if needs_context(alias) else ".")
            )
            results.append(finding(CHECK, WARNING, message, field_name, text, start, end, reason))
        for start, end, _, _ in _generic_citations(text):
            reason = "Rule: a claim is attributed to state media without naming the outlet."
            results.append(finding(CHECK, WARNING, unnamed, field_name, text, start, end, reason))
    return results


def state_media_sources(story: Story) -> list[Source]:
    by_alias, _ = load_outlets()
    sources = []
    for field_name, text in fields(story):
        for _, _, start, end, alias in _citations(text, _story_text(story)):
            outlet = by_alias[alias]
            kind = "state_media" if outlet["typology"] in EDITORIALLY_CONTROLLED else "institution"
            sources.append(Source(kind, text[start:end], field_name, start, end))
        for _, _, start, end in _generic_citations(text):
            sources.append(Source("state_media", text[start:end], field_name, start, end))
    return sources
