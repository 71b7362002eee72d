"""What the headline says happened against what the story's sentence says happened.

`claims.py` reads a headline's claim through its cues (confirmed, denied, done). These
comparisons read the claim's content, on the body sentences that match it best:

- ``outcome``: the headline's outcome word and its opposite in the sentence, said of the
  same subject: acquitted / convicted, approved / rejected, rises / falls, wins / loses,
  opens / closes, upholds / overturns, keeps / sacks, found / still missing, quits / stays,
  cuts or raises / holds, more / fewer. For a converse pair (wins / loses) the subject
  must come before the sentence's word, since "Braga beat Benfica" is "Benfica lost".
- ``roles``: who did what to whom reversed: "Tenant sues landlord" over "the landlord
  has sued a tenant", or "Ferry rams boat" over "the ferry was rammed by a boat".
- ``actor``: another named person did it: "Dolores Silva scores" over "Ana Borges scored".
- ``future``: the headline reports as done what the sentence says will happen ("check"
  over "will check next week").
- ``scope``: "all four" over "two of the four".
- ``number``: the headline's new value is the sentence's old one ("rises to 4.2%" over
  "eased to 3.1 per cent from 4.2 per cent").

Every comparison reads a few words around a matched word (at most ``_REACH`` characters
or a dozen tokens), so the work stays linear in the body.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from herald.validation.features import STOPWORDS, stem
from herald.validation.text import Span

_REACH = 160
# A headline is read to this length, and this many of its words tried as its verb.
_HEADLINE_CHARS = 300
_VERBS = 4
_HITS = 12
_WORD = re.compile(r"[^\W_][\w'’.-]*[^\W_]|[^\W_]", re.U)


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w-])(?:{pattern})(?![\w-])", re.I)


# (headline side, story side, converse): both directions are tried.
_PAIRS: list[tuple[str, str, bool]] = [
    (
        r"acquit(?:s|ted)?|clear(?:s|ed)\s+(?:\w+\s+){0,4}?of|found\s+not\s+guilty",
        r"convict(?:s|ed)|found\s+guilty|guilty\s+of|jailed|sentenced",
        False,
    ),
    (
        r"approves?|approved|passes|passed|backs|endorses|endorsed|accepts|accepted|"
        r"ratif(?:y|ies|ied)|grants?|granted|awards|awarded",
        r"rejects?|rejected|vot(?:es|ed)\s+(?:\w+\s+)?down|vetoe?[sd]?|blocks|blocked|"
        r"throws\s+out|threw\s+out|turns\s+down|turned\s+down",
        False,
    ),
    (
        r"rises?|rose|risen|climbs?|climbed|jumps?|jumped|soars?|soared|surges?|surged|"
        r"increases?|increased|grows?|grew|gains?|gained|rebounds?|rebounded|"
        r"(?:up|higher)\s+(?:by\s+)?\d",
        r"falls?|fell|fallen|drops?|dropped|declines?|declined|slips?|slipped|slides?|slid|"
        r"plunges?|plunged|tumbles?|tumbled|decreases?|decreased|shrinks?|shrank|eases?|eased|"
        r"dips?|dipped|sinks?|sank|(?:down|lower)\s+(?:by\s+)?\d",
        False,
    ),
    (
        r"wins?|won|beats?|defeats|defeated(?!\s+by)|survives?|survived",
        r"loses|lost|lose|beaten\s+by|defeated\s+by|loses\s+to",
        True,
    ),
    (
        r"opens|opened|reopens|reopened|reopen|lifts|lifted",
        r"closes|closed|shut|shuts|(?:remains?|stays?)\s+closed",
        False,
    ),
    (
        r"go(?:es)?\s+ahead|went\s+ahead|stages?|staged",
        r"call(?:s|ed)?\s+off|cancel(?:s|led)|suspend(?:s|ed)|postpone[sd]?|scrapped",
        False,
    ),
    (
        r"blocks|blocked|halts|halted|bars|barred|stops|stopped",
        r"allowed|allows|cleared\s+the\s+way|gave\s+(?:\w+\s+)?(?:the\s+)?go-ahead|"
        r"let\s+(?:\w+\s+){1,4}go\s+ahead",
        False,
    ),
    (
        r"releases?|released|frees|freed",
        r"charged|charges|remanded|(?:held|kept|remains?)\s+in\s+custody|jailed",
        False,
    ),
    (
        r"ends|ended|end|calls\s+off|called\s+off",
        r"continued|continues|goes\s+on|went\s+on|enter(?:s|ed)\s+(?:its|a)\s+\w+\s+(?:day|week)|"
        r"extended",
        False,
    ),
    (
        r"upholds|upheld|uphold|(?:rejects?|rejected|dismiss(?:es|ed)?|throws\s+out|threw\s+out)\s+"
        r"(?:\w+\s+){0,2}appeal",
        r"overturns?|overturned|quash(?:es|ed)?|strikes\s+down|struck\s+down|annul(?:s|led)|"
        r"revers(?:es|ed)",
        False,
    ),
    (
        r"keeps|kept|keep|retains|retained|retain|stands\s+by|stood\s+by",
        r"sacks|sacked|sack|fires|fired|dismisses|dismissed|ousts|ousted|axes|axed",
        False,
    ),
    (
        r"found(?!\s+(?:dead|guilty|not|that|no|to|in\s+breach))|located|rescued|traced",
        r"still\s+missing|(?:remains?|remained)\s+missing|(?:has|have|had)\s+(?:still\s+)?not\s+"
        r"(?:yet\s+)?been\s+found|yet\s+to\s+be\s+found|search\s+(?:continues|goes\s+on)",
        False,
    ),
    (
        r"quits|resigns|resigned|steps\s+down|stepped\s+down",
        r"(?:rejects?|rejected|refused|turned\s+down|declined)\s+(?:\w+\s+){0,3}resignation|"
        r"stays\s+on|(?:will|would)\s+(?:stay|remain)|(?:stay|remain)s?\s+(?:on\s+)?in\s+"
        r"(?:his|her|their|the)?\s*(?:office|post|job|role)",
        False,
    ),
    (
        r"cuts|raises|hikes|lowers|raised|hiked|lowered",
        r"(?:held|holds|kept|keeps|left|leaves)\s+(?:\w+\s+){0,4}(?:unchanged|steady|on\s+hold)|"
        r"(?:held|holds|kept|keeps)\s+(?:its|the|their)\s+(?:\w+\s+){0,2}rates?",
        False,
    ),
]
_OUTCOMES = [(_rx(a), _rx(b), conv) for a, b, conv in _PAIRS] + [
    (_rx(b), _rx(a), conv) for a, b, conv in _PAIRS
]
# A comparative and its opposite, read with the noun after it ("more tourists").
_COMPARATIVES = [("more", "fewer"), ("more", "less"), ("higher", "lower"), ("bigger", "smaller")]
_COMPARATIVES += [(b, a) for a, b in _COMPARATIVES]
_NEG_BEFORE = re.compile(r"(?:not|never|n['’]t|no)\s+(?:\w+\s+)?$", re.I)
_CLAUSE = re.compile(
    r"[,;:!?()“”\"—–]|\s-\s|\s(?:but|although|though|while|whereas|as|and)\s", re.I
)
_PASSIVE = re.compile(r"(?:was|were|been|being|is|are|be|get|got)\s+(?:\w+ly\s+)?$", re.I)
# Headline words that make the claim less than a statement of fact.
_HEDGE = _rx(
    r"may|might|could|would|reportedly|allegedly|rumou?r\w*|report|reports|possibly|probably|"
    r"likely|plans?|planning|proposes?|proposed|proposal|weighs?|weighing|considers?|"
    r"considering|mulls?|eyes|set\s+to|expected|seeks?|wants?|hopes?|bids?|nears?|tentative|"
    r"vote\s+on|to\s+vote|next\s+(?:week|month|year)|expects?|forecasts?|warns?|fears?|threatens?|urges?|calls?\s+for"
)
_FUTURE = re.compile(
    r"(?:will|shall|(?:is|are|was|were)\s+(?:due|set|scheduled|expected|to))\s+(?:to\s+)?"
    r"(?:(?:soon|then|also|first|now|not|never)\s+)?$",
    re.I,
)
# A time still to come, after the verb: "will visit the site next week".
_WHEN_NEXT = _rx(
    r"next\s+(?:week|month|year|spring|summer|autumn|winter|season|\w+day)|tomorrow|"
    r"later\s+this\s+(?:week|month|year)|in\s+the\s+coming\s+(?:days|weeks|months)|"
    r"(?:this|next)\s+(?:mon|tues|wednes|thurs|fri|satur|sun)day"
)
_AUX_PAST = re.compile(r"(?:has|have|had)\s+$", re.I)
_NUMBER_WORDS = {
    "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7",
    "eight": "8", "nine": "9", "ten": "10", "eleven": "11", "twelve": "12", "both": "2",
}  # fmt: skip
_PART = r"\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|some|most|many|half|few"


def _month(said: str) -> str:
    """ "in May" is a month, not a hedge."""
    return re.sub(r"(?<=\S\s)May(?![\w-])", "   ", said)


class Found:
    """One comparison that says the sentence contradicts the headline."""

    def __init__(self, kind: str, headline_cue: str, story_cue: str) -> None:
        self.kind, self.headline_cue, self.story_cue = kind, headline_cue, story_cue


def _words(text: str) -> list[tuple[str, int, int]]:
    return [(m.group().lower().rstrip("."), m.start(), m.end()) for m in _WORD.finditer(text)]


def _content(text: str) -> set[str]:
    return {stem(w) for w, _, _ in _words(text) if w not in STOPWORDS}


def _left(text: str, at: int, limit: int = 8) -> str:
    """The words before ``at`` back to the start of their clause (at most ``limit``)."""
    piece = text[max(0, at - _REACH) : at]
    cut = [m.end() for m in _CLAUSE.finditer(piece)]
    piece = piece[cut[-1] :] if cut else piece
    kept = _words(piece)[-limit:]
    return piece[kept[0][1] :] if kept else ""


def _right(text: str, at: int, limit: int = 8) -> str:
    piece = text[at : at + _REACH]
    cut = _CLAUSE.search(piece)
    piece = piece[: cut.start()] if cut else piece
    kept = _words(piece)[:limit]
    return piece[: kept[-1][2]] if kept else ""


def _subject(said: str, at: int) -> set[str]:
    """The headline's subject: its content words before the verb, after any colon."""
    before = said[:at]
    before = before[before.rfind(":") + 1 :]
    return {s for s in _content(before) if not s.isdigit()}


