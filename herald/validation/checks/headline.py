"""headline_unsupported: a headline or standfirst claim no body sentence supports."""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter

from herald.validation.checks.base import finding
from herald.validation.checks.claims import contradictions
from herald.validation.features import STOPWORDS, stem, tokens
from herald.validation.text import Span, paragraphs, sentences, words
from herald.validation.types import WARNING, Finding, Story

CHECK = "headline_unsupported"

# Headline verbs that claim more than most bodies say, and the body stems that back them.
_YIELD = (
    "bow",
    "yield",
    "conced",
    "capitul",
    "cave",
    "relent",
    "back down",
    "gave in",
    "give in",
    "surrend",
    "retreat",
    "u-turn",
    "climb down",
    "climbdown",
)
_ATTACK = (
    "slam",
    "condemn",
    "denounc",
    "lambast",
    "blast",
    "excori",
    "castig",
    "savag",
    "rip",
    "attack",
)
_DEFEAT = (
    "crush",
    "humili",
    "destroy",
    "annihil",
    "obliter",
    "rout",
    "trounc",
    "thrash",
    "demolish",
    "evisc",
)
EXAGGERATIONS: dict[str, tuple[str, ...]] = {
    "bows to": _YIELD,
    "bow to": _YIELD,
    "bowed to": _YIELD,
    "caves": _YIELD,
    "caved": _YIELD,
    "cave in": _YIELD,
    "caves in": _YIELD,
    "capitulates": _YIELD,
    "surrenders": _YIELD,
    "backs down": _YIELD,
    "climbs down": _YIELD,
    "u-turn": _YIELD,
    "admits defeat": _YIELD + ("defeat",),
    "slams": _ATTACK,
    "slammed": _ATTACK,
    "blasts": _ATTACK,
    "blasted": _ATTACK,
    "rips": _ATTACK,
    "lashes out": _ATTACK,
    "savages": _ATTACK,
    "hits out": _ATTACK,
    "destroys": _DEFEAT,
    "crushes": _DEFEAT,
    "humiliates": _DEFEAT,
    "eviscerates": _DEFEAT,
    "annihilates": _DEFEAT,
    "obliterates": _DEFEAT,
    "routs": _DEFEAT,
    "begs": ("beg", "plead", "implor"),
    "pleads": ("plead", "beg", "implor", "appeal"),
    "snubs": ("snub", "declin", "refus", "ignor", "shun"),
    "defies": ("defi", "defy", "refus", "reject", "ignor"),
    "fury": ("fury", "furious", "anger", "angry", "outrag", "rage"),
    "outrage": ("outrag", "fury", "furious", "anger", "angry"),
    "chaos": ("chaos", "chaotic"),
    "meltdown": ("meltdown", "collaps"),
    "panic": ("panic",),
    "bombshell": ("bombshell",),
    "storms out": ("storm", "walk out", "walked out", "left abrupt"),
    "war on": ("war",),
    "vows revenge": ("reveng", "retali"),
}
_EXAGGERATION_RE = re.compile(
    r"(?<![\w-])(?:"
    + "|".join(re.escape(k) for k in sorted(EXAGGERATIONS, key=len, reverse=True))
    + r")(?![\w-])",
    re.I,
)
_CAUSAL_RE = re.compile(
    r"(?<![\w-])(?:because\s+of|due\s+to|over|after|forces?|forced|prompts?|prompted|"
    r"sparks?|sparked|triggers?|triggered|leads?\s+to|led\s+to|causes?|caused|amid)(?![\w-])",
    re.I,
)
_BODY_CAUSAL = re.compile(
    r"(?<![\w-])(?:because|due\s+to|over|after|following|forc\w*|prompt\w*|spark\w*|"
    r"trigger\w*|led\s+to|leads?\s+to|caus\w*|result\w*|response|amid|since|as\s+a|"
    r"reason|blam\w*)(?![\w-])",
    re.I,
)
# Names copy uses interchangeably, as stems. Each group backs its members both ways
# ("U.S." for "American", "ISIS" for "Islamic State"), plus the one-way entries below.
_SAME_THING = (
    {"us", "america", "american", "washington"},
    {"uk", "britain", "british", "england", "english"},
    {"isis", "isil", "daesh", "islamic"},
    {"tv", "television"},
    # a labour dispute's usual words: "strike over pay" over "walked out … higher wages"
    {"pay", "paid", "wag", "wage", "salari", "earn"},
    {"strik", "walkout", "walk", "stoppag"},
)
_EQUIVALENT = {
    "us": {"united"},
    "uk": {"united", "london"},
    "eu": {"eu", "european", "brussel", "commission"},
    "un": {"un", "united", "nation"},
    "pm": {"pm", "prim", "premier"},
    "nato": {"nato", "allianc"},
    "brussel": {"eu", "european", "commission", "brussel"},
    "washington": {"white"},
    "moscow": {"russia", "russian", "kremlin", "moscow"},
    "kremlin": {"russia", "russian", "moscow", "kremlin"},
    "beij": {"china", "chines", "beij"},
    "london": {"uk", "britain", "british", "london"},
}
for _group in _SAME_THING:
    for _member in _group:
        _EQUIVALENT[_member] = _EQUIVALENT.get(_member, set()) | _group
