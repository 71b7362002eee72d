"""Table-driven tests for each desk validation check: true positives and the traps."""

import pytest

from herald.validation import CHECK_NAMES, Story, validate_story


def findings(check, body="", headline="", standfirst="", kind="news"):
    story = Story(headline=headline, standfirst=standfirst, body=body, kind=kind)
    return [(f.evidence, f.severity) for f in validate_story(story, checks=[check]).findings]


def evidence(check, **story):
    return [e for e, _ in findings(check, **story)]


@pytest.mark.parametrize(
    "body, expected",
    [
        ("ROME — According to TASS, the talks failed.", ["According to TASS"]),
        ("ROME — Xinhua reported that the deal was signed.", ["Xinhua reported"]),
        (
            "ROME — Russian state news agency RIA said the plan was agreed.",
            ["Russian state news agency RIA said"],
        ),
        ("ROME — TASS's correspondent said troops had left.", ["TASS's correspondent"]),
        ("ROME — The minister told TASS that talks were over.", ["told TASS"]),
        ("ROME — KCNA said the missile flew 600 km.", ["KCNA said"]),
        ("ROME — The claim, reported by Press TV, was denied.", ["reported by Press TV"]),
        ("ROME — Sputnik, citing a ministry source, said so.", ["Sputnik, citing"]),
        ("ROME — CGTN aired footage of the blast.", ["CGTN aired"]),
        ("ROME — Russian state media reported an advance.", ["Russian state media reported"]),
        # Mentioned, not cited: no finding.
        ("ROME — RT was banned in the EU in 2022.", []),
        ("ROME — The EU banned RT and Sputnik.", []),
        ("ROME — RT's licence was revoked.", []),
        ("ROME — Xinhua opened a bureau in Nairobi.", []),
        # Independent public media is not queried.
        ("ROME — According to the BBC, the vote was close.", []),
    ],
)
def test_state_media(body, expected):
    assert evidence("state_media", body=body) == expected


def test_state_media_message_names_outlet_country_and_typology():
    story = Story(body="ROME — According to TASS, the talks failed.")
    (finding,) = validate_story(story, checks=["state_media"]).findings
    assert finding.message == (
        "Claim attributed to TASS, state-controlled media in Russia. "
        "Corroborate it independently or tell readers who controls the outlet."
    )
    assert (finding.field, finding.start, finding.end) == ("body", 7, 24)


@pytest.mark.parametrize(
    "body, expected",
    [
        ("Officials said the deal was close.", ["Officials said"]),
        ("The plan was agreed, according to officials.", ["according to officials"]),
        ("Sources familiar with the talks said it was over.", ["Sources familiar with"]),
        (
            "A person who asked not to be named said the deal was off.",
            ["A person who asked not to be named"],
        ),
        (
            "A senior diplomat, speaking on condition of anonymity, said talks stalled.",
            ["A senior diplomat, speaking on condition of anonymity, said"],
        ),
        ("The deal is dead, said a senior official.", ["said a senior official"]),
        ("Western officials said the army had withdrawn.", ["Western officials said"]),
        # Named attributions are not anonymous.
        ("Foreign Minister Anna Berg said the talks had stalled.", []),
        ("Officials at the ministry, including spokesman Tom Li, said it was ready.", []),
        ("Tom Li, a senior official, said the plan was ready.", []),
        ("An official, Maria Costa, said the bridge would reopen.", []),
        ("He told officials the plan was ready.", []),
        ("Many people said they were worried about prices.", []),
    ],
)
def test_anonymous_source(body, expected):
    assert evidence("anonymous_source", body=body) == expected


@pytest.mark.parametrize(
    "body, expected",
    [
        (
            "The talks ended.\n\n“We will never accept this deal, whatever it costs us.”",
            ["We will never accept this deal, whatever it costs us."],
        ),
        (
            'The talks ended.\n\n"We will never accept this deal, whatever it costs."',
            ["We will never accept this deal, whatever it costs."],
        ),
        ("“We will never accept this deal, whatever it costs us,” Berg said.", []),
        ("Berg said the talks had ended.\n\n“We will never accept this deal at all.”", []),
        # Scare quotes are too short to be testimony.
        ("The so-called “peace plan” was rejected.", []),
        ('The budget "reset" was debated.', []),
    ],
)
def test_unattributed_quote(body, expected):
    assert evidence("unattributed_quote", body=body) == expected


@pytest.mark.parametrize(
    "body, kind, expected",
    [
        ("ROME — The talks ended.", "news", []),
        ("KYIV, Ukraine — Talks began.", "news", []),
        ("WASHINGTON (Herald) — Talks began.", "news", []),
        ("ROME - The talks ended.", "news", [("ROME -", "info")]),
        ("ROME – The talks ended.", "news", [("ROME –", "info")]),
        ("ZÜRICH — The talks ended.", "news", []),
        ("SÃO PAULO — The talks ended.", "news", []),
        ("ST. PETERSBURG — The talks ended.", "news", []),
        ("COPENHAGEN—The talks ended.", "news", []),
        (
            "ROME-based diplomats said the talks ended.",
            "news",
            [("ROME-based diplomats said the talks ended.", "warning")],
        ),
        ("The talks ended in Rome on Monday.", "news", [("The talks ended in Rome on", "warning")]),
        ("The talks ended in Rome on Monday.", "editorial", []),
    ],
)
def test_missing_dateline(body, kind, expected):
    assert findings("missing_dateline", body=body, kind=kind) == expected


def test_dateline_with_other_dash_says_use_an_em_dash():
    (finding,) = validate_story(Story(body="ROME – Talks."), checks=["missing_dateline"]).findings
    assert finding.message == "Dateline written with an en dash; use an em dash: “PLACE —”."