def comparisons(said: str, topic: set[str], sents: Iterable[tuple[Span, set[str]]]):
    """Yield (Found, sentence) for each sentence that contradicts the headline's content."""
    if said.rstrip().endswith("?"):
        return
    said = said[:_HEADLINE_CHARS]
    if _HEDGE.search(_month(said)):
        # Only a flat clause of a hedged headline is read, and only for the size of a
        # change: "FAO warns of shortage as harvest collapses".
        flat = [c for c in _CLAUSES.split(said) if not _HEDGE.search(_month(c))]
        for sent, _stems in sents:
            found = next(filter(None, (_magnitude(c, sent.text) for c in flat)), None)
            if found:
                yield found, sent
                return
        return
    for sent, _stems in sents:
        text = sent.text
        index: dict[str, list[tuple[int, int]]] = {}
        for w, s, e in _words(text):
            index.setdefault(w, []).append((s, e))
        found = (
            _number_from(said, text)
            or _outcome(said, text, topic)
            or _comparative(said, text)
            or _roles(said, text, index)
            or _actor(said, text, index)
            or _future(said, text, index)
            or _planned(said, text, index)
            or _scope(said, text)
            or _partial(said, text, topic)
            or _denied(said, text)
            or _magnitude(said, text)
        )
        if found:
            yield found, sent
            return


