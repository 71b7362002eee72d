"""anonymous_source: claims that rest on unnamed sources ("officials said")."""

from __future__ import annotations

import re

from herald.validation.checks.base import fields, finding
from herald.validation.text import sentences
from herald.validation.types import INFO, WARNING, Finding, Source, Story

CHECK = "anonymous_source"

_SPOKESPERSON = r"spokes(?:man|woman|person|men|women|people|persons)"
_MODIFIER = (
    r"(?:(?:(?i:a|an|the|two|three|four|five|several|some|many|other|one|senior|top|"
    r"high-ranking|high-level|mid-level|junior|current|former|western|local|regional|"
    r"federal|government|administration|ministry|intelligence|security|military|defence|"
    r"defense|police|party|diplomatic|industry|company|campaign|congressional|white|"
    r"european|foreign|us|u\.s\.|un|u\.n\.|eu|nato|anonymous|unnamed|unidentified|"
    r"knowledgeable|informed|well-placed|credible|independent|trusted)|"
    r"[A-Z][a-z]+(?:-[a-z]+)?|[A-Z]{2,4}|U\.S\.|U\.N\.)\s+){0,4}"
)
_HEAD = (
    r"(?i:officials?|sources?|diplomats?|aides?|insiders?|officers?|staffers?|advisers?|"
    r"advisors?|executives?|negotiators?|lawmakers?|people|person|individuals?|"
    rf"employees?|members?|{_SPOKESPERSON})"
    # "official results", "source code": the head word used as an adjective.
    r"(?!\s+(?:figures|results|data|statistics|estimates|count|tally|records?|documents?|"
    r"numbers|statement|reports?|website|channels?|visit|language|code|materials?|text|"
    r"list|name|title|account|version|position|line|policy|rates?|mechanism|sources?|"
    r"report|announcement|confirmation|notice|ceremony|opening|trip|residence|"
    r"portrait|car|languages|media|newspaper|gazette|journal)(?![\w-]))"
)
# "a hospital spokesman", "the city council spokeswoman": any few lower-case words between
# the article and the spokesperson belong to the attribution the editor reads.
_SPOKES_NP = rf"(?i:a|an|the)\s+(?:[a-z][\w'’-]*\s+){{1,3}}?{_SPOKESPERSON}"
_SPEAKING_HEAD = (
    r"(?i:officials?|sources?|diplomats?|aides?|insiders?|officers?|staffers?|advisers?|"
    rf"advisors?|executives?|negotiators?|{_SPOKESPERSON})"
)
_VERB = (
    r"(?:said|say|says|told|tell|tells|believe|believed|believes|confirmed|confirm|"
    r"indicated|suggested|added|warned|claimed|claim|disclosed|revealed|expect|expected|"
    r"described|insisted|acknowledged|cautioned|estimated|stressed|noted|rejected|denied|"
    r"dismissed|learned|learnt|speculated|speculating|feared|doubted|maintain|maintained)"
)
_KNOWING = (
    r"(?:familiar\s+with|close\s+to|briefed\s+on|with\s+(?:direct\s+|first-hand\s+)?"
    r"knowledge\s+of|involved\s+in|with\s+access\s+to|aware\s+of|knowledgeable\s+about|"
    r"privy\s+to|in\s+the\s+room|present\s+at)"
)
_ANONYMITY = (
    r"(?:(?:speaking\s+)?on\s+(?:the\s+)?condition\s+of\s+anonymity|"
    r"who\s+(?:asked|requested|wished|declined|refused|did\s+not\s+want|didn't\s+want)"
    r"\s+(?:not\s+)?(?:to\s+be\s+(?:named|identified)|anonymity|to\s+be\s+named)|"
    r"who\s+requested\s+anonymity|(?:was|were)\s+granted\s+anonymity|"
    r"(?:asked|requested|wished|wanted|preferred|declined|refused)\s+(?:not\s+)?to\s+"
    r"(?:remain|stay|be)\s+(?:anonymous|unnamed|unidentified)|spoke\s+anonymously|"
    r"(?:refusing|declining|declined|refused)\s+to\s+give\s+(?:his|her|their)\s+(?:full\s+)?names?|"
    r"not\s+authori[sz]ed\s+to\s+(?:speak|comment)(?:\s+publicly|\s+on\s+the\s+record)?|"
    r"asked\s+that\s+(?:his|her|their)\s+names?\s+not\s+be\s+(?:used|published))"
)
# Plural groups whose unnamed members are quoted as a body of opinion ("experts believe").
_VAGUE_HEAD = (
    r"(?:analysts|experts|observers|commentators|pundits|scientists|doctors|surgeons|"
    r"researchers|insiders|critics|journalists|others)"
)
_VAGUE_LEAD = r"(?:(?i:some|many|several|most|other|few|various|unnamed|a\s+few)\s+)?"
_VAGUE_VERB = (
    r"(?:(?:have|had|has)\s+(?:also\s+)?(?:long\s+)?)?(?:say|said|believe|believed|warn|warned|"
    r"suggest|suggested|claim|claimed|argue|argued|think|speculate|speculated|fear|"
    r"noted|pointed\s+out|confirmed|revealed|expect|predict|predicted|caution|cautioned|"
    r"estimate|estimated|are\s+(?:sceptical|skeptical|doubtful|divided)|"
    r"were\s+(?:sceptical|skeptical|doubtful|divided))"
)
# "according to an airline source": any few words between the preposition and the head.
_LOOSE = r"(?:(?:a|an|the|one|two|three|several|some)\s+)?(?:[\w'’.-]+\s+){0,3}?"
_SOURCE_HEAD = r"(?:sources?|officials?|insiders?|diplomats?|aides?|people\s+familiar)"
_NP = rf"(?<![\w-])(?P<np>{_MODIFIER}{_HEAD})(?![\w-])"
_PATTERNS = (
    re.compile(rf"(?i:according\s+to)\s+{_MODIFIER}{_HEAD}(?![\w-])"),
    re.compile(rf"(?i:according\s+to)\s+(?P<np>{_LOOSE}{_SOURCE_HEAD})(?![\w-])"),
    re.compile(
        rf"(?i:citing|cited|cites|quoting|quoted|spoke\s+with|talked\s+to)\s+(?P<np>{_LOOSE}"
        rf"(?:(?:anonymous|unnamed|unidentified)\s+)?{_SOURCE_HEAD})(?![\w-])"
        rf"(?:\s+(?:in|inside|at|within|close\s+to|working\s+in|on)\s+(?:the\s+)?[\w'’-]+"
        rf"(?:\s+[\w'’-]+){{0,2}})?"
    ),
    re.compile(
        rf"(?<![\w-])(?P<np>{_VAGUE_LEAD}(?i:{_VAGUE_HEAD}))(?![\w-])\s+{_VAGUE_VERB}(?![\w-])"
    ),
    re.compile(
        rf"(?<![\w-])(?P<np>(?i:an?|one)\s+(?:unnamed|anonymous|unidentified)\s+[\w-]+)"
        rf"\s+(?:\w+\s+)?{_VERB}(?![\w-])"
    ),
    re.compile(
        r"(?<![\w-])(?P<np>(?i:an?|one|the)\s+(?:well-placed|senior|informed|trusted)"
        r"\s+(?:[\w-]+\s+)?sources?)(?![\w-])(?:\s+(?:in|inside|at|within|close\s+to)"
        r"\s+(?:the\s+)?[\w'’-]+(?:\s+[\w'’-]+){0,2})?"
    ),
    re.compile(rf"{_NP}(?:,)?\s+{_KNOWING}"),
    re.compile(
        rf"(?<![\w-])(?P<np>{_SPOKES_NP}|{_MODIFIER}{_SPEAKING_HEAD})(?![\w-])"
        rf"(?P<mid>(?:\s+(?:at|in|from|of|for|with|within|inside)\s+(?:the\s+)?[\w.'’-]+"
        rf"(?:\s+[A-Za-z][\w.'’-]*){{0,3}})?(?:,[^,.;]{{0,80}},)?)\s+(?:had\s+|have\s+|has\s+)?"
        rf"(?:(?:reportedly|also|privately|later|now|still|separately|previously|earlier)\s+)?"
        rf"{_VERB}(?![\w-])"
    ),
    re.compile(
        rf"(?:said|added)\s+(?P<np>{_SPOKES_NP}|{_MODIFIER}{_SPEAKING_HEAD})(?![\w-])"
        rf"(?=\s*[,.;]|\s+(?:who|familiar|close|briefed|in|at|from|for|with)\b)"
    ),
)
_ANONYMITY_RE = re.compile(_ANONYMITY, re.I)
# Every pattern above needs one of these words: a sentence without any is skipped
# before the costly patterns run (1 MB of capitalised words took seconds).
_ANY_HEAD = re.compile(
    rf"official|source|diplomat|aide|insider|officer|staffer|adviser|advisor|executive|"
    rf"negotiator|lawmaker|people|person|individual|employee|member|unnamed|anonymous|"
    rf"unidentified|spokes|{_VAGUE_HEAD}",
    re.I,
)
_PARTICLE = r"(?:(?:al|el|bin|ibn|abu|de|da|di|du|van|von|der|le|la|ben)[-\s])?"
_WORD = rf"{_PARTICLE}[A-Z][^\W\d_]+(?:[-'’][^\W\d_]+)?"
_NAME = rf"(?:{_WORD}\s+){{1,2}}{_WORD}"
_NAMED_INSIDE = re.compile(
    rf"(?:including|such\s+as|among\s+them|namely|led\s+by|like)\s+(?:[a-z]+\s+){{0,3}}"
    rf"(?:[A-Z][a-z]+\s+)*{_NAME}|^,\s*(?:[A-Z][a-z.]+\s+){{0,3}}{_NAME}\s*(?:,|\.?$)"
)
_NAMED_BEFORE = re.compile(rf"{_NAME},\s*$")
# Sentence openings that only look like a modifier ("Officials said" is fine).
_NOT_MODIFIER = re.compile(r"^(?:But|And|However|Meanwhile|Yet|Still|Now|Then)\s+", re.I)


