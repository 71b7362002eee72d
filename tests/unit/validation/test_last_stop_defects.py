"""`herald validate` on the small defects noticed at the last stop (issue 14's closing
notes), each with a negative control: where reported speech ends, a verdict passed "as"
something, the whole of an unnamed spokesperson's attribution, and organisations and
places that the sourcing summary read as people."""

import json
from pathlib import Path

import pytest

from herald.validation.cli import main

HEAD = "---\ntitle: Rail scheme to go ahead\ndateline: ROME\nkind: news\n---\n"
DEMO_STORIES = Path(__file__).resolve().parents[3] / "herald" / "demo" / "content" / "articles"


def report(tmp_path: Path, capsys, body: str) -> dict:
    path = tmp_path / "story.md"
    path.write_text(HEAD + body + "\n", encoding="utf-8")
    code = main([str(path), "--format", "json"])
    out, err = capsys.readouterr()
    assert (code, err) == (0, "")
    (result,) = json.loads(out)
    return result


def evidence(result: dict, check: str) -> list[str]:
    return [f["evidence"] for f in result["findings"] if f["check"] == check]


@pytest.mark.parametrize(
    "body, expected",
    [
        # The writer's verdict on the reported clause is the writer's: queried.
        ("The minister said the scheme would go ahead, a disastrous choice for taxpayers.",
         ["disastrous"]),
        ("The minister said the scheme would go ahead; it was a fiasco.", ["fiasco"]),
        # The reported words themselves stay the speaker's.
        ("The minister said the disastrous scheme would go ahead.", []),
        ("The minister said the scheme would go ahead; critics called it a fiasco.", []),
        # A second noun after a characterisation is still the speaker's list of names for it.
        ("The mayor called the scheme a stunt, a cynical ploy.", []),
        # A verdict passed "as" something is the speaker's; the writer's verb is still queried.
        ("Opposition leaders blasted the plan as a stunt.", ["blasted"]),
        ("Opposition leaders blasted the plan, a stunt.", ["blasted", "stunt"]),
        ("Unions hailed the deal as a triumph over reckless owners.", []),
        # "as" starting a clause of time is no verdict.
        ("Gunmen attacked the convoy as it passed, a brutal act of revenge.", ["brutal"]),
    ],
)
def test_reported_speech_ends_where_the_writer_resumes(tmp_path, capsys, body, expected):
    assert evidence(report(tmp_path, capsys, body), "loaded_language") == expected


@pytest.mark.parametrize(
    "body, expected, source",
    [
        ("The plan would go ahead, a hospital spokesman said.",
         ["a hospital spokesman said"], "a hospital spokesman"),
        ("The ward would reopen, said the city council spokeswoman.",
         ["said the city council spokeswoman"], "the city council spokeswoman"),
        ("A ministry spokeswoman said the talks would resume.",
         ["A ministry spokeswoman said"], "A ministry spokeswoman"),
    ],
)
def test_an_unnamed_spokesperson_is_quoted_whole(tmp_path, capsys, body, expected, source):
    result = report(tmp_path, capsys, body)
    assert evidence(result, "anonymous_source") == expected
    assert [s["name"] for s in result["sources"] if s["kind"] == "anonymous"] == [source]


def test_a_named_hospital_spokesman_is_not_an_unnamed_source(tmp_path, capsys):
    result = report(tmp_path, capsys, "Tom Berg, a hospital spokesman, said the ward would reopen.")
    assert evidence(result, "anonymous_source") == []
    assert ("person", "Tom Berg") in [(s["kind"], s["name"]) for s in result["sources"]]


def sources_of(result: dict) -> list[tuple[str, str]]:
    return [(s["kind"], s["name"]) for s in result["sources"]]


def test_the_demo_story_names_an_association_not_a_person(capsys):
    """The demo's night-train story: "The Community of European Railway and Infrastructure
    Companies said …" was listed as a person, "Infrastructure Companies"."""
    path = DEMO_STORIES / "night-train-common-ticketing.md"
    assert main([str(path), "--format", "json"]) == 0
    (result,) = json.loads(capsys.readouterr().out)
    found = sources_of(result)
    assert ("institution", "The Community of European Railway and Infrastructure Companies") in found
    assert not [name for kind, name in found if kind == "person" and "Companies" in name]
    # Negative control: the people the story quotes are still people.
    assert ("person", "Kristina Laine") in found and ("person", "Jonas Lindahl") in found


