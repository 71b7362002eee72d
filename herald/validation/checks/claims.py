"""The headline's claim against the story sentences that match it best.

A headline can name only things the story mentions and still say the opposite of it:
"IBM confirms it will cut a quarter of its staff" over a story in which IBM "has yet to
comment", "Tesla rules out Nevada" over "Tesla has decided it will build in Nevada". This
module reads the headline's claim (what it asserts and how: done, confirmed, denied, a
death, a number) and compares it with the body sentences that share most of its topic
words, cue against cue. Each contradiction names both cues and the sentence, so the
editor sees why in words; nothing here is learnt.

The kinds, in the order they are tried on each sentence:
- ``alive``: a death in the headline; the sentence says the person is alive or survived.
- ``unconfirmed``: the headline says confirmed, admitted or proved; the sentence says not
  confirmed, no comment, denied or undermined.
- ``reversed``: the headline denies, rules out, rejects or retracts; the sentence says the
  same actor admitted, decided, confirmed or stands by it.
- ``negated``: a headline stated flat; the sentence negates the headline's own words ("no
  indication they pose any threat", "won't shutter").
- ``refused``: the headline says agreed, committed or backed; the sentence says refused,
  abstained or declined.
- ``not_done``: the headline reports an act as done or certain; the sentence says it is
  proposed, planned, delayed, rumoured or only possible.
- ``other_act``: the headline says someone resigned or quit; the story says they were
  fired or removed.
- ``number``: the headline's number is the one the sentence sets aside ("32GB instead of
  16GB").

When none of these fires, ``outcomes.comparisons`` reads the headline's content against the
same sentences: opposite outcomes, roles, another actor, done against still to come, all
against part, the size of a change (see that module).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

from herald.validation.checks.outcomes import comparisons
from herald.validation.features import STOPWORDS, content_stems, stem, tokens
from herald.validation.text import Span, sentences

# How many of the best-matching body sentences are read, and how many headline topic
# words a sentence must share to be about the same thing.
TOP_SENTENCES = 3
MIN_SHARED = 2
# How far around a cue its words are read, in characters: a few words each side, so the
# work stays linear in the story however long a sentence runs.
_REACH = 160


@dataclass(frozen=True)
class KindWords:
    """How a finding of one kind says it: what the headline does (the message) and what
    the story says instead (the reason)."""

    headline: str
    story: str


# Every contradiction kind, here and in ``outcomes``, with its two phrasings: the one table
# the finding's message and its reason read, so a kind cannot have one and lack the other.
KINDS: dict[str, KindWords] = {
    "alive": KindWords(
        "reports a death the body contradicts",
        "the story says the person is alive or survived",
    ),
    "unconfirmed": KindWords(
        "says confirmed what the body says is not confirmed or is denied",
        "the story says it is not confirmed, or denied",
    ),
    "reversed": KindWords(
        "says the opposite of what the body reports",
        "the story says it was admitted, decided or stood by",
    ),
    "negated": KindWords(
        "asserts what the body denies",
        "the story negates it",
    ),
    "refused": KindWords(
        "says agreed what the body says was refused",
        "the story says it was refused or not committed to",
    ),
    "not_done": KindWords(
        "reports as done what the body says is proposed, planned, delayed or only possible",
        "the story says it is only proposed, planned, delayed or possible",
    ),
    "number": KindWords(
        "gives the number the body sets aside",
        "the story gives that number as the one set aside",
    ),
    "other_act": KindWords(
        "says they left; the body says they were removed",
        "the story says they were removed",
    ),
    "outcome": KindWords(
        "says the opposite of what the body reports happened",
        "the story says the opposite happened",
    ),
    "roles": KindWords(
        "has the roles the other way round from the body",
        "the story has the roles the other way round",
    ),
    "actor": KindWords(
        "names someone else than the body as the one who did it",
        "the story says someone else did it",
    ),
    "future": KindWords(
        "reports as done what the body says is still to happen",
        "the story says it is still to happen",
    ),
    "scope": KindWords(
        "says all where the body says only part",
        "the story says only part of it happened",
    ),
    "number_from": KindWords(
        "gives as the new figure the one the body says it started from",
        "the story gives that number as where it started",
    ),
    "denied": KindWords(
        "reports as done what the body says was denied",
        "the story says it was denied",
    ),
    "planned": KindWords(
        "reports as done what the body says is only proposed, planned or not yet done",
        "the story says it is only proposed, planned, hoped for or not yet done",
    ),
    "magnitude": KindWords(
        "makes a large change of what the body says is a small one",
        "the story gives a small change",
    ),
}


@dataclass(frozen=True)
class Contradiction:
    kind: str  # a key of KINDS
    headline_cue: str  # the headline's words that make the claim ("confirms")
    story_cue: str  # the sentence's words that contradict it ("would not confirm or deny")
    sentence: Span  # the body sentence, offsets into the body

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"contradiction kind {self.kind!r} has no words in KINDS")

    @property
    def words(self) -> KindWords:
        return KINDS[self.kind]

    def explanation(self) -> str:
        return (
            f"the headline says “{self.headline_cue}”; {self.words.story} "
            f"(“{self.story_cue}”) in “{self.sentence.text}”"
        )


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w-])(?:{pattern})(?![\w-])", re.I)


_NEG = r"(?:not|never|n't|no)"
# --- what the headline asserts ---------------------------------------------------------
_H_DEATH = _rx(
    r"dies|died|dead|killed|kills|beheaded|beheads|executed|murdered|slain|drowned|"
    r"found\s+dead|death\s+of"
)
_H_CONFIRM = _rx(
    r"(?:is|are|was|were)\s+(?:real|genuine|authentic)|confirms?|confirmed|admits?|admitted|acknowledges?|acknowledged|proves?|proved|"
    r"proven|verifies|verified|concedes?|conceded"
)
_H_DENY = _rx(
    r"denies|denied|deny|rules?\s+out|ruled\s+out|rejects?|rejected|retracts?|retracted|"
    r"refuses?|refused|scraps?|scrapped|ignores?|ignored|dismisses|dismissed|drops|dropped|"
    r"won['’]t|will\s+not|cannot|can['’]t|finds\s+no|no\s+evidence|(?:do|does|did|is|are|"
    r"was|were|has|have)\s+not|(?:don|doesn|didn|isn|aren|wasn|hasn|haven)['’]t"
)
_H_AGREE = _rx(
    r"agrees?|agreed|accepts?|accepted|commits?|committed|backs|backing|backed|joins|joined|"
    r"signs|signed|endorses|endorsed|supports|approves?|approved"
)
_H_DONE = _rx(
    r"approves?|approved|passes|passed|bans|banned|resigns|resigned|quits|scraps|scrapped|"
    r"cancels|cancelled|canceled|signs|signed|agrees|agreed|confirms|confirmed|orders|"
    r"ordered|fires|fired|closes|closed|shuts|shut|buys|bought|acquires|acquired|launches|"
    r"launched|adopts|adopted|dies|died|is\s+dead|killed|publishes|published|files|filed|"
    r"links|linked|imposes|imposed|introduces|introduced|approve|sign|completes|completed|"
    r"opens|opened|reopens|reopened|limits|caps|raises|hikes|lifts|lifted|begins|began|"
    r"starts|started|"
    r"ends|ended|ending|lays\s+off|laid\s+off|to\s+(?:buy|send|shut|close|cut|ban|scrap|cancel|sell|quit|leave|build|"
    r"launch|axe|end)|will\s+(?:buy|send|shut|close|cut|ban|scrap|cancel|sell|quit|leave|"
    r"build|launch|axe|end)"
)
# A headline that hedges or attributes the claim claims less: "may", "reportedly", "?".
_H_HEDGED = _rx(
    r"may|might|could|reportedly|reported|reports?|report\s+says|rumou?rs?|rumou?red|"
    r"allegedly|claims?|claimed|plans?|planning|considers?|considering|set\s+to|expected|"
    r"possible|possibly|hoax|fake|not|no|denies|denied|deny|says|said|sources?|suggests?|"
    r"trying|tries|try|seeks?|wants?|aims?|hopes?|offers?|bids?|nears?|nearing|close\s+to|"
    r"in\s+talks|proposes|proposed|proposal|weighs|weighing|mulls|tentative|vote|pending"
)
# A headline that is itself unsure of the claim does not assert it; a story that denies
# it agrees with it ("allegedly", "may", "(Report)").
_H_UNSURE = _rx(
    r"allegedly|reportedly|may|might|could|rumou?rs?|rumou?red|claims?|claimed|report|"
    r"reports|possibly|probably|likely|apparently"
)
# A headline that says the act has not happened yet: "Navy yet to award contract".
_H_NOT_YET = _rx(r"yet\s+to|fails?\s+to|failed\s+to|still\s+(?:not|no)")
# A headline that itself calls the claim false, or denies it, is not stated flat.
_FALSE = r"hoax\w*|fake|false|myth|untrue|lies?|fabricat\w*|staged|satire"
_H_CALLS_FALSE = _rx(_FALSE)
_H_DEBUNKS = _rx(
    _FALSE + r"|rumou?rs?|exposed|debunk\w*|not|no|denies|denied|alive|survives?|survived|"
    r"cleared|acquit\w*|innocent"
)
# "to stop him turning into a werewolf" already says something will not happen.
_H_PREVENTS = _rx(r"stops?|prevents?|avoids?|to\s+save|keeps?\s+\w+\s+from|against|bars?|blocks?")
# --- what the sentence says ------------------------------------------------------------
_S_ALIVE = _rx(
    r"(?:is|was|still|very\s+much)\s+alive|alive\s+and\s+well|survived|survives|"
    r"escaped|was\s+saved|were\s+saved|rescued|recovering|pictured\s+(?:on|at|with)"
)
_S_UNCONFIRMED = _rx(
    r"(?:would|will|could|did|does|do|has|have|had|was|were|is|are|can)\s+not\s+(?:yet\s+)?"
    r"(?:be\s+|been\s+)?(?:confirm|verif|comment|admit|acknowledg)\w*|"
    r"(?:wouldn't|won't|didn't|doesn't|hasn't|haven't|couldn't|can't)\s+(?:yet\s+)?"
    r"(?:be\s+)?(?:confirm|verif|comment|admit)\w*|"
    r"neither\s+confirm\w*\s+nor\s+den\w*|not\s+confirm\w*\s+or\s+den\w*|"
    r"declin\w*\s+to\s+(?:confirm|comment)|(?:yet|failed)\s+to\s+(?:confirm|comment|respond)|"
    r"no\s+comment|unconfirmed|unverified|(?:has|have|had)\s+denied|denied|denies|"
    r"rejected\s+(?:the\s+)?(?:claims?|reports?|allegations?)|undermin\w*|"
    r"cast(?:s|ing)?\s+doubts?|making\s+up\s+lies|no\s+evidence|debunk\w*|hoax|"
    r"trashed\s+reports?|staged|fake|photoshopp\w*|doctored|push(?:es|ed|ing)?\s+back\s+against"
)
_S_AFFIRM = _rx(
    r"admits|admitted|acknowledged|confirmed|confirms|(?:has|have|had)\s+(?:finally\s+)?"
    r"decided|decided\s+(?:to|that)|stand(?:s|ing)?\s+by|stood\s+by|accepted|concur\w*|"
    r"will\s+(?:order|build|keep|enforce|go|bump|offer|continue)|(?:has|have)\s+been\s+found|"
    r"found\s+that|can\s+(?:frighten|stop|scare|cause)|fired"
)
_S_REFUSED = _rx(
    r"abstain\w*|refus\w*|declin\w*|too\s+many\s+unknowns|never\s+discussed|"
    r"not\s+(?:to\s+)?(?:commit|sign|join|back|agree|accept)\w*|walked\s+away|pulled\s+out|"
    r"(?:has|have|had)\s+denied|denied|denies|rejected|turned\s+down"
)
_S_NOT_DONE = _rx(
    r"proposals?|proposed|propose|tabled|draft|consultation|no\s+decision|"
    r"not\s+(?:yet\s+)?(?:been\s+)?(?:approved|decided|agreed|signed|confirmed|finali[sz]ed)|"
    r"delayed|postponed|deferred|shelved|rejected\s+calls|refused\s+to|refuses\s+to|"
    r"plans?\s+to|planning\s+to|considering|"
    r"(?:is|are|was|were)\s+expected\s+to|could\s+be|might|rumou?r\w*|potential|"
    r"if\s+(?:confirmed|approved|enforced|passed)|talks|negotiat\w*|"
    r"no\s+intention|no\s+plans?|(?:is|was|are|were)\s+alive|undecided|"
    r"(?:on|about|decide|deciding|decided)\s+whether|"
    r"open\s+mind|weighing|mulling|tentative|(?:will|to)\s+vote|vote\s+on|awaiting|pending|"
    r"(?:will|to)\s+resume|(?:still\s+)?reviewing|under\s+review|in\s+principle|"
    r"must\s+(?:still\s+|first\s+)?(?:approve|ratify|be\s+approved)|awaits?\s+approval|"
    r"pushed\s+back|put\s+back|put\s+off|on\s+hold|(?:examining|studying|assessing|reviewing|investigating)\s+whether|"
    r"examin\w+|assessing|"
    r"will\s+(?:rule|decide)|(?:scant|little|no)\s+evidence|unfounded|baseless|"
    r"unsubstantiated"
)
_S_INSTEAD = re.compile(
    r"(?:instead\s+of|rather\s+than|not|from)\s+(?:the\s+)?(?:a\s+)?(\d[\d,.]*)\s*([a-z%$]*)",
    re.I,
)
# What the headline's subject itself is said to have done, right after its name.
_S_UNCONFIRMED_BY_ACTOR = _rx(
    r"(?:has|have|had)\s+(?:yet|failed)\s+to\s+(?:comment|confirm|respond)|"
    r"declined\s+to\s+(?:comment|confirm)|(?:would|did|could)\s+not\s+(?:comment|confirm)|"
    r"(?:has|have|had)\s+(?:not|n['’]t)\s+(?:commented|confirmed)|(?:has|have|had)\s+denied|"
    r"denied|denies|say\s+(?:it|this|the\s+\w+)\s+is\s+(?:a\s+)?(?:hoax|fake)"
)
_S_AFFIRM_BY_ACTOR = _rx(
    r"(?:has|have|had)\s+(?:now\s+|finally\s+|since\s+)?(?:admitted|confirmed|acknowledged)|"
    r"admitted|admits|acknowledged|confirmed\s+that"
)
# Leaving of one's own accord against being removed, both ways.
_H_LEFT = _rx(r"resigns|resigned|quits|quit|steps\s+down|stepped\s+down|retires|retired")
_S_REMOVED = _rx(r"fired|sacked|dismissed|ousted|removed|forced\s+out|pushed\s+out|axed")
# Before "denied", a passive: someone was refused, nobody denied a claim.
_PASSIVE_BEFORE = re.compile(r"(?<![\w-])(?:was|were|been|being|is|are)\s+$", re.I)
_NEGATION = re.compile(
    r"(?<![\w-])(?:not|never|no|neither|nor|without|cannot|nothing|(?:won|can|didn|doesn|isn|"
    r"wasn|aren|weren|hasn|haven|wouldn|couldn|don|shouldn)['’]t)(?![\w-])",
    re.I,
)
_NUMBER = re.compile(r"(?<![\w.])(\d[\d,.]*)\s*([a-z%]*)", re.I)


def _stems(text: str) -> set[str]:
    return set(content_stems(text))


def _best_sentences(claim_stems: set[str], body: str) -> list[tuple[Span, set[str]]]:
    """The body sentences sharing most of the claim's words, IDF-weighted, best first;
    only those that share at least MIN_SHARED of them, and no questions (a story asking
    "why would Apple shut Beats?" has not said anything)."""
    sents = sentences(body)
    if not sents:
        return []
    stems = [_stems(s.text) for s in sents]
    df = Counter(s for st in stems for s in st)

    def score(st: set[str]) -> float:
        return sum(math.log((1 + len(sents)) / (1 + df[s])) + 1 for s in claim_stems & st) / (
            1 + 0.02 * len(st)
        )

    order = sorted(range(len(sents)), key=lambda i: -score(stems[i]))
    picked = []
    for i in order:
        if len(claim_stems & stems[i]) < min(MIN_SHARED, len(claim_stems)):
            break
        if sents[i].text.rstrip("”\"’' )").endswith("?"):
            continue
        picked.append((sents[i], stems[i]))
        if len(picked) == TOP_SENTENCES:
            break
    return picked


def _near_shared(text: str, cue: re.Match[str], topic: set[str], window: int = 6) -> bool:
    """Whether a topic word of the headline sits within ``window`` content words after
    the cue or two just before it: the cue is about the headline's matter, not another clause's."""
    after = [w for w in tokens(text[cue.end() : cue.end() + _REACH]) if w not in STOPWORDS]
    before = [w for w in tokens(text[max(0, cue.start() - _REACH) : cue.start()])]
    after, before = after[:window], [w for w in before if w not in STOPWORDS][-2:]
    return any(stem(w) in topic for w in after + before)


# Negations that do not deny the claim: "not only", "no longer", "not everyone wakes up",
# "it is not known how", "no word yet", "nothing more than a hoax".
_NOT_A_DENIAL = re.compile(
    r"\s*(?:only|just|least|longer|doubt|surprisingly|unlike|everyone|everybody|all|every|"
    r"known|clear|immediately|yet\s+known|yet\s+clear|more\s+than|less\s+than|word|"
    r"thought|sure|certain|exactly)\b",
    re.I,
)
# A clause ends at punctuation: the negation's reach.
_CLAUSE_END = re.compile(r"[,;:!?()“”\"—–]|\s-\s|\.\s|\.$|\s(?:but|although|though|while)\s", re.I)


def _negates_claim(text: str, topic: set[str], said: str) -> _Cue | None:
    """A negation whose clause holds two of the headline's topic words, written in lower
    case in the sentence (so not names): "no indication they pose any threat to the
    public", "has not become godmother of a Jewish baby"."""
    for neg in _NEGATION.finditer(text):
        following = text[neg.end() : neg.end() + _REACH]
        quoted = neg.start() > 0 and text[neg.start() - 1] in "\"“‘'-"
        if _NOT_A_DENIAL.match(following) or quoted:
            continue  # also a quoted term: the "no show" fee
        next_word = re.match(r"[\s-]*([\w'’]+)", following)
        if next_word and re.search(
            rf"(?<!\w){re.escape(neg.group())}[\s-]+{re.escape(next_word.group(1))}", said, re.I
        ):
            continue  # the headline says it too: a "no-show fee"
        clause_end = _CLAUSE_END.search(following)
        clause = following[: clause_end.start() if clause_end else len(following)]
        clause_words = re.findall(r"[^\W\d_][\w'’-]*", clause)[:8]
        hits = {
            stem(w.lower())
            for w in clause_words
            if w[0].islower() and w.lower() not in STOPWORDS and stem(w.lower()) in topic
        }
        if len(hits) >= 2:
            last = clause_words[-1]
            end = neg.end() + clause.find(last) + len(last) if last in clause else neg.end()
            return _Cue(text, neg.start(), end)
    return None