def _is_named(sentence: str, start: int, end: int, np_end: int) -> bool:
    """True when the sentence names the person behind the phrase."""
    after = sentence[end : end + 120]
    before = sentence[max(0, start - 60) : start]
    phrase = sentence[start:end]
    return bool(
        _NAMED_INSIDE.search(phrase)
        or _NAMED_INSIDE.search(sentence[np_end:end])
        or _NAMED_INSIDE.search(after.split(" said")[0])
        or _NAMED_BEFORE.search(before)
    )


def _anonymous_spans(text: str) -> list[tuple[int, int, int, int]]:
    """(evidence start, end, source phrase start, end) for unnamed attributions."""
    spans: list[tuple[int, int, int, int]] = []
    for sent in sentences(text):
        local: list[tuple[int, int, int, int]] = []
        for pattern in _PATTERNS if _ANY_HEAD.search(sent.text) else ():
            for match in pattern.finditer(sent.text):
                start, end = match.start(), match.end()
                np_start = match.start("np") if "np" in pattern.groupindex else start
                np_end = match.end("np") if "np" in pattern.groupindex else end
                head = sent.text[np_start:np_end].split()[-1] if np_end > np_start else ""
                if head[:1].isupper() and sent.text[: np_end - len(head)].strip():
                    continue  # "Business Insider", "Apple Insider": a title, not people
                lead = _NOT_MODIFIER.match(sent.text[start:end])
                if lead:
                    start += lead.end()
                    np_start = max(np_start, start)
                if _is_named(sent.text, start, end, np_end):
                    continue
                local.append((start, end, np_start, np_end))
        for match in _ANONYMITY_RE.finditer(sent.text):
            start, end = match.start(), match.end()
            head = None
            for m in re.finditer(rf"{_MODIFIER}{_HEAD}(?![\w-])", sent.text[:start]):
                head = m
            if head and start - head.end() <= 40:
                local.append((head.start(), end, head.start(), head.end()))
            else:
                local.append((start, end, start, end))
        for item in _merge(local):
            spans.append(tuple(sent.start + x for x in item))  # type: ignore[misc]
    return spans