def _hits(index: dict[str, list[tuple[int, int]]], forms: set[str]):
    """Where any of ``forms`` stands in the sentence, in order: (word, start, end); the
    first few only (prose uses a verb a handful of times in a sentence, not thousands)."""
    hits = sorted(((w, s, e) for w in forms for s, e in index.get(w, ())), key=lambda h: h[1])
    return hits[:_HITS]


def _outcome(said: str, text: str, topic: set[str]) -> Found | None:
    for head_rx, story_rx, converse in _OUTCOMES:
        h = head_rx.search(said)
        if not h or story_rx.search(said) or _NEG_BEFORE.search(said[: h.start()]):
            continue
        subject = _subject(said, h.start())
        rest = _content(said[h.end() :]) & topic
        same = None
        for s in story_rx.finditer(text):
            if _NEG_BEFORE.search(text[max(0, s.start() - 20) : s.start()]):
                continue  # "was not convicted" agrees with "acquitted"
            before = _content(_left(text, s.start()))
            after = _content(_right(text, s.end()))
            if converse:
                ok = bool(subject & before)
            else:
                # or the headline's object, when the sentence names the subject otherwise
                # ("EU grants …" over "The European Commission turned down …")
                ok = bool(subject & (before | after)) or len(rest & after) >= 2
            if not ok:
                continue
            if same is None:
                # The sentence says the headline's word too, of the same subject: mixed.
                same = any(
                    not _NEG_BEFORE.search(text[max(0, m.start() - 20) : m.start()])
                    and subject
                    & (_content(_left(text, m.start())) | _content(_right(text, m.end())))
                    for m in head_rx.finditer(text)
                )
            if same:
                break
            return Found("outcome", h.group(), s.group())
    return None