_DEMONYMS = {
    "spanish": "spain",
    "french": "franc",
    "british": "britain",
    "dutch": "netherland",
    "german": "germany",
    "chines": "china",
    "greek": "greec",
    "polish": "poland",
    "swedish": "sweden",
    "danish": "denmark",
    "finnish": "finland",
    "turkish": "turkey",
    "swis": "switzerland",
    "irish": "ireland",
    "welsh": "wal",
    "scottish": "scotland",
    "norwegian": "norway",
    "filipino": "philippin",
    "thai": "thailand",
    "peruvian": "peru",
}
_MAGNITUDES = frozenset({"million", "billion", "trillion", "percent", "per", "cent", "%"})
# All-caps labels that headlines wear ("WATCH:", "BREAKING") are not names.
_LABELS = frozenset(
    """watch video breaking update updated exclusive live photos photo pics report opinion
    analysis explainer revealed confirmed new just in urgent listen read news less more
    not never only all very this now must really huge big""".split()
)
_NUMBER_WORDS = {
    w: float(i)
    for i, w in enumerate(
        """zero one two three four five six seven eight nine ten eleven twelve thirteen
        fourteen fifteen sixteen seventeen eighteen nineteen twenty""".split()
    )
} | {
    "dozen": 12.0,
    "hundred": 100.0,
    "thousand": 1000.0,
    "half": 0.5,
    "thirty": 30.0,
    "forty": 40.0,
    "fifty": 50.0,
    "hundreds": 100.0,
    "thousands": 1000.0,
}
# Inside compounds too: "five-year-old", "twenty-five".
_NUMBER_WORD_RE = re.compile(r"(?<!\w)(?:" + "|".join(_NUMBER_WORDS) + r")(?!\w)", re.I)
# "5 Fast Facts", "10 things": a listicle count, not a claim about the story.
_LISTICLE = re.compile(
    r"^\s+(?:\w+\s+){0,2}(?:things|facts|reasons|ways|questions|photos|pictures|tips|signs|"
    r"times|moments|lessons|takeaways|details|charts|graphs|maps|studies|places|stories|"
    r"tweets|videos|images|quotes|words|myths)\b",
    re.I,
)
_NUMBER_COMPOUND = re.compile(r"^(\d+)-[a-z]|^(?:under|over|post|pre|top|sub)-(\d+)s?$", re.I)
_SMALL_WORDS = frozenset({"of", "the", "and", "for", "&", "de", "du", "la", "on", "in"})
_CAPITALISED_RUN = re.compile(r"(?:[A-Z][\w'’-]*(?:\s+(?:of|the|and|for))?\s+){0,5}[A-Z][\w'’-]*")
_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
# A number with its unit or ordinal suffix run on: "$1M", "2.5B", "50ft", "2nd", "6s".
_NUMBER_SUFFIXED = re.compile(
    r"(\d[\d,]*(?:\.\d+)?)(?:st|nd|rd|th|s|k|m|mn|bn|b|million|billion|ft|in|gb|tb|mb|"
    r"cm|mm|km|kg|lbs?|mph|p)",
    re.I,
)
# The stance model flags a headline only when it is confident. The disagree threshold was
# read off the real-copy dev half with out-of-fold probabilities (each body scored by a
# model that never saw it): 0.7 -> 0.6 adds contradicting headlines (55 % -> 61 %) and no
# agreeing ones (14 %); 0.6 -> 0.5 adds 8 points of contradicting against 3 of agreeing,
# below the 6:1 (60 % against 10 %). Not read off the test half or the fresh set.
STANCE_THRESHOLDS = {"unrelated": 0.7, "disagree": 0.6}