class _Cue:
    """A match-like span for cues assembled by hand (group, start, end)."""

    def __init__(self, text: str, start: int, end: int) -> None:
        self.string, self._start, self._end = text, start, end

    def group(self) -> str:
        return self.string[self._start : self._end]

    def start(self) -> int:
        return self._start

    def end(self) -> int:
        return self._end


def _cue_in(pattern: re.Pattern[str], text: str, topic: set[str], said: str = ""):
    said_stems = {stem(w) for w in tokens(said)}
    for match in pattern.finditer(text):
        cue_stems = {stem(w) for w in tokens(match.group())}
        if cue_stems and cue_stems <= said_stems:
            continue  # the headline says it too: "46 cancelled, over 200 delayed"
        if match.group().lower().startswith("denied") and _PASSIVE_BEFORE.search(
            text[max(0, match.start() - 12) : match.start()]
        ):
            continue  # "asked for the honour and were denied": someone else refused
        if _near_shared(text, match, topic):
            return match
    return None


def _same_actor_same_act(pattern: re.Pattern[str], text: str, said: str, h_cue):
    """For a denial reversed: the sentence's affirming cue comes after the headline's
    subject ("Tesla has finally decided …") and before its object ("… in Nevada"), so
    another party standing by its story, or another act accepted, does not count."""
    subject = _stems(said[: h_cue.start()])
    obj = _stems(said[h_cue.end() :])
    for match in pattern.finditer(text):
        before = _stems(text[max(0, match.start() - 4 * _REACH) : match.start()])
        following = tokens(text[match.end() : match.end() + _REACH])
        after = {stem(w) for w in following[:12] if w not in STOPWORDS}
        if subject & before and obj & after:
            return match
    return None