def _comparative(said: str, text: str) -> Found | None:
    for word, opposite in _COMPARATIVES:
        h = re.search(rf"(?<![\w-]){word}\s+([^\W\d_]+)", said, re.I)
        if not h or h.group(1).lower() in STOPWORDS:
            continue
        noun = stem(h.group(1).lower())
        for s in re.finditer(rf"(?<![\w-]){opposite}\s+([^\W\d_]+)", text, re.I):
            if stem(s.group(1).lower()) == noun:
                return Found("outcome", h.group(), s.group())
    return None


# Past forms the suffix rules cannot make, by base form.
_IRREGULAR = {
    "beat": "beaten", "bite": "bit bitten", "break": "broke broken", "bring": "brought",
    "buy": "bought", "catch": "caught", "choose": "chose chosen", "drive": "drove driven",
    "fight": "fought", "find": "found", "hit": "hit", "hold": "held", "keep": "kept",
    "lead": "led", "leave": "left", "meet": "met", "pay": "paid", "sell": "sold",
    "shoot": "shot", "sink": "sank sunk", "steal": "stole stolen", "strike": "struck",
    "take": "took taken", "tell": "told", "throw": "threw thrown", "win": "won",
    "beat up": "beat",
}  # fmt: skip
_AUX = re.compile(
    r"(?:will|would|to|has|have|had|was|were|is|are|be|been|being|did|does|do|can|could|"
    r"may|might|shall|should|must)\s+(?:(?:not|also|then|now|soon|first|later|reportedly|"
    r"allegedly)\s+)?$",
    re.I,
)
_DETERMINER = {"a", "an", "the", "this", "that", "its", "his", "her", "their", "our", "of",
               "on", "in", "for", "at", "with", "by", "from", "new", "to", "will"}  # fmt: skip


def _verb_forms(word: str) -> set[str]:
    """Inflections of a headline's verb ("sues" -> sued, sue, suing)."""
    w = word.lower()
    base = {w}
    if w.endswith("ies"):
        base.add(w[:-3] + "y")
    elif w.endswith(("sses", "shes", "ches", "xes", "zes")):
        base.add(w[:-2])
    elif w.endswith("s") and not w.endswith("ss"):
        base.add(w[:-1])
    forms = set(base)
    for b in list(base):
        forms |= {b + "s", b + "ed", b + "d", b + "ing"}
        forms |= set(_IRREGULAR.get(b, "").split())
        if b.endswith("y"):
            forms |= {b[:-1] + "ied", b[:-1] + "ies"}
        if b.endswith("e"):
            forms.add(b[:-1] + "ing")
        if len(b) > 2 and b[-1] not in "aeiouwxy" and b[-2] in "aeiou" and b[-3] not in "aeiou":
            forms |= {b + b[-1] + "ed", b + b[-1] + "ing"}
    return forms