def _fold(text: str) -> str:
    """Accents set aside: "Erdoğan" and "Erdogan" are one name."""
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _stems(text: str) -> set[str]:
    return {stem(w) for w in tokens(_fold(text)) if w not in STOPWORDS}


def _supported(word_stem: str, body_stems: set[str]) -> bool:
    if word_stem in body_stems:
        return True
    if _EQUIVALENT.get(word_stem, set()) & body_stems:
        return True
    country = _DEMONYMS.get(word_stem)
    if country and country in body_stems:
        return True
    if any(form in body_stems for form in _place_forms(word_stem)):
        return True
    # "Portuguese"/"Portugal", "Ukrainian"/"Ukraine": a shared five-letter start.
    return (
        len(word_stem) >= 5
        and not word_stem.isdigit()
        and any(len(b) >= 5 and b[:5] == word_stem[:5] for b in body_stems)
    )


_DEMONYM_ENDINGS = ("ian", "an", "n", "i", "es")


def _place_forms(word_stem: str) -> set[str]:
    """The other half of a place/people pair, as stems: "iraq" gives "iraqi", "mexican"
    gives "mexico"'s "mexic" and "mexico", "syria" gives "syrian"."""
    if len(word_stem) < 4 or not word_stem.isalpha():
        return set()
    forms = {word_stem + ending for ending in _DEMONYM_ENDINGS}
    if word_stem[-1] in "aeiouy":
        forms |= {word_stem[:-1] + ending for ending in _DEMONYM_ENDINGS}
    for ending in _DEMONYM_ENDINGS:
        base = word_stem[: -len(ending)]
        if word_stem.endswith(ending) and len(base) >= 4:
            forms |= {base} | {base + vowel for vowel in "aeoy"}
    forms.discard(word_stem)
    return forms


def _overlaps(stems: set[str], wanted: set[str]) -> bool:
    return any(_supported(w, stems) for w in wanted)


def _numbers(text: str) -> list[float]:
    """Numerals and number words ("2" and "two" back each other)."""
    values = [float(n.replace(",", "")) for n in _NUMBER.findall(text)]
    return values + [_NUMBER_WORDS[w.lower()] for w in _NUMBER_WORD_RE.findall(text)]


_ORDINALS = {
    w: float(i)
    for i, w in enumerate(
        "first second third fourth fifth sixth seventh eighth ninth tenth".split(), start=1
    )
}
_ORDINAL_RE = re.compile(r"(?<![\w-])(?:" + "|".join(_ORDINALS) + r")(?![\w-])", re.I)
_DECADE = re.compile(r"(?<!\d)\d\d([1-9]0)s\b")
_HEADLINE_DECADE = re.compile(r"['’]?(?:\d\d)?(\d0)s")


def _body_numbers(body: str) -> list[float]:
    """What backs a headline's numbers: also ordinals ("third breast" for "3-boobed") and
    decades ("1990s" for "'90s")."""
    return (
        _numbers(body)
        + [_ORDINALS[w.lower()] for w in _ORDINAL_RE.findall(body)]
        + [float(d) for d in _DECADE.findall(body)]
    )


def _acronym_supported(word: str, body: str) -> bool:
    """ "U.N." for "UN", "WSJ" for "Wall Street Journal", "HP" for "Hewlett-Packard",
    "PCs" for "PC": an acronym and its spelling out."""
    letters = word.replace(".", "").replace("’", "'").split("'")[0]
    if len(letters) > 2 and letters.endswith("s") and letters[:-1].isupper():
        letters = letters[:-1]  # a plural: "PCs"
    if not (2 <= len(letters) <= 6 and letters.isalpha() and letters.isupper()):
        return False
    dotted = r"\.?".join(letters) + r"\.?"
    if re.search(rf"(?<![\w.]){dotted}(?:['’]?s)?(?![\w])", body):
        return True
    # Spelt out: consecutive capitalised words whose initials make the acronym.
    for match in _CAPITALISED_RUN.finditer(body):
        spelt = [w for w in re.split(r"[\s-]+", match.group()) if w.lower() not in _SMALL_WORDS]
        if letters in "".join(w[0] for w in spelt):
            return True
    return False


def _number_supported(value: float, body_numbers: list[float]) -> bool:
    """ "passes 40,000" is backed by "above 41,000": within a tenth counts."""
    return any(abs(value - b) <= 0.1 * max(abs(value), 1.0) for b in body_numbers)


def _title_case(text: str) -> bool:
    long_words = [w for w in text.split() if len(w) > 3 and w[0].isalpha()]
    return bool(long_words) and sum(w[0].isupper() for w in long_words) >= 0.7 * len(long_words)


