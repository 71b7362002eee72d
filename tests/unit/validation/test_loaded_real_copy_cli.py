"""`herald validate` on the wordings real copy uses around loaded words (issue 14, fourth
pass), each with a negative control: the same loaded word in the story's own voice is
still queried, and every finding says why."""

import json
from pathlib import Path

import pytest

from herald.validation.cli import main

HEAD = "---\ntitle: Ferry crews vote on new contract\ndateline: PIRAEUS, Greece\nkind: news\n---\n"


def findings(tmp_path: Path, capsys, body: str, check: str, title: str | None = None):
    text = HEAD if title is None else HEAD.replace("Ferry crews vote on new contract", title)
    path = tmp_path / "story.md"
    path.write_text(text + body + "\n", encoding="utf-8")
    code = main([str(path), "--format", "json"])
    out, err = capsys.readouterr()
    assert (code, err) == (0, "")
    (result,) = json.loads(out)
    return [f for f in result["findings"] if f["check"] == check]


@pytest.mark.parametrize(
    "body, expected",
    [
        # A view someone holds is theirs: "what they see as", "characterized … as",
        # "believed he was …"; the same word as the writer's verdict is queried.
        ("Unions blamed the owners for what they see as a debacle at the port.", []),
        ("The strike at the port was a debacle.", ["debacle"]),
        ("The minister characterized the pickets as thugs paid by rivals.", []),
        ("Pickets paid by rivals acted as thugs.", ["thugs"]),
        ("He believed he was looking at a bizarre new kind of ship.", []),
        # Passive "characterized by" reports nothing: the adjective is the writer's.
        ("A movement characterized by its rules and backed by bogus claims.", ["bogus"]),
        # A term in single marks is mentioned, not used.
        ("The owner fights the 'woke crowd' at the port.", []),
        ("Quite how ‘woke’ means good service, the owner did not explain.", []),
        ("The owner fights the woke crowd at the port.", ["woke"]),
        # "lies" the verb; "lies" the noun stays a query.
        ("Much of the blame lies with the port authority.", []),
        ("The uncertainty that lies ahead worries the crews.", []),
        ("The owner's lies about the contract angered the crews.", ["lies"]),
        # Dire circumstances and idioms, not verdicts on people.
        ("Island clinics are in desperate need of nurses.", []),
        ("The desperate owners cut the crews' pay.", ["desperate"]),
        ("Low pay and long shifts form a vicious circle for crews.", []),
        ("The vicious owners cut the crews' pay.", ["vicious"]),
        # The physical sense of the headline verbs.
        ("A ferry slammed into the quay in high winds.", []),
        ("The union slammed the owners' offer.", ["slammed"]),
    ],
)
def test_loaded_language_reads_who_is_speaking(tmp_path, capsys, body, expected):
    found = findings(tmp_path, capsys, body, "loaded_language")
    assert [f["evidence"] for f in found] == expected
    for f in found:
        assert f["reason"].startswith(("Lexicon: ", "Lexicon and model: "))
        assert f"“{f['evidence']}”" in f["reason"]


@pytest.mark.parametrize(
    "body, expected, severity",
    [
        (
            "The road will reopen on Monday, a spokesperson for the city said.",
            ["a spokesperson for the city said"],
            "info",
        ),
        (
            "A ministry spokeswoman said the talks would resume.",
            ["A ministry spokeswoman said"],
            "info",
        ),
        # Named spokespeople, and the institution itself, are not unnamed sources.
        ("Nobody was injured, police spokesperson Eva Novak said.", [], None),
        ("Eva Novak, a spokesperson for the city, said the road would reopen.", [], None),
        ("The family is grieving, said the spokesman, Barak Adler.", [], None),
        ("The city said the road would reopen on Monday.", [], None),
        # An anonymity formula stays a warning.
        (
            "A city spokesperson, who asked not to be named, said the road was shut.",
            ["A city spokesperson, who asked not to be named, said"],
            "warning",
        ),
    ],
)
def test_unnamed_spokesperson_is_a_note(tmp_path, capsys, body, expected, severity):
    found = findings(tmp_path, capsys, body, "anonymous_source")
    assert [f["evidence"] for f in found] == expected
    for f in found:
        assert f["severity"] == severity
        assert f["reason"].startswith("Rule: ")
    if severity == "info":
        assert "spokes" in found[0]["reason"] and "Name them" in found[0]["message"]


@pytest.mark.parametrize(
    "body, expected",
    [
        # The body gives the cause in other words: wages, a walkout.
        ("Ferry crews in Piraeus walked out on Tuesday, demanding higher wages.", []),
        ("Ferry crews in Piraeus began a strike on Tuesday. They want a salary rise.", []),
        # Negative control: the body never says why the crews struck.
        ("Ferry crews in Piraeus walked out on Tuesday. Sailings were cancelled.", ["over pay"]),
    ],
)
def test_strike_over_pay_headline(tmp_path, capsys, body, expected):
    found = findings(
        tmp_path, capsys, body, "headline_unsupported", title="Piraeus ferry crews strike over pay"
    )
    assert [f["evidence"] for f in found] == expected
    for f in found:
        assert f["reason"].startswith("Cue: a causal link")