@pytest.mark.parametrize(
    "body, wanted, unwanted",
    [
        # An apposition says what the name is.
        ("Água Viva, a Lisbon-based environmental group, said it backed the rules.",
         ("institution", "Água Viva"), ("person", "Água Viva")),
        ("Prices doubled, according to Nordmark Maritime Data, a shipping research firm.",
         ("institution", "Nordmark Maritime Data"), ("person", "Nordmark Maritime Data")),
        ("Veluria Together, led by Mirela Dovan, promised cheaper homes.",
         ("institution", "Veluria Together"), ("person", "Veluria Together")),
        # The story names it as a party elsewhere; a place after a preposition is no speaker.
        ("Green Coast said it wanted homes first. Tomas Arven, the leader of Green Coast, "
         "agreed.", ("institution", "Green Coast"), ("person", "Green Coast")),
        # Listed with an organisation, with the same tail: a party, wherever it speaks.
        ("A poll put the Civic Alliance at 26%, the Social Democrats at 17% and Blue Harbour "
         "at 13%. Blue Harbour said it would make any port expansion conditional.",
         ("institution", "Blue Harbour"), ("person", "Blue Harbour")),
        ("The Greens with 12 seats and Dawn Rising with eight will talk. Dawn Rising said it "
         "wanted the port first.", ("institution", "Dawn Rising"), ("person", "Dawn Rising")),
        # Named after what it is: one word or several, an institution.
        ("Crossings were cut to one an hour, the operator Transtejo said.",
         ("institution", "Transtejo"), None),
        ("The state-owned airline Aerolinea Sur said flights ran.",
         ("institution", "Aerolinea Sur"), ("person", "Aerolinea Sur")),
        ("Rents rose in Santa Lucija. A plan for Santa Lucija agreed with residents was dropped.",
         None, ("person", "Santa Lucija")),
        # A publication the speaker talked to is not the speaker.
        ('"We are full," she told The Meridian Ledger.', None, ("person", "Meridian Ledger")),
        # A name never runs across a paragraph break, and keeps its accents.
        ("> A problem Riga helps to solve.\n> — Jānis Ozols, economist in Riga\n\n"
         "Kadri Tamm, a board member of the operator, said the deal would hold.",
         ("person", "Kadri Tamm"), ("person", "Riga\n\nKadri Tamm")),
        ('"It matters," said Marcela Ibáñez, a hydrogeologist.',
         ("person", "Marcela Ibáñez"), ("person", "Marcela Ib")),
        # Negative controls: people with a role, or speaking for a group, stay people.
        ("Duarte Pinheiro, the group's spokesperson, said the rules were fair.",
         ("person", "Duarte Pinheiro"), ("institution", "Duarte Pinheiro")),
        ("Saskia Mulder, a board member of the operator, said the ferry would run.",
         ("person", "Saskia Mulder"), ("institution", "Saskia Mulder")),
        # A title takes "the"; a person listed with an organisation, or after one's possessive,
        # stays a person.
        ("The President and Tomas Arven met. Tomas Arven said the talks went well.",
         ("person", "Tomas Arven"), ("institution", "Tomas Arven")),
        ("The union leader Rui Costa said the rosters were unsafe.",
         ("person", "Rui Costa"), ("institution", "Rui Costa")),
        ("The Port Authority, Lena Okafor and the mayor met. Lena Okafor said it went well.",
         ("person", "Lena Okafor"), ("institution", "Lena Okafor")),
        ("The talks brought the Social Democrats' leader, Irena Salk, to the port. "
         "Irena Salk said her party was ready.",
         ("person", "Irena Salk"), ("institution", "Irena Salk")),
    ],
)
def test_organisations_and_places_are_not_read_as_people(tmp_path, capsys, body, wanted, unwanted):
    found = sources_of(report(tmp_path, capsys, body))
    if wanted:
        assert wanted in found
    assert unwanted not in found