def _shouting(text: str) -> bool:
    """A headline mostly in capitals: its capitals say nothing about names."""
    long_words = [w for w in text.split() if len(w) > 3 and w[0].isalpha()]
    return bool(long_words) and sum(w.isupper() for w in long_words) >= 0.6 * len(long_words)


def _closest_sentence(claim: str, body: str) -> Span | None:
    sents = sentences(body)
    if not sents:
        return None
    sent_stems = [_stems(s.text) for s in sents]
    df = Counter(s for stems in sent_stems for s in stems)
    claim_stems = _stems(claim)

    def score(stems: set[str]) -> float:
        shared = claim_stems & stems
        return sum(math.log((1 + len(sents)) / (1 + df[s])) + 1 for s in shared) / (
            1 + 0.02 * len(stems)
        )

    best = max(range(len(sents)), key=lambda i: score(sent_stems[i]))
    return sents[best]


def _unsupported_spans(
    claim: str, body: str, body_stems: set[str], lexical_only: bool = False
) -> list[tuple[int, int, str]]:
    """(start, end, reason) spans of the claim that the body does not back."""
    claim_words = words(claim)
    title = _title_case(claim) or _shouting(claim)
    body_numbers = _body_numbers(body)
    # "[Google Translate]", "[VIDEO]": a note to the reader, not a claim.
    notes = [m.span() for m in re.finditer(r"\[[^\]]*\]", claim)]
    absent = []
    for word in claim_words:
        w = word.text.lower().replace("’", "'")
        if any(a < word.start < b for a, b in notes):
            absent.append(False)
            continue
        if w in _LABELS and word.text.isupper():
            absent.append(False)
            continue
        if w in _NUMBER_WORDS:
            absent.append(not _number_supported(_NUMBER_WORDS[w], body_numbers))
            continue
        decade = _HEADLINE_DECADE.fullmatch(w)
        if decade:  # "the '90s" is backed by "the 1990s"
            absent.append(not _number_supported(float(decade.group(1)), body_numbers))
            continue
        compound = _NUMBER_COMPOUND.match(w)
        if compound:  # "3-boobed", "19-year-old", "under-16s": the number is the claim
            value = float(compound.group(1) or compound.group(2))
            absent.append(not _number_supported(value, body_numbers))
            continue
        if _NUMBER.fullmatch(w.rstrip(".")) and _LISTICLE.match(claim[word.end :]):
            absent.append(False)
            continue
        if _acronym_supported(word.text, body):
            absent.append(False)
            continue
        if _NUMBER.fullmatch(w.rstrip(".")):
            absent.append(not _number_supported(_numbers(w)[0], body_numbers))
            continue
        suffixed = _NUMBER_SUFFIXED.fullmatch(w.rstrip("."))
        if suffixed:
            value = float(suffixed.group(1).replace(",", ""))
            absent.append(not _number_supported(value, body_numbers))
            continue
        if w in STOPWORDS or len(w) < 2:
            absent.append(False)
            continue
        if re.fullmatch(r"(?:[a-z]\.)+[a-z]?\.?", w):
            w = w.replace(".", "")  # "u.s." is "us"
        parts = [stem(t) for t in tokens(_fold(w)) if t not in STOPWORDS or "." in word.text]
        absent.append(bool(parts) and not all(_supported(p, body_stems) for p in parts))
    body_lower = body.lower()
    anchors: list[tuple[int, int, str]] = []
    for match in _EXAGGERATION_RE.finditer(claim):
        support = EXAGGERATIONS[match.group().lower()]
        if not any(re.search(rf"(?<![\w-]){re.escape(s)}", body_lower) for s in support):
            anchors.append((match.start(), match.end(), "exaggeration"))

    def _part_of_named(i: int) -> bool:
        """ "Justin Bieber" over a body that says "Bieber", "Kim Jong-un" over "Kim": a
        name the body gives in part (surname only, or the family name first)."""
        if not claim_words[i].text[0].isalpha() or claim_words[i].text.isupper():
            return False  # numbers and acronyms stand alone
        run = [i]
        for step in (-1, 1):
            j = i
            while 0 <= j + step < len(claim_words):
                a, b = sorted((claim_words[j], claim_words[j + step]), key=lambda x: x.start)
                nxt = claim_words[j + step].text
                if claim[a.end : b.start] != " " or not nxt[0].isupper() or nxt.isupper():
                    break
                j += step
                run.append(j)
        return len(run) > 1 and any(
            not absent[j]
            and len(claim_words[j].text) > 2
            and claim_words[j].text.lower() not in STOPWORDS
            for j in run
        )

    if not lexical_only:
        for i, word in enumerate(claim_words):
            is_number = any(c.isdigit() for c in word.text)
            # After a colon, a dash or an opening quote a capital starts a phrase.
            opener = i == 0 or claim[: word.start].rstrip()[-1:] in (
                ":",
                "—",
                "–",
                "“",
                '"',
                "‘",
                "'",
                "?",
                "!",
                ".",
                "/",
                "|",
                ";",
            )
            # Capitals in a sentence-case headline mark names; a long word all in capitals
            # is emphasis ("GRIZZLY BEAR", "TWICE"), a short one an acronym.
            is_name = (
                word.text[0].isupper() and not word.text.isupper() and not opener and not title
            ) or (word.text.isupper() and 1 < len(word.text) <= 4 and not _shouting(claim))
            if absent[i] and (is_number or is_name) and not _part_of_named(i):
                anchors.append((word.start, word.end, "name"))
        anchors += _unsupported_causal(claim, body)
    spans = []
    for start, end, reason in sorted(anchors):
        idx = [i for i, w in enumerate(claim_words) if w.start < end and w.end > start]
        if not idx:
            continue
        lo, hi = idx[0], idx[-1]
        if reason == "exaggeration":
            # Grow over the words the verb governs that the body lacks ("bows to US pressure").
            while hi + 1 < len(claim_words) and (
                absent[hi + 1]
                or (
                    hi + 2 < len(claim_words)
                    and absent[hi + 2]
                    and claim_words[hi + 1].text.lower() in STOPWORDS | {"us"}
                )
            ):
                hi += 1 if absent[hi + 1] else 2
        elif reason == "name":
            # Multi-word names and magnitudes: "Porto Vel", "1 billion".
            while hi + 1 < len(claim_words) and (
                (absent[hi + 1] and claim_words[hi + 1].text[0].isupper() and not title)
                or claim_words[hi + 1].text.lower() in _MAGNITUDES
            ):
                hi += 1
            while (
                lo - 1 >= 0
                and absent[lo - 1]
                and claim_words[lo - 1].text[0].isupper()
                and (lo - 1 > 0 and not title)
            ):
                lo -= 1
        spans.append((min(start, claim_words[lo].start), max(end, claim_words[hi].end), reason))
    merged: list[tuple[int, int, str]] = []
    for start, end, reason in sorted(spans):
        if merged and start <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]), merged[-1][2])
        else:
            merged.append((start, end, reason))
    return merged


