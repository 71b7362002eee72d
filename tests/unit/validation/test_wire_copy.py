"""The wordings of real wire copy that the checks once missed or misread (issue 14)."""

import pytest

from herald.validation import Story, validate_story


def evidence(check, body="", headline="", kind="news"):
    story = Story(headline=headline, body=body, kind=kind)
    return [f.evidence for f in validate_story(story, checks=[check]).findings]


@pytest.mark.parametrize(
    "body, expected",
    [
        (
            "The paper said so, citing sources in the supply chain.",
            ["citing sources in the supply chain"],
        ),
        ("A newsletter cited sources as saying orders were late.", ["cited sources"]),
        (
            "A sale is studied, according to a well-placed source inside the finance ministry.",
            ["according to a well-placed source inside the finance ministry"],
        ),
        (
            "The source, who requested to remain anonymous, said three groups were approached.",
            ["The source, who requested to remain anonymous, said"],
        ),
        ("Talks could resume, according to an airline source.", ["according to an airline source"]),
        (
            "One unnamed journalist suggested that crews were hired.",
            ["One unnamed journalist suggested"],
        ),
        ("A cut in May is possible, some analysts say.", ["some analysts say"]),
        ("Experts believe the market has stopped falling.", ["Experts believe"]),
        ('"We are close," a senior EU diplomat said.', ["a senior EU diplomat said"]),
        ("US officials reportedly learned of it.", ["US officials reportedly learned"]),
        # A named person with a role is not anonymous, even with a particle in the name.
        ("An Iraqi security official, Hisham al-Hashimi, told reporters it was over.", []),
        # A publication whose title ends in a head word is not a group of people.
        ("The music was changed, according to Apple Insider.", []),
    ],
)
def test_anonymous_source_wire_wordings(body, expected):
    assert evidence("anonymous_source", body=body) == expected


@pytest.mark.parametrize(
    "body, expected",
    [
        ("State television showed excavators clearing mud.", ["State television showed"]),
        (
            "The slope gave way, state television and two local officials said.",
            ["state television and two local officials said"],
        ),
        (
            "The People's Daily, the party's main newspaper, claimed that Manila was to blame.",
            ["People's Daily, the party's main newspaper, claimed"],
        ),
        (
            "Two ships followed, Xinhua and the coast guard said.",
            ["Xinhua and the coast guard said"],
        ),
        ("The talks failed, reported Xinhua.", ["reported Xinhua"]),
        (
            "Kim has gained weight, photos released by state media show.",
            ["released by state media"],
        ),
        (
            "Tribal sources told the Saudi news channel Al Arabiya that it was full.",
            ["told the Saudi news channel Al Arabiya"],
        ),
        # A US network and a UK tabloid share names with state outlets elsewhere.
        ("The Star reported that he flew to London, and NBC reported an injury.", []),
        # With the outlet's country in the story, the short name is that outlet.
        ("Namibia's cabinet met. NBC reported that the minister resigned.", ["NBC reported"]),
        ("North Korean state media would not confirm the reports.", []),
    ],
)
def test_state_media_context(body, expected):
    assert evidence("state_media", body=body) == expected