def contradictions(claim: str, body: str) -> list[Contradiction]:
    """Every way the best-matching body sentences contradict the headline's claim, most
    direct first; empty when they agree or the cues are not there."""
    said = _unquoted(claim)  # the headline's own words, for its cues
    h_death = _H_DEATH.search(said)
    h_confirm = _H_CONFIRM.search(said)
    h_deny = _H_DENY.search(said)
    h_agree = _H_AGREE.search(said)
    h_done = _H_DONE.search(said)
    hedged = _H_HEDGED.search(claim) or claim.rstrip().endswith("?")
    cue_words: set[str] = set()
    for m in (h_death, h_confirm, h_deny, h_agree, h_done):
        if m:
            cue_words |= _stems(m.group())
    claim_stems = _stems(claim)
    topic = claim_stems - cue_words
    if len(topic) < 2:
        return []
    found: list[Contradiction] = []
    best = _best_sentences(claim_stems, body)
    for sent, stems in best:
        text = sent.text
        if len(topic & stems) < MIN_SHARED:
            continue
        checks = []
        if h_death and not _H_DEBUNKS.search(claim):
            checks.append(("alive", h_death, _S_ALIVE))
        # "refuses to confirm" is a refusal, not a confirmation.
        if (
            h_confirm
            and not _H_CALLS_FALSE.search(claim)
            and not (h_deny and h_deny.start() < h_confirm.start())
        ):
            checks.append(("unconfirmed", h_confirm, _S_UNCONFIRMED))
        if h_deny and not _NEGATION.search(text):
            checks.append(("reversed", h_deny, _S_AFFIRM))
        if h_agree and not h_deny:
            checks.append(("refused", h_agree, _S_REFUSED))
        if h_done and not hedged:
            checks.append(("not_done", h_done, _S_NOT_DONE))
        for kind, h_cue, pattern in checks:
            if kind == "reversed":
                s_cue = _same_actor_same_act(pattern, text, said, h_cue)
            else:
                s_cue = _cue_in(pattern, text, topic, said)
            if s_cue:
                found.append(Contradiction(kind, h_cue.group(), s_cue.group(), sent))
                break
        else:
            if not (
                _NEGATION.search(claim)
                or _H_NOT_YET.search(claim)
                or h_deny
                or _H_DEBUNKS.search(claim)
                or _H_UNSURE.search(claim)
            ):
                prevents = _H_PREVENTS.search(said)
                # What the headline says is prevented may be negated in the story too.
                negatable = topic - _stems(said[prevents.end() :]) if prevents else topic
                neg = _negates_claim(text, negatable, said)
                if neg:
                    negated = _stems(neg.group())
                    echoed = [
                        w.strip(".,;:!?\"“”‘’'") for w in claim.split() if _stems(w) & negated
                    ]
                    found.append(Contradiction("negated", " … ".join(echoed), neg.group(), sent))
                    continue
            number = _set_aside_number(claim, text)
            if number:
                found.append(Contradiction("number", number[0], number[1], sent))
    if not found and not _H_UNSURE.search(re.sub(r"(?<=\S\s)May(?![\w-])", "   ", claim)):
        found += [
            Contradiction(f.kind, f.headline_cue, f.story_cue, sent)
            for f, sent in comparisons(said, topic, best)
        ]
    if not found:
        found += _the_actor_says_otherwise(claim, body, h_confirm, h_deny)
    return found