# "five days after burial": "after" a span of time is a date, not a cause.
_TIME_SPAN = re.compile(
    r"(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?|shortly|soon|"
    r"long|just|moments?)\s*$",
    re.I,
)
_QUOTED = re.compile(r"(?<!\w)[“\"‘'][^“”\"]{3,}?[”\"’'](?!\w)")


def _causal_cue(claim: str) -> re.Match[str] | None:
    """The headline's first causal word that is the headline's own claim: not inside a
    quotation (the speaker's words) and not "after" a span of time."""
    quoted = [m.span() for m in _QUOTED.finditer(claim)]
    for match in _CAUSAL_RE.finditer(claim):
        if any(a < match.start() < b for a, b in quoted):
            continue
        if match.group().lower() == "after" and _TIME_SPAN.search(claim[: match.start()]):
            continue
        return match
    return None


def _unsupported_causal(claim: str, body: str) -> list[tuple[int, int, str]]:
    match = _causal_cue(claim)
    if not match:
        return []
    cause, effect = _stems(claim[match.end() :]), _stems(claim[: match.start()])
    if not cause or not effect:
        return []
    # "after", "over" and "amid" are often just time or topic: co-occurrence is enough.
    weak = match.group().lower() in ("after", "over", "amid")
    if match.group().lower() == "after":
        # "after" tells a sequence more often than a cause: both events anywhere in the
        # body back it ("loses eye after police fire bean bag" over a body that tells
        # the eye, then the bean bag round, paragraphs apart).
        if _overlaps(body_stems := _stems(body), effect) and (
            sum(_supported(c, body_stems) for c in cause) >= 0.6 * len(cause)
        ):
            return []
    if weak:
        # "after", "over", "amid" are often just time or topic: both sides within two
        # neighbouring sentences of one paragraph are enough ("… lost her eye. She was
        # hit by a bean bag round …").
        for para in paragraphs(body):
            sents = [_stems(x.text) for x in sentences(para.text)]
            for i in range(len(sents)):
                window = sents[i] | (sents[i + 1] if i + 1 < len(sents) else set())
                if _overlaps(window, effect) and (
                    sum(_supported(c, window) for c in cause) >= 0.6 * len(cause)
                ):
                    return []
    for sent in sentences(body):
        stems = _stems(sent.text)
        if (
            _overlaps(stems, cause)
            and _overlaps(stems, effect)
            and (weak or _BODY_CAUSAL.search(sent.text))
        ):
            return []
    return [(match.start(), len(claim.rstrip(" .")), "causal")]


