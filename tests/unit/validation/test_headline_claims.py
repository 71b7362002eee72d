"""A headline that contradicts or overstates its story, read through `herald validate`:
each cue is named, with the story sentence it contradicts; agreeing paraphrases of the
same stories are the negative controls. Headlines and bodies are original wording."""

import json
from pathlib import Path

import pytest

from herald.validation.cli import main

CLAIM_REASON = "Cue: the headline says"


def story_file(tmp_path: Path, headline: str, paragraphs: list[str]) -> str:
    path = tmp_path / "story.md"
    body = "\n\n".join(paragraphs)
    path.write_text(
        f"---\ntitle: {json.dumps(headline)}\ndateline: LISBON\nkind: news\n---\n{body}\n",
        encoding="utf-8",
    )
    return str(path)


def headline_findings(tmp_path, capsys, headline, paragraphs):
    assert main([story_file(tmp_path, headline, paragraphs), "--format", "json"]) == 0
    (result,) = json.loads(capsys.readouterr().out)
    return [f for f in result["findings"] if f["check"] == "headline_unsupported"]


# The same stories under a headline that contradicts them (with the headline's cue and the
# story's) and under one that agrees with them.
STORIES = {
    "unconfirmed": (
        [
            "Harbour operator Nortemar will cut a third of its dock workforce, according to "
            "a report in a trade newsletter.",
            "Nortemar has yet to comment on the report, and union officials said they had "
            "heard nothing.",
        ],
        "Nortemar confirms it will cut a third of its dock workforce",
        ("confirms", "has yet to comment"),
        "Nortemar could cut a third of its dock workforce, newsletter reports",
    ),
    "reversed": (
        [
            "The city council has decided that it will build the new tram depot in Alcântara, "
            "two councillors said on Tuesday.",
            "Construction is due to start next spring.",
        ],
        "City council rules out Alcântara for new tram depot",
        ("rules out", "has decided"),
        "City council picks Alcântara for new tram depot",
    ),
    "not_done": (
        [
            "The health ministry has proposed a ban on energy drinks for buyers under 16, in "
            "a draft regulation published on Monday.",
            "The draft is open for consultation until March, and shopkeepers' groups say "
            "they will oppose it.",
        ],
        "Health ministry bans energy drinks for under-16s",
        ("bans", "proposed"),
        "Health ministry proposes ban on energy drinks for under-16s",
    ),
    "negated": (
        [
            "The three missing fishermen were found safe on an island on Sunday, the coast "
            "guard said.",
            "There is no indication the fishermen broke any maritime rules, a coast guard "
            "spokeswoman said.",
        ],
        "Missing fishermen broke maritime rules, coast guard says",
        ("fishermen … broke … maritime … rules", "no indication the fishermen broke any maritime rules"),
        "Missing fishermen found safe on island, coast guard says",
    ),
    "alive": (
        [
            "The veteran climber reported missing on the glacier is alive and well, his "
            "family said on Friday, after rescuers reached his tent.",
            "Rescuers said the climber had sheltered from the storm for two days.",
        ],
        "Veteran climber found dead on glacier",
        ("found dead", "is alive"),
        "Missing veteran climber found alive on glacier",
    ),
    "refused": (
        [
            "Four of the five regional governors signed the water-sharing agreement on "
            "Thursday, but the northern governor abstained from the water-sharing vote.",
            "Her office said the northern region needs more guarantees.",
        ],
        "Northern governor signs water-sharing agreement",
        ("signs", "abstained"),
        "Four regional governors sign water-sharing agreement",
    ),
    "other_act": (
        [
            "The board of the state railway fired chief executive Marta Leal on Monday after "
            "a year of delays.",
            "Leal said she was surprised by the board's decision.",
        ],
        "Railway chief executive Marta Leal resigns",
        ("resigns", "fired"),
        "Railway board fires chief executive Marta Leal",
    ),
    "number": (
        [
            "The new phone will ship with 256GB instead of 128GB of storage in its cheapest "
            "model, the company said.",
            "The phone goes on sale in October.",
        ],
        "New phone keeps 128GB storage in cheapest model",
        ("128GB", "instead of 128GB"),
        "New phone doubles storage in cheapest model to 256GB",
    ),
}


@pytest.mark.parametrize("kind", sorted(STORIES))
def test_contradicting_headline_is_flagged_with_both_cues_and_the_sentence(
    tmp_path, capsys, kind
):
    paragraphs, headline, (headline_cue, story_cue), _ = STORIES[kind]
    findings = headline_findings(tmp_path, capsys, headline, paragraphs)
    claims = [f for f in findings if f["reason"].startswith(CLAIM_REASON)]
    assert len(claims) == 1, findings
    (claim,) = claims
    assert f"it says “{headline_cue}”, the body says “{story_cue}”" in claim["message"]
    assert claim["reason"].startswith(f"Cue: the headline says “{headline_cue}”;")
    # The sentence it contradicts, quoted whole in the reason.
    sentence = next(p for p in paragraphs if story_cue.split(" … ")[0] in p)
    assert claim["reason"].endswith(f"{sentence}”")


@pytest.mark.parametrize("kind", sorted(STORIES))
def test_agreeing_paraphrase_of_the_same_story_is_not_flagged(tmp_path, capsys, kind):
    paragraphs, _, _, agreeing = STORIES[kind]
    assert headline_findings(tmp_path, capsys, agreeing, paragraphs) == []


@pytest.mark.parametrize(
    "headline, paragraphs",
    [
        # The headline quotes a denial; it does not make one.
        (
            "Mayor: 'We did not close the library'",
            [
                "The mayor said on Monday that the council had not closed the central "
                "library. “We did not close the library,” she said.",
                "The library has reopened after repairs.",
            ],
        ),
        # The story's denial belongs to someone else ("were denied"), and another party
        # standing by its report is not the headline's subject admitting anything.
        (
            "Singer denies miming at stadium concert",
            [
                "The singer denied miming at the stadium concert on Saturday.",
                "The newspaper that first reported the miming is standing by its story.",
            ],
        ),
        # "Not everyone", "no longer": negations that do not deny the claim.
        (
            "Airline adds night flights to Madeira",
            [
                "The airline adds night flights to Madeira from May, it said.",
                "Not everyone welcomes the night flights to Madeira: residents near the "
                "airport no longer sleep well, one resident said.",
            ],
        ),
    ],
)
def test_negative_controls_stay_quiet(tmp_path, capsys, headline, paragraphs):
    findings = headline_findings(tmp_path, capsys, headline, paragraphs)
    assert not [f for f in findings if f["reason"].startswith(CLAIM_REASON)], findings


def test_text_output_says_why_in_words(tmp_path, capsys):
    paragraphs, headline, _, _ = STORIES["unconfirmed"]
    assert main([story_file(tmp_path, headline, paragraphs)]) == 0
    out = capsys.readouterr().out
    assert "Headline not supported by the story" in out
    assert (
        "Why: Cue: the headline says “confirms”; the story says it is not confirmed, or "
        "denied (“has yet to comment”) in “Nortemar has yet to comment on the report"
    ) in out