def _merge(items: list[tuple[int, int, int, int]]) -> list[tuple[int, int, int, int]]:
    items.sort()
    merged: list[list[int]] = []
    for start, end, np_start, np_end in items:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
            continue
        merged.append([start, end, np_start, np_end])
    return [tuple(m) for m in merged]  # type: ignore[misc]


_REASONS = (
    (_ANONYMITY_RE, "an anonymity formula (“{m}”)"),
    (re.compile(r"(?i:according\s+to)"), "“according to” followed by people, not a name"),
    (
        re.compile(r"(?i:citing|cited|cites|quoting|quoted|spoke\s+with|talked\s+to)"),
        "unnamed sources cited (“{m}”)",
    ),
    (re.compile(_KNOWING, re.I), "a knowledge clause (“{m}”) instead of a name"),
    (re.compile(rf"(?i:{_VAGUE_HEAD})"), "a vague group (“{m}”) with a reporting verb"),
)


_SPOKESPERSON_RE = re.compile(_SPOKESPERSON, re.I)


def _spokesperson(evidence: str) -> str | None:
    """ "a spokesperson for the city said": the institution's voice, unnamed."""
    match = _SPOKESPERSON_RE.search(evidence)
    return None if match is None or _ANONYMITY_RE.search(evidence) else match.group().lower()


def _reason(evidence: str) -> str:
    spokesperson = _spokesperson(evidence)
    if spokesperson:
        return (
            f"Rule: a {spokesperson} described by role, not by name, with a reporting verb; "
            "a title without a name is an unnamed source, though a spokesperson speaks for "
            "the institution on the record (so a note, not a warning)."
        )
    for pattern, words in _REASONS:
        match = pattern.search(evidence)
        if match:
            why = words.format(m=match.group().strip())
            break
    else:
        why = "people described by role, not name, with a reporting verb"
    return f"Rule: {why}; no name for them in the sentence."


def check_anonymous_source(story: Story) -> list[Finding]:
    """Flag attributions to people the story does not name."""
    results = []
    message = (
        "Claim rests on an unnamed source. Name the source, or say why anonymity "
        "was granted and how the source knows."
    )
    spokesperson_message = (
        "Unnamed spokesperson. Name them, or attribute the words to the institution itself "
        "(“the ministry said”)."
    )
    for field_name, text in fields(story):
        for start, end, _, _ in _anonymous_spans(text):
            evidence = text[start:end]
            reason = _reason(evidence)
            if _spokesperson(evidence):
                severity, advice = INFO, spokesperson_message
            else:
                severity, advice = WARNING, message
            results.append(finding(CHECK, severity, advice, field_name, text, start, end, reason))
    return results


def anonymous_sources(story: Story) -> list[Source]:
    sources = []
    for field_name, text in fields(story):
        for _, _, np_start, np_end in _anonymous_spans(text):
            sources.append(Source("anonymous", text[np_start:np_end], field_name, np_start, np_end))
    return sources