def check_headline_unsupported(story: Story) -> list[Finding]:
    """Flag headline/standfirst words the body does not support, naming the closest sentence."""
    body = story.body
    if not body.strip():
        return []
    body_stems = _stems(body)
    results = []
    for field_name in ("headline", "standfirst"):
        claim = story.text(field_name)
        if not claim.strip():
            continue
        closest = _closest_sentence(claim, body)
        hint = f" The closest body sentence is: “{closest.text}”" if closest else ""
        # Features, editorials and letters have allusive headlines: only the verbs there.
        spans = _unsupported_spans(claim, body, body_stems, lexical_only=story.kind != "news")
        for start, end, reason in spans:
            what = {
                "exaggeration": "goes further than the body",
                "name": "names something the body does not mention",
                "causal": "makes a causal link the body does not make",
            }[reason]
            message = (
                f"The {field_name} {what}: no body sentence supports “{claim[start:end]}”.{hint}"
            )
            why = {
                "exaggeration": "Cue: a verb that claims more than reporting does, and none of "
                "the body words that would back it",
                "name": "Rule: a name or number with no match in the body (spellings, "
                "demonyms, acronyms and numbers within 10% count as matches)",
                "causal": "Cue: a causal link, and no body sentence that mentions both sides",
            }[reason]
            results.append(
                finding(CHECK, WARNING, message, field_name, claim, start, end, why + ".")
            )
        contradicted = contradictions(claim, body) if story.kind == "news" else []
        if contradicted:
            results.append(_contradiction_finding(field_name, claim, contradicted[0]))
        if field_name == "headline" and not spans and not contradicted and story.kind == "news":
            from herald.validation import stance  # numpy and the model load on first use

            probs = stance.predict_stance(claim, body)
            if probs:
                label = max(probs, key=probs.get)
                claim_stems = _stems(claim)
                shared = sum(_supported(c, body_stems) for c in claim_stems)
                if label == "unrelated" and shared >= min(2, len(claim_stems)):
                    pass  # two headline words in the body: not another story's headline
                elif probs[label] >= STANCE_THRESHOLDS.get(label, 2.0):
                    verdict = (
                        "discuss it"
                        if label == "unrelated"
                        else "back it; it reads as disputing it"
                    )
                    message = (
                        f"The body does not appear to {verdict} (stance model: {label}, "
                        f"p={probs[label]:.2f}).{hint}"
                    )
                    start = len(claim) - len(claim.lstrip())
                    end = len(claim.rstrip())
                    others = ", ".join(f"{k} {v:.2f}" for k, v in sorted(probs.items()))
                    why = (
                        f"Model: the FNC-1 stance model reads the body as {label} with "
                        f"p={probs[label]:.2f} (threshold {STANCE_THRESHOLDS[label]}; {others})."
                    )
                    results.append(
                        finding(CHECK, WARNING, message, field_name, claim, start, end, why)
                    )
    return results


def _contradiction_finding(field_name: str, claim: str, found) -> Finding:
    """The headline's claim against the story sentence that says otherwise, both cues named."""
    at = claim.find(found.headline_cue.split(" … ")[0]) if found.headline_cue else -1
    if at >= 0 and found.kind != "negated":
        start, end = at, at + len(found.headline_cue)
    else:  # the claim as a whole
        start, end = len(claim) - len(claim.lstrip()), len(claim.rstrip(" ."))
    what = found.words.headline
    # The message names the two cues; the reason quotes the sentence (shown beside it).
    message = (
        f"The {field_name} {what}: it says “{found.headline_cue}”, the body says "
        f"“{found.story_cue}”. Check the headline against that sentence."
    )
    why = f"Cue: {found.explanation()}"
    return finding(CHECK, WARNING, message, field_name, claim, start, end, why)