@pytest.mark.parametrize(
    "body, expected",
    [
        # A continuation paragraph of a quote attributed in the paragraph before.
        (
            '"They went out in bad weather," said Alan Bruce, a skipper.\n\n'
            '"Every family here knows someone who has gone to sea and not come back.',
            [],
        ),
        # Titles of works, headlines and slogans.
        ('A documentary, "The Last Boats Out of Cobh Harbour", was screened.', []),
        ('Banners reading "Keep the Harbour Working for Everyone" were carried.', []),
        ('He held a sign: "I BEAT WOMEN, HONK IF I AM A SCUMBAG".', []),
        # Introduced by a colon with the full stop outside the closing mark.
        ('Her message was short: "The lanes stay, the loading bays come back".', []),
        ('"We listened to the traders and found space," read a tweet from the office.', []),
        ('"If you lose your kit, how can you do more complex tasks?" Kurak asked.', []),
        # A partial quote inside the writer's own sentence.
        ('ISIS is now "less than ten miles away" from the city.', []),
        # Mixed marks pair up: the speaker is found.
        ('“This is not a fake," she told the Sun. "I had it done, and that is that."', []),
        (
            'The nurses met on Monday. "The system is running on goodwill and nothing else."',
            ["The system is running on goodwill and nothing else."],
        ),
        # A quotation over several paragraphs, a picture credit between two of them.
        (
            "Ana Ruiz told the Herald about the night.\n\n“I heard the alarm and ran.\n\n"
            "File photo: the harbour at dusk\n\n“By the time I got there the boat had gone.”",
            [],
        ),
        # The same paragraphs with nobody named are still queried, each of them.
        (
            "The storm passed.\n\n“I heard the alarm and ran.\n\n"
            "“By the time I got there the boat had gone.”",
            ["I heard the alarm and ran.", "By the time I got there the boat had gone."],
        ),
        # Left open, the quotation goes on below, where its speaker is named.
        (
            '"We cannot keep running the ferry at a loss this way.\n\n'
            '"We will not accept it," the mayor said.',
            [],
        ),
        # Introduced by a colon closing the paragraph above, or by a comma.
        ("The post began:\n\n“Seven in ten buses ran late this winter, and that must change.”", []),
        ("He shouted at the guard, “You have no right to stop me here.”", []),
        # Signed with a dash, or a name used as a noun ("a patent for a “…”").
        ("“We are aware of the reports and are looking into them.” — The Foreign Office", []),
        ("The firm filed a patent for a “Method of sealing hulls with recycled resin.”", []),
        # A pasted post and the plain copy of it that the web page repeats.
        (
            "Fans reacted.\n\n"
            'wow "the harbour wall is gone after one storm" unreal— Ana (@ana_r) May 2, 2026\n\n'
            'wow "the harbour wall is gone after one storm" unreal',
            [],
        ),
    ],
)
def test_unattributed_quote_wire_conventions(body, expected):
    assert evidence("unattributed_quote", body=body) == expected


@pytest.mark.parametrize(
    "headline, body, expected",
    [
        ("WATCH: 2 climbers rescued on Ben Nevis", "Two climbers were rescued on Ben Nevis.", []),
        (
            "U.N. agency warns of shortfall, WSJ reports",
            "The UN's food agency warned of a shortfall, the Wall Street Journal reported.",
            [],
        ),
        (
            "Drought: Farmers sell cattle early",
            "Farmers are selling cattle early in the drought.",
            [],
        ),
        ("MAN SAVED FROM BEAR BY RINGTONE", "A man was saved from a bear by his ringtone.", []),
        ("Lisbon sells stake to Porto Vel", "Portugal sold a stake in the airline.", ["Porto Vel"]),
        # Done in the headline, only proposed or refused in the body: the headline's verb is
        # the evidence (test_headline_claims.py has the cues and sentences).
        (
            "City approves tram line to the airport",
            "The council published a proposal for a tram line to the airport.",
            ["approves"],
        ),
        (
            "Health minister resigns over audit",
            "The health minister rejected calls to step down after the audit.",
            ["resigns"],
        ),
        ("City approves tram line", "The council approved the tram line on Monday.", []),
        # Ordinals and decades back numbers; a listicle's count is not a claim.
        ("3-boobed woman a fake", "A woman claimed to have a third breast.", []),
        ("McPizza from the '90s lives on", "Children ate McPizza throughout the 1990s.", []),
        ("These 7 charts show the law works", "The law cut the uninsured rate.", []),
        ("Police arrest 7 men", "Police arrested men.", ["7"]),
        # "after" tells a sequence: both events anywhere in the body back it.
        (
            "Woman loses eye after police fire bean bag round",
            "A woman is now blind in one eye after a stop at a gas station.\n\n"
            "She said she lost the eye.\n\nThe police used a bean bag round on the car.",
            [],
        ),
        (
            "Woman loses eye after police fire bean bag round",
            "A woman is now blind in one eye after a stop at a gas station.",
            ["after police fire bean bag round"],
        ),
        # "after" a span of time is a date; a causal word inside a quotation is the speaker's.
        (
            "Cat claws its way out of its grave five days after burial",
            "The cat was buried by its owner and clawed its way out of the grave.",
            [],
        ),
        (
            "Fiancée 'wanted his body on display after he died'",
            "His fiancée wanted to put his body on display, a friend said.",
            [],
        ),
    ],
)
def test_headline_names_numbers_and_acronyms(headline, body, expected):
    assert evidence("headline_unsupported", headline=headline, body=body) == expected