def _head_verb(said: str) -> list[tuple[str, int, int]]:
    """Candidate verbs: lower-case content words after the headline's first word, not
    after an article or preposition ("a ban", "on tax"); the first few."""
    words = _words(said)
    return [
        w
        for i, w in enumerate(words[1:], start=1)
        if w[0] not in STOPWORDS
        and len(w[0]) > 2
        and said[w[1]].islower()
        and words[i - 1][0] not in _DETERMINER
        and not w[0].isdigit()
    ][:_VERBS]


def _verb_like(text: str, word: str, at: int) -> bool:
    """In the sentence the word is used as a verb: a past form, or after an auxiliary."""
    before = text[max(0, at - 30) : at]
    if _AUX.search(before):
        return True
    return word.endswith("ed") or (word in _PAST and not re.search(r"(?:a|an|the)\s+$", before))


_PAST = {p for forms in _IRREGULAR.values() for p in forms.split()}


def _noun_after(said: str, at: int) -> tuple[str, int] | None:
    """The last word of the noun phrase after the verb, before a preposition or stop word."""
    last = None
    for w, _s, e in _words(said[at:])[:4]:
        if (
            w in STOPWORDS
            and last is None
            and w in ("a", "an", "the", "his", "her", "their", "its")
        ):
            continue
        if w in STOPWORDS or w.isdigit():
            break
        last = (w, at + e)
    return last


def _roles(said: str, text: str, index: dict) -> Found | None:
    for verb, vs, ve in _head_verb(said):
        subj = _words(said[:vs])
        obj = _noun_after(said, ve)
        if not subj or not obj:
            continue
        agent, patient = stem(subj[-1][0]), stem(obj[0])
        if agent == patient or subj[-1][0] in STOPWORDS:
            continue
        forms = _verb_forms(verb)
        for w, s, e in _hits(index, forms):
            if not _verb_like(text, w, s):
                continue
            left = _content(_left(text, s, 10))
            right_text = _right(text, e, 8)
            agent_at = re.search(r"(?<![\w-])by\s", right_text)
            # "was rammed by", or a participle with its agent: "fisherman saved … by"
            passive = _PASSIVE.search(text[max(0, s - 20) : s]) or (
                agent_at and (w.endswith("ed") or w in _PAST)
            )
            if passive and not agent_at:
                continue  # no agent named: nothing to compare
            right = _content(right_text[agent_at.end() :] if passive else right_text)
            if passive:
                reversed_ = agent in left and patient in right and patient not in left
            else:
                reversed_ = patient in left and agent in right and agent not in left
            if reversed_:
                h_start = said[:vs].lower().rfind(subj[-1][0])
                cue_end = min(len(text), e + len(right_text))
                story = text[s - len(_left(text, s, 10)) : cue_end].strip()
                return Found("roles", said[h_start : obj[1]], story)
    return None


_NAME = re.compile(r"(?:[A-Z][\w'’-]+\s+){0,2}[A-Z][\w'’-]+")