def _the_actor_says_otherwise(claim, body, h_confirm, h_deny) -> list[Contradiction]:
    """ "IBM confirms …" over "IBM has yet to comment"; "North Korea denies …" over "North
    Korea has admitted …": the story says what the headline's subject did, in a sentence
    that need not repeat the rest of the claim. The subject is the headline's words before
    its verb; the story's cue must sit next to it."""
    h_left = _H_LEFT.search(claim)
    for kind, h_cue, pattern in (
        ("unconfirmed", h_confirm, _S_UNCONFIRMED_BY_ACTOR),
        ("reversed", h_deny, _S_AFFIRM_BY_ACTOR),
        ("other_act", h_left, _S_REMOVED),
    ):
        if not h_cue:
            continue
        subject = {s for s in _stems(claim[: h_cue.start()]) if not s.isdigit()}
        if not subject:
            continue
        for sent in sentences(body):
            text = sent.text
            if text.rstrip("”\"’' )").endswith("?"):
                continue
            for match in pattern.finditer(text):
                near = tokens(text[max(0, match.start() - _REACH) : match.start()])[-4:]
                if kind == "other_act":  # "Trump fired FBI director James Comey"
                    near += tokens(text[match.end() : match.end() + _REACH])[:5]
                if {stem(w) for w in near} & subject:
                    return [Contradiction(kind, h_cue.group(), match.group(), sent)]
    return []


_HEADLINE_QUOTE = re.compile(r"(?<!\w)[“\"‘'][^“”\"]{3,}?[”\"’'](?!\w)")


def _unquoted(claim: str) -> str:
    """The headline with its quotations blanked, offsets kept: "McDonough: 'We didn't
    threaten anybody'" quotes a denial; it does not make one."""
    return _HEADLINE_QUOTE.sub(lambda m: " " * len(m.group()), claim)


def _set_aside_number(claim: str, text: str) -> tuple[str, str] | None:
    """The headline's number is the one the sentence sets aside: "32GB instead of 16GB"."""
    claim_numbers = {(n.replace(",", ""), u.lower()) for n, u in _NUMBER.findall(claim)}
    if not claim_numbers:
        return None
    for match in _S_INSTEAD.finditer(text):
        value = (match.group(1).rstrip(".,").replace(",", ""), match.group(2).lower())
        if value in claim_numbers and match.group(2):
            head = next(
                f"{n}{u}"
                for n, u in _NUMBER.findall(claim)
                if (n.replace(",", ""), u.lower()) == value
            )
            return head, match.group()
    return None