def test_a_denial_of_something_else_is_not_the_headline_act_refused():
    # "were denied" is about another family, so the overstated rule stays quiet. The
    # stance model (since the lexical features) reads the body as disputing the headline,
    # and says so as the model: becoming a boy's godmother is not adopting him.
    story = Story(
        headline="President adopts Jewish godson",
        body="The president became godmother to a Jewish boy. In 1993 a family asked the "
        "president for the honour and were denied.",
        kind="news",
    )
    findings = validate_story(story, checks=["headline_unsupported"]).findings
    assert not any(f.reason.startswith("Cue: a verb of something done") for f in findings)
    assert [f.reason.split(" with ")[0] for f in findings] == [
        "Model: the FNC-1 stance model reads the body as disagree"
    ]


@pytest.mark.parametrize(
    "headline, body, expected",
    [
        # Names the body gives in another form (real FNC-1 headlines over their stories).
        ("Fighters of ISIS seize the town", "Islamic State fighters seized the town.", []),
        (
            "Boy, 5, billed for missing a party",
            "A five-year-old was billed for missing a party.",
            [],
        ),
        ("Microsoft to buy Mojang for $2.5B", "Microsoft will pay $2.5 billion for Mojang.", []),
        (
            "Apple Watch to ship in the 2nd quarter",
            "Apple will ship the watch in the second quarter.",
            [],
        ),
        (
            "Ringtone of Justin Bieber song scares off bear",
            "A Bieber ringtone scared the bear off.",
            [],
        ),
        ("Troops say Iraqi town retaken", "Troops said the town in Iraq had been retaken.", []),
        ("Court in Cuban city frees suspect", "A court in Cuba freed the suspect.", []),
        (
            "Putin holds talks with Erdogan in the capital",
            "Putin held talks with Erdoğan in the capital.",
            [],
        ),
        (
            "Company to split off PC business, HP says",
            "Hewlett-Packard will split off its PCs unit.",
            [],
        ),
        ("Passengers moved as U.S. pilots strike", "American pilots went on strike.", []),
        (
            "Vacuum cleaner eats woman's hair [Google Translate]",
            "A robot vacuum cleaner ate a woman's hair.",
            [],
        ),
        # Capitals for emphasis in a sentence-case headline are not names.
        (
            "Man saved from GRIZZLY by his ringtone",
            "A man was saved from a bear by his ringtone.",
            [],
        ),
        # What the body really lacks is still flagged.
        (
            "Woman outed as fake by Tampa police",
            "Police said the woman's claim was fake.",
            ["Tampa"],
        ),
        (
            "Boy, 6, billed for missing a party",
            "A five-year-old was billed for missing a party.",
            ["6"],
        ),
        (
            "Kurdish fighters retake Kobani",
            "Kurdish fighters retook the town on Monday.",
            ["Kobani"],
        ),
        (
            "NATO jets scramble over the Baltic",
            "Jets scrambled over the Baltic on Monday.",
            ["NATO"],
        ),
        ("Microsoft to buy Mojang for $4B", "Microsoft will pay $2.5 billion for Mojang.", ["4B"]),
    ],
)
def test_headline_names_in_other_forms(headline, body, expected):
    assert evidence("headline_unsupported", headline=headline, body=body) == expected