def _actor(said: str, text: str, index: dict) -> Found | None:
    """The headline's subject is a name (two capitalised words); the sentence gives the
    same verb to another name, with the headline's name not among the words before it."""
    for verb, vs, ve in _head_verb(said):
        name = said[:vs].strip()
        name = name[name.rfind(":") + 1 :].strip()
        if not re.fullmatch(r"[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){1,2}", name):
            continue
        if (
            said[ve:].strip()[:1].isupper()
            and sum(c.isupper() for c in said) > len(said.split()) - 2
        ):
            continue  # Title Case: names cannot be told from words
        name_stems = {stem(w.lower()) for w in name.split()}
        forms = _verb_forms(verb)
        for w, s, e in _hits(index, forms):
            if _PASSIVE.search(text[max(0, s - 20) : s]):
                # "was negotiated by deputy minister Sofia Lemos"
                by = re.match(
                    r"\s+by\s+(?:(?:[a-z][\w'’-]*\s+){0,3})(" + _NAME.pattern + ")",
                    text[e : e + _REACH],
                )
                if by and len(by.group(1).split()) >= 2:
                    who_stems = {stem(x.lower()) for x in by.group(1).split()}
                    if not who_stems & name_stems:
                        return Found("actor", f"{name} {verb}", text[s : e + by.end()])
                continue
            if not _verb_like(text, w, s):
                continue
            left = _left(text, s, 5)
            other = list(_NAME.finditer(left))
            if not other:
                continue
            who = other[-1].group()
            if left[other[-1].end() :].strip():
                continue  # the name must stand right before the verb
            who_stems = {stem(x.lower()) for x in who.split()}
            if who_stems & name_stems or len(who.split()) < 2:
                continue
            if name_stems & _content(_left(text, s, 12)):
                continue
            return Found("actor", f"{name} {verb}", f"{who} {w}")
    return None


def _future(said: str, text: str, index: dict) -> Found | None:
    """The headline's verb as done ("inspectors check"); the sentence's as to come
    ("will check")."""
    for verb, vs, ve in _head_verb(said):
        if re.search(r"(?:to|will)\s+$", said[:vs], re.I) or not said[ve:].strip(" .!"):
            continue  # "Tram fares rise": a headline ending in its verb announces a change
        forms = _verb_forms(verb)
        done_here = False
        future = None
        for w, s, _e in _hits(index, forms):
            before = text[max(0, s - 30) : s]
            fut = _FUTURE.search(before)
            if fut and not w.endswith(("ed", "ing")) and w not in _PAST:
                if "not" not in fut.group().lower() and _WHEN_NEXT.search(_right(text, s, 14)):
                    future = future or text[s - (len(before) - fut.start()) : s + len(w)]
            elif _verb_like(text, w, s):
                done_here = True
        if future and not done_here:
            return Found("future", verb, future.strip())
    return None


def _scope(said: str, text: str) -> Found | None:
    """ "all four suspects" over "two of the four men"; "all flights" over "40 of its 120
    flights"."""
    h = re.search(r"(?<![\w-])all\s+(?:(\w+)\s+)?([^\W\d_]+)", said, re.I)
    if not h:
        return None
    if h.group(1) and h.group(1).lower() in ("of", "the", "its", "their"):
        # "all of the city's electric buses" against "only half of the city's … buses"
        nouns = {stem(w) for w, _, _ in _words(said[h.end() - len(h.group(2)) :])[:4]}
        nouns -= {stem(w) for w in STOPWORDS}
        for p_ in re.finditer(rf"(?<![\w-])(?:only\s+)?({_PART})\s+of\s+", text, re.I):
            after = {stem(w) for w, _, _ in _words(text[p_.end() : p_.end() + _REACH])[:6]}
            if p_.group(1).lower() != "all" and nouns & after:
                return Found("scope", h.group(), text[p_.start() : p_.end()].strip())
        return None
    count = _NUMBER_WORDS.get((h.group(1) or "").lower(), (h.group(1) or "").lower())
    if count and not count.isdigit():
        count, word = "", h.group(1)
    else:
        word = h.group(2)
    noun = stem(word.lower())
    pattern = rf"(?<![\w-])({_PART})\s+of\s+(?:the\s+|its\s+|their\s+)?(?:(\w+)\s+)?(\w+)"
    if not count:
        # "Schools in three of the country's districts", "only some schools"
        for p_ in re.finditer(
            rf"(?<![\w-])([^\W\d_]+)\s+in\s+(?:only\s+)?(?:{_PART})\s+of|"
            rf"(?:only\s+)?(?:some|a\s+few|several)\s+(?:of\s+(?:the\s+)?)?([^\W\d_]+)",
            text,
            re.I,
        ):
            if stem((p_.group(1) or p_.group(2)).lower()) == noun:
                return Found("scope", f"all {word}", p_.group())
    for s in re.finditer(pattern, text, re.I):
        part = _NUMBER_WORDS.get(s.group(1).lower(), s.group(1).lower())
        total = _NUMBER_WORDS.get((s.group(2) or "").lower(), (s.group(2) or "").lower())
        if count:
            if total == count and part != count or s.group(3).lower() == count != part:
                return Found("scope", h.group(), s.group())
        elif stem(s.group(3).lower()) == noun or stem((s.group(2) or "").lower()) == noun:
            return Found("scope", f"all {word}", s.group())
    return None


