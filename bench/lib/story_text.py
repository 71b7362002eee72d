"""Original stories from a seeded vocabulary and sentence templates.

Every word list and template here was written for this generator; nothing is
copied from published text. ``StoryWriter(seed).story(n)`` always returns the
same story for the same seed and number, so an archive can be rebuilt exactly
and a benchmark can know which words are common and which are rare.

Rare words come from invented surnames and place names built from syllables:
a few thousand names, drawn with a long-tailed (Zipf-like) weighting, so some
appear in thousands of stories and many in only a handful.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

DESK_SUBJECTS = {
    # desk slug -> the subjects its stories are about (nouns a headline can carry)
    "europe": [
        "rail tunnel", "border checks", "fishing quotas", "farm subsidies", "night trains",
        "regional election", "coalition talks", "pension reform", "port expansion",
        "language law", "ferry service", "heat pumps", "school meals", "bridge repairs",
    ],
    "world": [
        "ceasefire talks", "grain corridor", "refugee camp", "election count", "river treaty",
        "vaccine campaign", "drought relief", "mining licence", "naval patrol", "aid convoy",
        "debt relief", "census", "cyclone warning", "peace monitors",
    ],
    "business-climate": [
        "wind farm", "carbon price", "battery plant", "copper mine", "shipping rates",
        "solar auction", "steel mill", "grid connection", "insurance premiums", "lithium refinery",
        "bond sale", "interest rates", "heat wave", "flood barrier", "water tariffs",
    ],
    "opinion": [
        "city budget", "library hours", "tram fares", "noise rules", "park closure",
        "rent controls", "school catchments", "cycle lanes", "hospital parking", "local press",
    ],
}

TOPIC_WORDS = {
    # topic slug -> words that make a story about it
    "energy": ["grid", "turbines", "megawatts", "tariff", "pipeline", "substation", "outage"],
    "elections": ["ballots", "turnout", "candidates", "polling", "recount", "manifesto"],
    "courts": ["judges", "appeal", "verdict", "testimony", "injunction", "prosecutors"],
    "culture": ["festival", "gallery", "orchestra", "archive", "theatre", "manuscripts"],
    "technology": ["software", "servers", "encryption", "outage", "sensors", "algorithm"],
    "climate": ["emissions", "glacier", "rainfall", "wildfire", "adaptation", "heatwave"],
    "trade": ["tariffs", "exports", "customs", "containers", "quotas", "freight"],
    "health": ["clinics", "nurses", "waiting lists", "vaccines", "surgeons", "prescriptions"],
    "housing": ["tenants", "rents", "landlords", "mortgages", "evictions", "planning permits"],
    "security": ["patrols", "drones", "cyberattack", "intelligence", "checkpoints", "sabotage"],
    "transport": ["timetable", "platforms", "signalling", "buses", "ferries", "runway"],
    "labour": ["strike", "wages", "union", "shifts", "contracts", "overtime"],
    "water": ["reservoir", "aquifer", "desalination", "leaks", "rationing", "sewage"],
    "migration": ["asylum", "border", "visas", "reception centre", "deportations", "arrivals"],
    "agriculture": ["harvest", "growers", "irrigation", "livestock", "fertiliser", "orchards"],
}

CITIES = [
    "Porto", "Valencia", "Tallinn", "Mombasa", "Jujuy", "Gdansk", "Lyon", "Turin", "Bergen",
    "Cork", "Ghent", "Brno", "Cluj", "Split", "Bari", "Seville", "Aarhus", "Tampere", "Riga",
    "Vilnius", "Kaunas", "Plovdiv", "Thessaloniki", "Izmir", "Tbilisi", "Yerevan", "Almaty",
    "Tashkent", "Lahore", "Chittagong", "Kandy", "Medan", "Cebu", "Da Nang", "Chiang Mai",
    "Busan", "Sapporo", "Hobart", "Dunedin", "Suva", "Apia", "Nuuk", "Halifax", "Winnipeg",
    "Tucson", "Oaxaca", "Merida", "Cusco", "Arequipa", "Cordoba", "Rosario", "Salvador",
    "Recife", "Montevideo", "Asuncion", "Cali", "Quito", "Kumasi", "Kisumu", "Arusha",
    "Blantyre", "Beira", "Windhoek", "Durban", "Tangier", "Sfax", "Alexandria", "Aqaba",
]

ORGANISATIONS = [
    "city council", "harbour authority", "regional assembly", "water board", "health trust",
    "transport agency", "energy regulator", "competition authority", "audit office",
    "university hospital", "chamber of commerce", "farmers' union", "teachers' union",
    "supreme court", "environment ministry", "finance ministry", "port workers' union",
    "housing cooperative", "rail operator", "coast guard", "statistics office",
]

VERBS = [
    "approves", "rejects", "delays", "expands", "cuts", "reviews", "suspends", "reopens",
    "doubles", "freezes", "challenges", "defends", "tests", "pauses", "revives", "scraps",
]

NOUN_FILLERS = [
    "plan", "budget", "inquiry", "deadline", "report", "vote", "contract", "proposal",
    "audit", "timetable", "licence", "survey", "tender", "ruling", "agreement",
]

ADJECTIVES = [
    "disputed", "delayed", "costly", "overdue", "surprise", "narrow", "temporary",
    "long-awaited", "revised", "second", "scaled-back", "emergency", "cross-border",
]

# Syllables for invented people and places: the rare words of the archive.
ONSETS = ["b", "d", "f", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z",
          "br", "dr", "gr", "kr", "st", "tr", "sk", "th", "ch", "sh"]
VOWELS = ["a", "e", "i", "o", "u", "ai", "ei", "ou", "ia", "oa"]
CODAS = ["", "", "n", "r", "l", "s", "k", "m", "nd", "rt", "st", "x"]
GIVEN = [
    "Ana", "Bruno", "Chiara", "Dmitri", "Elif", "Farida", "Goran", "Hana", "Ines", "Jonas",
    "Kemal", "Lucia", "Mateus", "Nadia", "Oskar", "Priya", "Quentin", "Rosa", "Sami", "Tove",
    "Umar", "Vera", "Wanjiru", "Ximena", "Yusuf", "Zofia", "Aino", "Bilal", "Carmen", "Dara",
]
ROLES = [
    "the mayor", "a spokesperson for the {org}", "the {org}'s chair", "a local councillor",
    "an engineer who worked on the project", "a shop owner near the site", "a union organiser",
    "the regional minister", "a researcher at the university", "a resident of forty years",
]

OPENINGS = [
    "The {org} in {city} {verb} the {adj} {noun} for the {subject} on {weekday}, {consequence}.",
    "{city}'s {org} {verb} the {adj} {noun} on the {subject}, {consequence}.",
    "After months of argument, the {org} {verb} the {noun} for the {subject} in {city}.",
    "Officials in {city} {verb} the {subject} {noun} late on {weekday}, {consequence}.",
]
CONSEQUENCES = [
    "leaving {number} families unsure what comes next",
    "a decision that will cost about {number} million euros",
    "the first change to the scheme in {years} years",
    "after a vote of {votes} to {votes2}",
    "weeks before the {noun} was due",
    "a move critics called rushed",
]
SENTENCES = [
    "{person}, {role}, said the {noun} had been \"{quote}\".",
    "Figures from the {org} show {number} {topic_word} affected since {month}.",
    "The {subject} has divided {city} since it was first proposed {years} years ago.",
    "Critics point to the {topic_word} and the {topic_word2}, which they say the {noun} ignores.",
    "Supporters argue that the {adj} {noun} is the only way to keep the {subject} on schedule.",
    "A second {noun}, on the {topic_word}, is expected before {month}.",
    "In {place}, a district on the edge of {city}, residents have gathered every {weekday} since {month}.",
    "{person} said the {org} would publish the full {noun} \"{when}\".",
    "The {org} did not answer questions about the {topic_word} before publication.",
    "Neighbouring {city2} faced a similar {noun} over its {subject} and settled it within {years} months.",
    "Documents seen by the Ledger show the {topic_word} cost {number} thousand euros more than planned.",
    "The {noun} now goes to the {org2}, which meets again in {month}.",
    "Not everyone is convinced: {person}, {role}, called the {topic_word} \"{quote}\".",
    "Engineers say the {topic_word} will take at least {years} years to replace.",
]
QUOTES = [
    "a step in the right direction", "far too little, far too late", "not what we were promised",
    "the best of a bad set of choices", "a matter for the courts now", "long overdue",
    "an experiment with people's livelihoods", "workable, if the money arrives",
]
WHEN = ["within weeks", "before the summer", "when it is ready", "after the elections",
        "by the end of the year"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
HEADLINES = [
    "{city} {org} {verb} {subject} {noun}",
    "{Adj} {noun} for {subject} in {city}",
    "{City}: {org} {verb} {subject} after {topic_word} row",
    "{surname} named to lead {city} {subject} {noun}",
    "{subject_cap} in {city} {verb_past} as {topic_word} {trend}",
    "Why {city}'s {subject} {noun} matters for {topic_word}",
]
VERBS_PAST = ["stalls", "advances", "wobbles", "resumes", "falters", "clears a hurdle"]
TRENDS = ["rise", "fall", "stall", "return", "double"]
STANDFIRSTS = [
    "The {org} says the {noun} protects {topic_word}; {number} residents disagree.",
    "A {adj} {noun} leaves {city}'s {subject} waiting for another year.",
    "What the {noun} means for {topic_word}, {topic_word2} and the people of {place}.",
    "{person} has until {month} to explain the {topic_word} to the {org}.",
]


def _zipf_cumulative(count: int, exponent: float = 1.07) -> list[float]:
    total, cumulative = 0.0, []
    for rank in range(1, count + 1):
        total += 1.0 / (rank ** exponent)
        cumulative.append(total)
    return cumulative


@dataclass
class Story:
    """One generated story, ready to become an ArticlePage."""

    number: int
    desk: str
    kind: str
    access: str
    title: str
    standfirst: str
    dateline: str
    paragraphs: list[str]
    topics: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)


class StoryWriter:
    """Writes story ``n`` of the archive the same way every time (``seed`` fixes the words)."""

    KINDS = [("news", 86), ("editorial", 5), ("letter", 4), ("feature", 5)]
    ACCESS = [("free", 55), ("metered", 35), ("members", 10)]

    def __init__(self, seed: int = 12, desks: list[str] | None = None,
                 topics: list[str] | None = None, names: int = 6000, places: int = 1500):
        vocabulary = random.Random(seed)
        self.seed = seed
        self.desks = desks or list(DESK_SUBJECTS)
        self.topics = [t for t in (topics or list(TOPIC_WORDS)) if t in TOPIC_WORDS] or list(TOPIC_WORDS)
        # Shuffled, so how common a name is does not follow the alphabet.
        self.surnames = self._invent(vocabulary, names, 2, 3)
        vocabulary.shuffle(self.surnames)
        self.places = sorted({w.title() + vocabulary.choice(["ova", "heim", "vale", "port", "ton", "ia"])
                              for w in self._invent(vocabulary, places, 2, 2)})
        vocabulary.shuffle(self.places)
        self.surname_weights = _zipf_cumulative(len(self.surnames))
        self.place_weights = _zipf_cumulative(len(self.places))
        self.people = sorted({f"{vocabulary.choice(GIVEN)} {vocabulary.choice(self.surnames)}"
                              for _ in range(400)})

    @staticmethod
    def _invent(rng: random.Random, count: int, low: int, high: int) -> list[str]:
        words: set[str] = set()
        while len(words) < count:
            word = "".join(rng.choice(ONSETS) + rng.choice(VOWELS) + rng.choice(CODAS)
                           for _ in range(rng.randint(low, high)))
            if 5 <= len(word) <= 12:
                words.add(word.title())
        return sorted(words)

    def _pick_weighted(self, rng, items, cumulative):
        return rng.choices(items, cum_weights=cumulative, k=1)[0]

    def desk_of(self, number: int) -> str:
        """The desk of story ``number`` (its first draw), without writing the story."""
        return random.Random(f"{self.seed}:{number}").choice(self.desks)

    def story(self, number: int) -> Story:
        rng = random.Random(f"{self.seed}:{number}")
        desk = rng.choice(self.desks)
        subjects = DESK_SUBJECTS.get(desk) or DESK_SUBJECTS["world"]
        topics = rng.sample(self.topics, k=rng.choice([1, 1, 2, 2, 3]))
        kind = rng.choices([k for k, _ in self.KINDS], weights=[w for _, w in self.KINDS])[0]
        access = rng.choices([a for a, _ in self.ACCESS], weights=[w for _, w in self.ACCESS])[0]
        city, city2 = rng.sample(CITIES, 2)
        org, org2 = rng.sample(ORGANISATIONS, 2)
        topic_words = [w for t in topics for w in TOPIC_WORDS[t]]
        surname = self._pick_weighted(rng, self.surnames, self.surname_weights)
        place = self._pick_weighted(rng, self.places, self.place_weights)

        def person() -> str:
            name = self._pick_weighted(rng, self.surnames, self.surname_weights)
            return f"{rng.choice(GIVEN)} {name}"

        def fill(template: str) -> str:
            subject = rng.choice(subjects)
            slots = {
                "city": city, "City": city, "city2": city2, "org": org, "org2": org2,
                "verb": rng.choice(VERBS), "verb_past": rng.choice(VERBS_PAST),
                "adj": rng.choice(ADJECTIVES), "Adj": rng.choice(ADJECTIVES).capitalize(),
                "noun": rng.choice(NOUN_FILLERS), "subject": subject,
                "subject_cap": subject.capitalize(), "weekday": rng.choice(WEEKDAYS),
                "month": rng.choice(MONTHS), "number": rng.randint(12, 4800),
                "years": rng.randint(2, 30), "votes": rng.randint(20, 40), "votes2": rng.randint(5, 19),
                "topic_word": rng.choice(topic_words), "topic_word2": rng.choice(topic_words),
                "quote": rng.choice(QUOTES), "when": rng.choice(WHEN), "place": place,
                "surname": surname, "trend": rng.choice(TRENDS),
            }
            if "{person}" in template:
                slots["person"] = person()
            if "{role}" in template:
                slots["role"] = rng.choice(ROLES).format(org=org)
            if "{consequence}" in template:
                slots["consequence"] = rng.choice(CONSEQUENCES).format(**slots)
            text = template.format(**slots)
            return text[0].upper() + text[1:]

        title = fill(rng.choice(HEADLINES))[:250]
        standfirst = fill(rng.choice(STANDFIRSTS))[:300]
        paragraphs = [fill(rng.choice(OPENINGS))]
        for _ in range(rng.randint(4, 8)):
            paragraphs.append(" ".join(fill(rng.choice(SENTENCES)) for _ in range(rng.randint(2, 3))))
        return Story(
            number=number, desk=desk, kind=kind, access=access, title=title,
            standfirst=standfirst, dateline=city.upper(), paragraphs=paragraphs, topics=topics,
            authors=rng.sample(self.people, k=rng.choice([0, 1, 1, 2])),
        )