@pytest.mark.parametrize(
    "body, kind, expected",
    [
        ("The ministry claimed that protest leaders paid thugs to attack police.", "news", []),
        ("The former propaganda official now runs a channel.", "news", []),
        ("In the film, a ruthless captain smuggles people across the sea.", "feature", []),
        ("The teenager woke up during the operation.", "news", []),
        ("@cyclist These reckless riders own the roads pic.twitter.com/x1", "news", []),
        ("Parliament passed the change, a reckless move.", "news", ["reckless"]),
        ("The bill was drafted by a puppet committee.", "news", ["puppet"]),
        # Speech in single marks, and speech attributed at the end of the sentence.
        ("'We disown the so-called council and its thugs,' the family said.", "news", []),
        ("Desperate families will pay smugglers twice the fare, the agency concluded.", "news", []),
        ("Desperate families will pay smugglers twice the fare.", "news", ["Desperate"]),
        # Hearsay and perception: the words are the speakers'.
        ("Fans have heard whispers that the tour is a stunt.", "news", []),
        ("Users began speculating whether she left for more sinister reasons.", "news", []),
        # Domain terms and idioms.
        ("The group released a propaganda video on Sunday.", "news", []),
        ("Recruits are drawn in by Islamic State propaganda.", "news", []),
        ("The club changed its training regime after the injury.", "news", []),
        ("When the goal went in, the stadium went crazy.", "news", []),
        ("The plan is a radical overhaul of the bus network.", "news", []),
        ("The regime jailed three more reporters, a reckless act.", "news", ["reckless"]),
        ("Police fired gas with reckless abandon, then mob justice took over.", "news", []),
        ('Studies of the so-called "Western diet" were small.', "news", []),
        # "according to" sources the figure; the adjective is still the story's.
        (
            "The reckless plan raises 4 million, according to the council's figures.",
            "news",
            ["reckless"],
        ),
        # Reported judgement: "denouncing … as", "suggesting".
        ("Denouncing the raids as barbaric, ministers cut aid.", "news", []),
        ("Two papers are suggesting a sinister motive for the delay.", "news", []),
        ("The raids were barbaric.", "news", ["barbaric"]),
        # A group's own output is propaganda by name; "pure propaganda" is a verdict.
        ("The cartel has used online propaganda to recruit drivers.", "news", []),
        ("The leaflet was pure propaganda.", "news", ["propaganda"]),
        # The everyday "mainstream"; "the mainstream media" stays loaded in a loaded sentence.
        ("The dose is what mainstream cardiology clinics advise.", "news", []),
        # The writer denies the word.
        ("It is not outrageous to think the league could move.", "news", []),
        ("A second stadium wouldn't have seemed ludicrous then.", "news", []),
        ("Moving the league is outrageous.", "news", ["outrageous"]),
        # A long statement in single marks: each paragraph opens with a mark, only the
        # last one closes.
        (
            "The statement read in full:\n\n'We the family disown our so-called cousin and "
            "all who help him.\n\n'We ask for privacy.'\n\nPolice said nothing.",
            "news",
            [],
        ),
        # The paragraph after "The blog posted …:" is the blog's text.
        (
            "The blog posted a second picture of the harbour:\n\nThis shocking image was "
            "taken last weekend by a reader.",
            "news",
            [],
        ),
        ("This shocking image was taken last weekend by a reader.", "news", ["shocking"]),
        # "brutal" of an act of violence describes it; of people, it judges them.
        (
            "The thugs carried out a brutal execution of a pilot, a barbaric act.",
            "news",
            ["thugs", "barbaric"],
        ),
        ("These brutal extremists hate our freedom.", "news", ["brutal", "extremists"]),
    ],
)
def test_loaded_language_in_context(body, kind, expected):
    assert evidence("loaded_language", body=body, kind=kind) == expected


DEBUNKING_BODY = (
    "The woman who claimed to have had a third breast implanted is a fake, police said. "
    "Her claim of a third breast was a hoax: a prosthetic breast was found in her luggage. "
    "The story of the third breast was false, police said, and the woman had not had any "
    "surgery. Snopes debunked the claim."
)


@pytest.mark.parametrize(
    "headline, flagged",
    [
        # The body debunks what the headline reports: the stance model reads disagree.
        ("Woman gets third breast implant", True),
        # The same body under a headline that reports the debunking agrees with it.
        ("Police say woman's third breast was a hoax", False),
    ],
)
def test_headline_the_body_contradicts(headline, flagged):
    assert_stance_flag(headline, DEBUNKING_BODY, flagged)


def assert_stance_flag(headline, body, flagged):
    """The headline is flagged (or not) over ``body``, and only by the stance model."""
    story = Story(headline=headline, body=body, kind="news")
    findings = validate_story(story, checks=["headline_unsupported"]).findings
    reasons = [f.reason for f in findings if f.evidence == headline]
    assert bool(reasons) == flagged
    assert all(
        r.startswith("Model: the FNC-1 stance model reads the body as disagree") for r in reasons
    )


HOAX_BODY = (
    "A story that loggers cut down the world's oldest tree in the Amazon is a hoax. The tree "
    "is still standing, park rangers said, and the photo that spread online was doctored. "
    "The site that first ran the story publishes satire."
)
SNOW_BODY = (
    "OSLO — Oslo airport closed its main runway for six hours on Saturday after heavy "
    "snowfall, the airport operator Avinor said. The runway was closed because crews could "
    "not clear the snow fast enough, Avinor spokesperson Kari Lunde said."
)


@pytest.mark.parametrize(
    "headline, body, flagged",
    [
        # A claim stated flat over a body that calls it a hoax on the same topic.
        ("Loggers cut down world's oldest tree in the Amazon", HOAX_BODY, True),
        # The headline that reports the hoax agrees with the same body.
        ("Oldest tree story a hoax, rangers say", HOAX_BODY, False),
        # A plain report of what the body says (the previous model read it as disagree).
        ("Airport closes runway after snowfall", SNOW_BODY, False),
    ],
)
def test_headline_stated_flat_over_a_debunking_body(headline, body, flagged):
    assert_stance_flag(headline, body, flagged)