_PER_CENT = re.compile(r"\s*(?:per\s*cent|percent|pc|%)", re.I)
_VALUE = re.compile(
    r"(?<![\w.])(to|from)\s+(\d[\d,]*(?:\.\d+)?)(\s*(?:per\s*cent|percent|%))?", re.I
)


def _number_from(said: str, text: str) -> Found | None:
    """The headline's value reached is the sentence's starting value, or the reverse."""
    heads = {(m.group(1).lower(), m.group(2), bool(m.group(3))) for m in _VALUE.finditer(said)}
    if not heads:
        return None
    for m in _VALUE.finditer(text):
        key = ("from" if m.group(1).lower() == "to" else "to", m.group(2), bool(m.group(3)))
        if key in heads and not any(
            (m.group(1).lower(), m.group(2), bool(m.group(3))) == k for k in heads
        ):
            head = next(
                h.group()[len(h.group(1)) :].strip()
                for h in _VALUE.finditer(said)
                if (h.group(1).lower(), h.group(2), bool(h.group(3))) == key
            )
            return Found("number_from", head, m.group())
    return None


_H_WHOLE = _rx(r"complete[sd]?|finish(?:es|ed)?|ends|ended|wraps\s+up|fully")
_S_PART = _rx(
    r"partly|partially|only\s+(?:the\s+)?(?:first|part|some|half|one)(?:\s+of\s+\w+)?|"
    r"(?:first|second)\s+(?:of\s+(?:two|three|four|five|\d+)|phase|stage)|half\s+of|"
    r"part\s+of\s+the\s+work|not\s+(?:yet\s+)?(?:complete|finished)|unfinished|incomplete"
)


def _partial(said: str, text: str, topic: set[str]) -> Found | None:
    """ "Builders complete hospital" over "finished only the first of three wings"."""
    h = _H_WHOLE.search(said)
    if (
        not h
        or _S_PART.search(said)
        or re.search(r"(?i)\b(?:first|part|half|phase|stage|some)\b", said)
    ):
        return None  # the headline says itself that only part is done
    for s in _S_PART.finditer(text):
        near = _content(_left(text, s.start(), 6)) | _content(_right(text, s.end(), 8))
        if near & topic:
            return Found("scope", h.group(), s.group())
    return None


_DENIAL = _rx(
    r"denied|denies|deny|denying|dismissed\s+(?:reports|claims|suggestions)|rejected\s+claims"
)


def _denied(said: str, text: str) -> Found | None:
    """The headline states an act; the sentence has its subject deny it: "Federation bans
    fans" over "the federation denied that it had banned fans"."""
    if _DENIAL.search(said) or re.search(r"(?i)\b(?:not|no|never)\b|n['’]t\b", said):
        return None  # the headline reports the denial itself
    for verb, vs, _ve in _head_verb(said):
        forms = _verb_forms(verb)
        subject = _subject(said, vs)
        for d in _DENIAL.finditer(text):
            if _PASSIVE.search(text[max(0, d.start() - 20) : d.start()]):
                continue  # "were denied": someone was refused
            if not subject & _content(_left(text, d.start(), 8)):
                continue
            clause = _right(text, d.end(), 10)
            hit = next((w for w, _s, _e in _words(clause) if w in forms), None)
            if hit:
                end = clause.lower().find(hit) + len(hit)
                return Found("denied", verb, text[d.start() : d.end()] + clause[:end])
    return None


