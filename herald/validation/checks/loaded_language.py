"""loaded_language: emotive or propagandistic words presented as fact."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

from herald.validation.checks.base import fields, finding
from herald.validation.text import (
    REPORTING_VERBS,
    Span,
    alternation,
    embedded_posts,
    inside,
    lines,
    quotations,
    sentences,
    single_quotations,
)
from herald.validation.types import INFO, WARNING, Finding, Story

CHECK = "loaded_language"
LEXICON_PATH = Path(__file__).resolve().parent.parent / "data" / "loaded_words.json"
OPINION_KINDS = frozenset({"editorial", "letter"})  # opinion is expected there: info only
CONTEXTUAL_THRESHOLD = 0.7  # classifier probability that gates the contextual words
MAX_PER_SENTENCE = 10  # more loaded words than this in one sentence add nothing
# "Berg called the plan reckless", "The ministry claimed that protest leaders paid thugs": the claim is the ministry's.
_SPEECH = re.compile(
    rf"\b(?:{REPORTING_VERBS}|alleged|alleges|alleging|claiming|saying|accusing|"
    r"branding|calling|insisting|arguing|calls|call|branded|brands|labelled|labeled|dubbed|"
    r"describes|denounced|accuses|concluded|speculating|speculated|speculation|wondered|"
    r"wondering|whether|heard|preach|preached|preaches|preaching|perceived|rumou?red|"
    r"denouncing|denounce|denounces|condemning|condemned|suggesting|suggest|suggests|"
    r"describing|decrying|decried|characteri[sz](?:e|es|ed|ing)(?!\s+by\b)|"
    # a view someone holds: "what they see as a debacle", "believed he was looking at …"
    r"(?:see|sees|saw|seen|seeing|view|views|viewed|regard|regards|regarded)\s+(?:it\s+|them\s+)?as|"
    r"(?<!\bI\s)(?<!\bwe\s)(?:believe|believes|believed|thinks|fears|feared)\s+"
    r"(?:that|he|she|they|it)\b|"
    # a verdict someone passes: "blasted the plan as a stunt", "hailed it as a triumph"
    r"(?:blasted|slammed|lambasted|derided|dismissed|criticised|criticized|attacked|mocked|"
    r"ridiculed|hailed|praised|portrayed|painted|depicted|cast|framed|castigated|savaged)"
    r"\s+(?:[^,;.]{1,60}?\s)?as(?!\s+(?:it|he|she|they|we|i|you|soon|well|long|far|much|part|"
    r"usual)\b))\b",
    re.I,
)
# Where the reported words end and the writer's resume: a semicolon, or, once the reported
# clause has its verb, an apposition that comments on the whole of it ("The minister said
# the scheme would go ahead, a disastrous choice for taxpayers").
_SCOPE_END = re.compile(r";|(?:,|\s[—–])\s+(?=(?:a|an)\s)")
_CLAUSE_VERB = re.compile(
    r"\b(?:would|will|was|were|is|are|had|has|have|could|should|can|did|does|must|might|may)\b",
    re.I,
)
# "Desperate patients will pay gangs, WHO concluded.": the sentence is the speaker's.
# ("…, according to the council's figures" sources a fact, not the words: not here.)
_TRAILING_SPEECH = re.compile(
    rf",[’”\"']?\s+(?!according\b)(?:(?:{REPORTING_VERBS}|concluded)\s+[^,;]{{1,60}}|"
    rf"(?:[^,;\s]+\s+){{1,6}}?(?<!\bis\s)(?<!\bare\s)(?<!\bwas\s)(?<!\bwere\s)(?<!\bbe\s)"
    rf"(?<!\bbeen\s)(?!according\b)(?:{REPORTING_VERBS}|concluded)\b(?:\s+[^,;]{{0,40}})?)$",
    re.I,
)
# "a propaganda official", "the regime's security chief": part of a job title.
_TITLE_NOUN = re.compile(
    r"[\s-]*(?:official|officials|chief|chiefs|minister|ministry|department|head|director|"
    r"secretary|officer|czar|tsar|adviser|advisor|spokes(?:man|woman|person)|apparatus|"
    r"unit|office|agency|bureau|machine|campaign|outlets?)\b",
    re.I,
)
# Domain terms: "the tax regime", "a training regime", "Islamic State propaganda" (the
# group's own output, named as such).
_DOMAIN_BEFORE = {
    "regime": re.compile(
        r"\b(?:tax|taxation|sanctions?|training|fitness|diet|dietary|exercise|treatment|"
        r"drug|visa|trade|regulatory|legal|tariff|pension|inspection|testing|work|feeding|"
        r"medication|currency|price|fiscal|monetary|safety|security|licensing|border)\s+$",
        re.I,
    ),
    # "Islamic State propaganda", "the group's propaganda", "its online propaganda"
    "propaganda": re.compile(
        r"(?:\b[A-Z][\w-]*|\b[A-Z]{2,}['’]?s?|['’]s|\b(?i:its|their|own|online|jihadi|jihadist|"
        r"terrorist|recruitment|recruiting|wartime|war|state|official|militant)"
        r"(?:\s+(?i:own|online|slick|latest|recruitment))?)\s+$"
    ),
}
# "a propaganda video": what the group put out, named as such.
_PROPAGANDA_MEDIA = re.compile(
    r"\s+(?:videos?|footage|films?|clips?|photos?|photographs?|images?|pictures?|posters?|"
    r"leaflets?|magazines?|materials?|messages?|broadcasts?)\b",
    re.I,
)
# Idioms and everyday senses: "the crowd went crazy", "a radical overhaul".
_IDIOM = {
    "crazy": (
        re.compile(
            r"\b(?:go|goes|went|gone|going|drive|drives|drove|driven|driving)\s+(?:\w+\s+)?$", re.I
        ),
        re.compile(r"\s+about\b", re.I),
    ),
    "reckless": (None, re.compile(r"\s+abandon\b", re.I)),
    "mob": (None, re.compile(r"\s+(?:justice|rule|boss|bosses|ties)\b", re.I)),
    "so-called": (None, re.compile(r"\s*[“\"‘']")),  # introduces a term: so-called "Western diet"
    # "mainstream health organizations": the usual ones; "the mainstream media" is loaded
    "mainstream": (
        None,
        re.compile(
            r"\s+(?!(?:media|press|news|journalists?|journalism|reporters?|outlets?|pundits?|"
            r"elites?|politicians?|narrative)\b)[a-z]",
            re.I,
        ),
    ),
    # "a vicious circle", "a vicious dog": the idiom and the animal, not a verdict on people
    "vicious": (
        None,
        re.compile(
            r"\s+(?:circle|cycle|spiral|dogs?|animals?|bears?|sharks?|wolf|wolves|storms?)\b",
            re.I,
        ),
    ),
    # "in desperate need", "a desperate shortage of beds": dire circumstances, not a verdict
    "desperate": (
        None,
        re.compile(
            r"\s+(?:need|needs|shortage|shortages|situation|straits|plight|conditions)\b", re.I
        ),
    ),
    # the physical sense: "slammed into a wall", "blasted off", "slammed the door"
    "slammed": (
        None,
        re.compile(r"\s+(?:into|against|shut|onto|down|(?:on\s+)?the\s+(?:door|brakes))\b", re.I),
    ),
    "blasted": (
        None,
        re.compile(r"\s+(?:off|open|through|out|into|away|music|the\s+music)\b", re.I),
    ),
    "radical": (
        None,
        re.compile(
            r"[\s-]+(?:change|changes|overhaul|shift|departure|transformation|rethink|redesign|"
            r"reform|reforms|new|idea|ideas|innovation|surgery|treatment)\b",
            re.I,
        ),
    ),
}
# "lies" the verb ("what lies ahead", "the fault lies with the operator"), not the noun
# ("his lies about the deal", "told lies in court").
_LIES_VERB = re.compile(
    r"\s+(?:ahead|at|in|with|within|beneath|behind|beyond|between|dormant|low|just|"
    r"somewhere|elsewhere|largely|partly|mainly|squarely|on\s+the)\b",
    re.I,
)
_LIES_NOUN_BEFORE = re.compile(
    r"(?:\b(?:his|her|their|its|our|your|my|the|of|more|told|tell|tells|telling|spread|"
    r"spreads|spreading|spewing|such|these|those|outright|blatant|and|repeated)|['’]s?)\s+$",
    re.I,
)
# "it's not outrageous to think", "wouldn't have seemed bizarre": the writer denies the word.
_NEGATED = re.compile(
    r"\b(?:not|never|no\s+longer|hardly|\w+n['’]t)\s+(?:(?:be|been|being|seem|seemed|seems|"
    r"sound|sounded|look|looked|have|has|had|so|that|too|very|all|entirely|quite|as|at\s+all)\s+)"
    r"{0,3}$",
    re.I,
)
# "a brutal execution", "brutally murdered": the plain description of an act of violence.
_VIOLENCE = re.compile(
    r"[\s-]+(?:murder|murders|murdered|killing|killings|killed|execution|executions|executed|"
    r"attack|attacks|attacked|assault|assaults|assaulted|beating|beatings|beaten|beat|"
    r"fire\s*fights?|firefights?|fighting|fight|fights|battle|battles|war|wars|torture|"
    r"tortured|slaying|slayings|slain|stabbing|stabbed|raped?|rapes|massacre|massacred|"
    r"beheading|beheadings|beheaded|bombing|bombings|shooting|shootings)\b",
    re.I,
)
# A paragraph that follows "The blog posted …:" or "It read:" is the quoted text.
_INTRODUCES = re.compile(
    rf"\b(?:{REPORTING_VERBS}|posted|reads|read|reading|statement|message|wrote|writes|"
    r"caption|captioned)\b[^\n]*:\s*$",
    re.I,
)
# A term in single marks is mentioned, not used: Trump vowed to defeat the 'radical left';
# quite how ‘woke’ means quality. (Three words or more are speech: text.single_quotations.)
_TERM_IN_SINGLES = re.compile(
    r"(?:(?<=^)|(?<=[\s(\[—–-]))[‘'][A-Za-z][\w-]*(?:\s[\w-]+){0,2}[’'](?![A-Za-z])"
)
_OPEN_SINGLE = re.compile(r"\s*[‘'](?=[A-Za-z])")
# A sentence about a work of fiction or a show describes its plot, not the world.
_WORK = re.compile(
    r"\b(?:film|films|movie|series|sitcom|novel|book|play|drama|documentary|episode|"
    r"thriller|plot|character|characters|comedy|opera|musical|video\s+game|trailer|"
    r"screenplay|script|storyline|villain|protagonist|hero|heroine|myth|mythology|"
    r"legend|folklore|fairy\s+tale)\b",
    re.I,
)


@lru_cache(maxsize=1)
def _lexicon() -> tuple[re.Pattern[str], frozenset[str]]:
    try:
        data = json.loads(LEXICON_PATH.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        data = {"strong": [], "contextual": []}
    strong = frozenset(w.lower() for w in data["strong"])
    words = sorted(set(data["strong"]) | set(data["contextual"]), key=lambda w: (-len(w), w))
    pattern = re.compile(rf"(?<![\w-])(?:{alternation(words)})(?![\w-])", re.I)
    return pattern, strong


def check_loaded_language(story: Story) -> list[Finding]:
    """Flag loaded words outside direct quotes; editorials and letters get ``info``."""
    pattern, strong = _lexicon()
    severity = INFO if story.kind in OPINION_KINDS else WARNING
    results = []
    for field_name, text in fields(story):
        quotes = quotations(text)
        singles = single_quotations(text)  # British copy: 'We disown her,' they said
        sents = sentences(text)
        embeds = embedded_posts(text)
        quoted_lines = _quoted_lines(text, singles)
        terms = [Span(m.start(), m.end(), m.group()) for m in _TERM_IN_SINGLES.finditer(text)]
        hits_by_sentence = []
        for sent in sents:
            hits = []
            if (
                inside(sent.start, embeds)
                or _WORK.search(sent.text)
                or inside(sent.start, quoted_lines)
            ):
                hits_by_sentence.append(hits)
                continue
            speech = _speech_scopes(sent.text)  # once per sentence, not once per word
            trailing = _TRAILING_SPEECH.search(sent.text.rstrip(" .!?”\"'’"))
            for match in pattern.finditer(sent.text):
                start, end = sent.start + match.start(), sent.start + match.end()
                if inside(start, quotes) or inside(start, singles) or inside(start, terms):
                    continue
                if field_name != "headline" and _is_name(sent.text, match.start(), match.group()):
                    continue
                if any(a <= match.start() < b for a, b in speech):
                    continue  # reported speech: the words are the speaker's
                if trailing is not None:
                    continue  # "…, WHO concluded": the sentence is the speaker's
                if _TITLE_NOUN.match(sent.text, match.end()):
                    continue
                if _domain_or_idiom(sent.text, match.start(), match.end()):
                    continue
                if _NEGATED.search(sent.text[max(0, match.start() - 60) : match.start()]):
                    continue
                if match.group().lower() in _LITERAL_WORDS and _is_literal(
                    sent.text, match.start(), match.end()
                ):
                    continue
                hits.append((start, end, match.group().lower() in strong))
                if len(hits) >= MAX_PER_SENTENCE:
                    break  # an editor reads the first few; hostile text gets no more
            hits_by_sentence.append(hits)
        needs_model = [i for i, hits in enumerate(hits_by_sentence) if any(not s for *_, s in hits)]
        from herald.validation import bias  # numpy and the model load on first use

        ratings = bias.rate([sents[i].text for i in needs_model]) if needs_model else None
        prob_of = dict(zip(needs_model, ratings.probs, strict=True)) if ratings else {}
        encoder_of = (
            dict(zip(needs_model, ratings.encoder, strict=True))
            if ratings and ratings.encoder is not None
            else {}
        )
        for i, hits in enumerate(hits_by_sentence):
            for start, end, is_strong in hits:
                if not is_strong and prob_of.get(i, 0.0) < CONTEXTUAL_THRESHOLD:
                    continue
                word = text[start:end]
                message = (
                    f"“{word}” is loaded language presented as fact; attribute it to "
                    "someone or use a neutral description."
                )
                if is_strong:
                    reason = (
                        f"Lexicon: “{word}” is on Herald's strong list, and it is not in a "
                        "quotation, reported speech, a title or a plot summary."
                    )
                else:
                    reason = (
                        f"Lexicon and model: “{word}” is loaded only in some contexts; the BABE "
                        f"sentence classifier rates this sentence loaded (p={prob_of[i]:.2f}, "
                        f"threshold {CONTEXTUAL_THRESHOLD}"
                        + (
                            f"; the fine-tuned encoder alone p={encoder_of[i]:.2f})."
                            if i in encoder_of
                            else ")."
                        )
                    )
                results.append(
                    finding(CHECK, severity, message, field_name, text, start, end, reason)
                )
    return results


def _speech_scopes(sentence: str) -> list[tuple[int, int]]:
    """(start, end) of each stretch of the sentence in someone else's words: from a
    reporting verb to where the writer's own voice resumes, or the sentence's end."""
    scopes = []
    pos = 0
    while (speech := _SPEECH.search(sentence, pos)) is not None:
        end = len(sentence)
        for boundary in _SCOPE_END.finditer(sentence, speech.end()):
            if boundary.group() == ";" or _CLAUSE_VERB.search(
                sentence, speech.end(), boundary.start()
            ):
                end = boundary.start()
                break
        scopes.append((speech.end(), end))
        pos = end  # never before speech.end(): boundaries are looked for from there
    return scopes


def _quoted_lines(text: str, singles: list) -> list[Span]:
    """Lines that are someone else's text as a whole, though no mark closes them there:
    a paragraph of a long quotation in single marks ('We the family … / 'We ask …),
    each paragraph opening with a mark and only the last one closing; and the paragraph
    after one that introduces a quotation with a colon ("The blog posted a photo:")."""
    result = []
    previous = ""
    for line in lines(text):
        if _OPEN_SINGLE.match(line.text) and not any(
            line.start <= s.start - 1 <= line.start + 3 for s in singles
        ):
            result.append(line)
        elif _INTRODUCES.search(previous):
            result.append(line)
        previous = line.text
    return result


_LITERAL_WORDS = frozenset({"woke", "radical", "radicals", "brutal", "brutally"})
_UP = re.compile(r"\s+up\b")


def _is_literal(sentence: str, start: int, end: int) -> bool:
    """ "She woke up", "free radicals": the everyday sense of a lexicon word."""
    word = sentence[start:end].lower()
    if word in ("brutal", "brutally"):
        return bool(_VIOLENCE.match(sentence, end))
    if word == "woke" and _UP.match(sentence, end):
        return True
    return word in ("radical", "radicals") and bool(
        re.search(r"\bfree\s+$", sentence[max(0, start - 40) : start], re.I)
    )


def _domain_or_idiom(sentence: str, start: int, end: int) -> bool:
    """A domain term ("tax regime", "ISIS propaganda") or an idiom ("went crazy")."""
    word = sentence[start:end].lower()
    before = _DOMAIN_BEFORE.get(word)
    if before is not None and before.search(sentence[max(0, start - 40) : start]):
        return True
    if word == "propaganda" and _PROPAGANDA_MEDIA.match(sentence, end):
        return True
    if word == "lies" and _LIES_VERB.match(sentence, end):
        return not _LIES_NOUN_BEFORE.search(sentence[max(0, start - 30) : start])
    idiom = _IDIOM.get(word)
    if idiom is None:
        return False
    lead, follow = idiom
    return bool(
        (lead is not None and lead.search(sentence[max(0, start - 40) : start]))
        or (follow is not None and follow.match(sentence, end))
    )


def _is_name(sentence: str, offset: int, word: str) -> bool:
    """A capitalised lexicon word mid-sentence is usually a name ("Sham Shui Po")."""
    return offset > 0 and word[0].isupper() and not sentence[:offset].rstrip().endswith(":")
