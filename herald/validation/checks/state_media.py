"""state_media: claims that rest on a state-affiliated outlet ("According to TASS")."""

from __future__ import annotations

import re
from functools import lru_cache

from herald.validation.checks.base import fields, finding
from herald.validation.outlets import EDITORIALLY_CONTROLLED, TYPOLOGIES, load_outlets
from herald.validation.types import WARNING, Finding, Source, Story

CHECK = "state_media"

_DESCRIPTOR = (
    r"(?:(?:the\s+)?(?:[A-Z][a-z]+(?:-[a-z]+)?\s+)?"
    r"(?:state(?:-run|-owned|-controlled|-affiliated|-backed)?|official|government(?:-run)?|"
    r"Kremlin(?:-backed|-controlled)?|pro-Kremlin)\s+"
    r"(?:news\s+agency|news\s+service|media|broadcaster|television|TV|newspaper|daily|"
    r"outlet|channel|agency|radio|wire\s+service)\s+)"
)
_REPORT_VERB = (
    r"(?:reported|reports|said|says|quoted|quotes|cited|cites|claimed|claims|stated|"
    r"wrote|writes|carried|published|aired|broadcast|announced|added|alleged|"
    r"is\s+reporting|was\s+reporting|has\s+reported|had\s+reported|showed|shows)"
)
_REPORT_NOUN = (
    r"(?:report|reports|reporting|correspondent|account|coverage|footage|website|"
    r"journalist|reporter|dispatch|bulletin|broadcast|interview|article|story|"
    r"sources?|analysis|video)"
)
_CITE_BEFORE = (
    r"(?i:according\s+to|told|cited\s+by|quoted\s+by|reported\s+by|in\s+an\s+interview\s+"
    r"with|in\s+comments\s+to|speaking\s+to|interviewed\s+by|aired\s+by|broadcast\s+by|"
    r"published\s+by|carried\s+by|via|reports?\s+(?:by|in|on)|said\s+(?:on|in))"
)
_AGENCY_TAIL = r"(?:\s+(?:news\s+agency|agency|newspaper|daily|television|TV|broadcaster))?"
_GENERIC = re.compile(
    r"\b(?:(?:(?i:according)\s+to\s+)(?P<g1>(?:the\s+)?(?:[A-Z][a-z]+\s+)?state(?:-run|-controlled)?"
    r"\s+(?:media|television|TV|news\s+agency|broadcaster))(?!\s+[A-Z])|"
    r"(?P<g2>(?:[A-Z][a-z]+\s+)?state(?:-run|-controlled)?\s+(?:media|television|TV|"
    r"news\s+agency|broadcaster))\s+(?:reported|said|says|quoted|claimed|showed))"
)


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern[str]:
    _, aliases = load_outlets()
    names = "|".join(re.escape(a) for a in aliases)
    outlet = rf"(?P<outlet>{names})(?![\w-])(?P<poss>['’]s)?"
    return re.compile(
        rf"(?<![\w-])(?:"
        rf"(?P<before>{_CITE_BEFORE}\s+{_DESCRIPTOR}?{outlet}{_AGENCY_TAIL})"
        rf"|(?P<after>{_DESCRIPTOR}?(?P<outlet2>{names})(?![\w-])(?P<poss2>['’]s)?"
        rf"{_AGENCY_TAIL}(?:,\s+(?:citing|quoting)|\s+{_REPORT_VERB}|"
        rf"(?<=s)\s+{_REPORT_NOUN}|\s+(?:had\s+|has\s+)?(?:earlier\s+)?{_REPORT_VERB}))"
        rf")"
    )


def _citations(text: str) -> list[tuple[int, int, int, int, str]]:
    """(evidence start, end, outlet start, outlet end, alias) for each citation."""
    found = []
    for match in _pattern().finditer(text):
        group = "outlet" if match.group("before") else "outlet2"
        poss = match.group("poss" if group == "outlet" else "poss2")
        if group == "outlet2" and not poss:
            # "TASS report" without a possessive is a mention; a verb must follow.
            tail = text[match.end(group) : match.end()]
            if not re.search(_REPORT_VERB + r"|citing|quoting", tail):
                continue
        found.append(
            (match.start(), match.end(), match.start(group), match.end(group), match.group(group))
        )
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
        for start, end, _, _, alias in _citations(text):
            outlet = by_alias[alias]
            if outlet["typology"] not in EDITORIALLY_CONTROLLED:
                continue
            message = (
                f"Claim attributed to {outlet['name']}, {_describe(outlet)}. "
                "Corroborate it independently or tell readers who controls the outlet."
            )
            results.append(finding(CHECK, WARNING, message, field_name, text, start, end))
        for start, end, _, _ in _generic_citations(text):
            results.append(finding(CHECK, WARNING, unnamed, field_name, text, start, end))
    return results


def state_media_sources(story: Story) -> list[Source]:
    by_alias, _ = load_outlets()
    sources = []
    for field_name, text in fields(story):
        for _, _, start, end, alias in _citations(text):
            outlet = by_alias[alias]
            kind = "state_media" if outlet["typology"] in EDITORIALLY_CONTROLLED else "institution"
            sources.append(Source(kind, text[start:end], field_name, start, end))
        for _, _, start, end in _generic_citations(text):
            sources.append(Source("state_media", text[start:end], field_name, start, end))
    return sources