@pytest.mark.parametrize(
    "body, expected",
    [
        ("KYIV — Zelenskyy met Berg. Zelenskyy spoke. Later Zelensky left.", ["Zelensky"]),
        ("TRIPOLI — Gaddafi spoke. Gaddafi left. Qaddafi returned.", ["Qaddafi"]),
        # Different words, not spellings of one name.
        ("KYIV — Russia and Russian troops. Martin and Marvin met.", []),
    ],
)
def test_inconsistent_name(body, expected):
    assert evidence("inconsistent_name", body=body) == expected


@pytest.mark.parametrize(
    "body, kind, expected",
    [
        (
            "ROME — The mayor made a desperate attempt to save the reckless plan.",
            "news",
            [("desperate", "warning"), ("reckless", "warning")],
        ),
        ("ROME — The puppet government held drills.", "news", [("puppet", "warning")]),
        (
            "The council's plan is reckless.",
            "editorial",
            [("reckless", "info")],
        ),
        # Inside a direct quote: the speaker's words, not the story's.
        ("ROME — “This is a reckless sale to a puppet company,” Raptis said.", "news", []),
        # Reported as someone's label.
        ("ROME — Raptis called the plan reckless.", "news", []),
        ("ROME — The council approved the plan on Monday.", "news", []),
    ],
)
def test_loaded_language(body, kind, expected):
    assert findings("loaded_language", body=body, kind=kind) == expected


BODY = (
    "ASTANA — The presidents of Kazakhstan and the United States agreed on a plan for a "
    "new export route after a telephone call on Tuesday.\n\nAccording to TASS, the route "
    "will open within four years."
)


@pytest.mark.parametrize(
    "headline, body, expected",
    [
        ("Kazakhstan bows to US pressure on export route", BODY, ["bows to US pressure"]),
        ("Kazakhstan and US agree export route plan", BODY, []),
        (
            "Minister resigns over leaked emails",
            "VILNIUS — The minister resigned on Friday.\n\nSeparately, emails leaked.",
            ["over leaked emails"],
        ),
        (
            "Airport closes runway after snowfall",
            "OSLO — The airport closed its runway because of heavy snowfall.",
            [],
        ),
        (
            "Dutch to ban petrol cars by 2028",
            "THE HAGUE — The Dutch may ban petrol cars.",
            ["2028"],
        ),
    ],
)
def test_headline_unsupported(headline, body, expected):
    assert evidence("headline_unsupported", headline=headline, body=body) == expected


def test_headline_unsupported_names_the_closest_body_sentence():
    story = Story(headline="Kazakhstan bows to US pressure on export route", body=BODY)
    (finding,) = validate_story(story, checks=["headline_unsupported"]).findings
    assert finding.field == "headline"
    assert finding.message.startswith(
        "The headline goes further than the body: no body sentence supports "
        "“bows to US pressure”. The closest body sentence is: “ASTANA — The presidents"
    )


def test_the_wire_story_from_the_issue_catches_all_three():
    story = Story(
        headline="Government bows to US pressure on pipeline",
        body=(
            "ASTANA — The two leaders agreed on a plan for the pipeline after a call on "
            "Tuesday.\n\nAccording to TASS, the pipeline will open in 2030. The first "
            "section will be paid for by regional banks, officials said."
        ),
    )
    checks = {(f.check, f.evidence) for f in validate_story(story).findings}
    assert ("headline_unsupported", "bows to US pressure") in checks
    assert ("state_media", "According to TASS") in checks
    assert ("anonymous_source", "officials said") in checks


def test_sourcing_summary_lists_sources_by_kind():
    story = Story(
        body=(
            "ROME — According to TASS, talks failed. Officials said the deal was off. "
            "Foreign Minister Anna Berg said she was disappointed. The Energy Ministry said "
            "in a statement that gas would flow. A report published on Monday shows costs rising."
        )
    )
    sources = [(s.kind, s.name) for s in validate_story(story).sources]
    assert sources == [
        ("state_media", "TASS"),
        ("anonymous", "Officials"),
        ("person", "Foreign Minister Anna Berg"),
        ("institution", "The Energy Ministry"),
        ("document", "A report"),
    ]


def test_every_finding_points_at_its_evidence():
    story = Story(
        headline="Kazakhstan bows to US pressure on export route",
        standfirst="Astana changes course",
        body=BODY + "\n\nThe reckless plan, officials said, is “a plan that nobody asked for”.",
    )
    report = validate_story(story)
    assert {f.check for f in report.findings} >= {"state_media", "headline_unsupported"}
    for f in report.findings:
        assert f.check in CHECK_NAMES
        assert f.severity in ("warning", "info")
        assert story.text(f.field)[f.start : f.end] == f.evidence
    for s in report.sources:
        assert story.text(s.field)[s.start : s.end] == s.name


def test_unknown_check_name_is_refused():
    with pytest.raises(ValueError, match="Unknown validation check 'spelling'"):
        validate_story(Story(body="x"), checks=["spelling"])


def test_report_to_dict_shape():
    report = validate_story(Story(body="ROME — According to TASS, talks failed."))
    data = report.to_dict()
    assert set(data) == {"findings", "sources", "dismissed"}
    assert data["findings"][0] == {
        "check": "state_media",
        "severity": "warning",
        "message": report.findings[0].message,
        "evidence": "According to TASS",
        "field": "body",
        "start": 7,
        "end": 24,
        "reason": report.findings[0].reason,
        "fingerprint": report.findings[0].fingerprint,
    }
    assert data["dismissed"] == []
    assert data["sources"] == [
        {"kind": "state_media", "name": "TASS", "field": "body", "start": 20, "end": 24}
    ]