_CLAUSES = re.compile(r"\s+as\s+|,\s+|;\s+|:\s+|\s+-\s+|\s+after\s+", re.I)
_H_BIG = _rx(
    r"collaps(?:es|ed|e)|plung(?:es|ed|e)|plummet(?:s|ed)?|soar(?:s|ed)?|slump(?:s|ed)?|"
    r"crash(?:es|ed)?|skyrocket(?:s|ed)?|halv(?:es|ed)|doubl(?:es|ed)|tripl(?:es|ed)|"
    r"wiped\s+out|worst\s+(?:\w+\s+)?on\s+record|record\s+(?:high|low|fall|drop|rise)"
)
_S_SMALL = _rx(
    r"slightly|marginally|modestly|a\s+little|edg(?:ed|es)\s+(?:up|down|higher|lower)|"
    r"trim(?:s|med)"
)
# A change given as a share: "rose 12 per cent", "by about 1 per cent".
_S_CHANGE = _rx(
    r"(?:by|rose|fell|slipped|dropped|declined|grew|eased|dipped|rising|falling|up|down|"
    r"increased|decreased|gained|lost|climbed)\s+(?:about\s+|around\s+|just\s+|only\s+|"
    r"some\s+|almost\s+|nearly\s+)?(\d+(?:\.\d+)?)\s*(?:per\s*cent|percent|%)"
)
# What the headline's word implies, in per cent; a dramatic word without a number, 10.
_IMPLIED = {"doubl": 100.0, "tripl": 200.0, "halv": 50.0}


def _magnitude(said: str, text: str) -> Found | None:
    """A dramatic change in the headline ("collapses", "triples"), a much smaller one in
    the sentence, said of the same subject ("trimmed", "rose 12 per cent")."""
    h = _H_BIG.search(said)
    if not h:
        return None
    implied = next((v for k, v in _IMPLIED.items() if h.group().lower().startswith(k)), 10.0)
    subject = _subject(said, h.start()) | _content(said[h.end() :])
    small = [(m, None) for m in _S_SMALL.finditer(text)]
    small += [(m, float(m.group(1))) for m in _S_CHANGE.finditer(text)]
    for m, value in sorted(small, key=lambda x: x[0].start()):
        if value is not None and value > implied / 2:
            continue
        near = _content(_left(text, m.start(), 10)) | _content(_right(text, m.end(), 8))
        if subject & near:
            return Found("magnitude", h.group(), m.group())
    return None


# Words that put the act after them in a plan, a hope or a proposal, or say it has not
# happened: "plans to close" (a bare verb after "to"), "proposed merging" (an -ing form),
# "has not yet awarded" (a past form).
_PLAN_TO = re.compile(
    r"(?<![\w-])(?:proposal|plans?|planning|wants?|hopes?|aims?|intends?|threatened|"
    r"threatens|seeks?|seeking|offered|(?:is|are|was|were)\s+(?:expected|due|likely)|yet)\s+"
    r"to\s+(?:be\s+)?$",
    re.I,
)
_PLAN_ING = re.compile(r"(?<![\w-])(?:proposed|proposes|proposing|considering|considers)\s+$", re.I)
_NOT_YET = re.compile(r"(?<![\w-])(?:(?:has|have|had)\s+not\s+(?:yet\s+)?|not\s+yet\s+)$", re.I)
_NOT_VERBS = {"never", "also", "still", "just", "now", "even", "only", "again", "back"}


def _planned(said: str, text: str, index: dict) -> Found | None:
    """The headline's own verb stated flat ("hospitals merge"); in the sentence it is only
    proposed, planned, hoped for or not yet done ("proposed merging")."""
    for verb, vs, _ve in _head_verb(said):
        if verb in _NOT_VERBS or re.search(r"(?:to|will)\s+$", said[:vs], re.I):
            continue
        forms = _verb_forms(verb)
        plan = None
        for w, s, _e in _hits(index, forms):
            before = text[max(0, s - 40) : s]
            if w.endswith("ing"):
                found = _PLAN_ING.search(before)
            elif w.endswith("ed") or w in _PAST:
                found = _NOT_YET.search(before)
            else:
                found = _PLAN_TO.search(before)
            if found:
                plan = plan or text[s - (len(before) - found.start()) : s + len(w)]
            elif _verb_like(text, w, s):
                plan = None
                break  # the sentence also says it was done
        if plan:
            return Found("planned", verb, plan.strip())
    return None
