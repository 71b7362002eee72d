"""Every kind of headline contradiction has its words, read through `herald validate`:
what the headline does (the finding's message) and what the story says instead (its
reason) come from one table, `claims.KINDS`, and each kind has an example story here that
shows both. The agreeing headline over the same story is the control."""

import pytest

from herald.validation.checks.claims import KINDS
from tests.unit.validation import test_headline_claims, test_headline_outcomes
from tests.unit.validation.test_headline_claims import CLAIM_REASON, headline_findings

# kind: the example story (in the claims or the outcomes tables) that shows it
EXAMPLES = {
    "alive": test_headline_claims.STORIES["alive"],
    "unconfirmed": test_headline_claims.STORIES["unconfirmed"],
    "reversed": test_headline_claims.STORIES["reversed"],
    "negated": test_headline_claims.STORIES["negated"],
    "refused": test_headline_claims.STORIES["refused"],
    "not_done": test_headline_claims.STORIES["not_done"],
    "number": test_headline_claims.STORIES["number"],
    "other_act": test_headline_claims.STORIES["other_act"],
    "outcome": test_headline_outcomes.STORIES["acquitted"],
    "roles": test_headline_outcomes.STORIES["roles_active"],
    "actor": test_headline_outcomes.STORIES["actor"],
    "future": test_headline_outcomes.STORIES["future"],
    "scope": test_headline_outcomes.STORIES["scope"],
    "number_from": test_headline_outcomes.STORIES["number_from"],
    "denied": test_headline_outcomes.STORIES["denied_act"],
    "planned": test_headline_outcomes.STORIES["hospital_merger"],
    "magnitude": test_headline_outcomes.STORIES["magnitude"],
}


def test_every_kind_has_an_example_story():
    assert sorted(EXAMPLES) == sorted(KINDS)


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_each_kind_says_what_the_headline_does_and_what_the_story_says(tmp_path, capsys, kind):
    paragraphs, headline, (headline_cue, _), _ = EXAMPLES[kind]
    findings = headline_findings(tmp_path, capsys, headline, paragraphs)
    claims = [f for f in findings if f["reason"].startswith(CLAIM_REASON)]
    assert len(claims) == 1, findings
    (claim,) = claims
    said = claim["message"].split(": it says “", 1)[1].split("”, the body says “", 1)[0]
    assert headline_cue in said
    assert claim["message"].startswith(f"The headline {KINDS[kind].headline}: it says “")
    assert claim["reason"].startswith(f"Cue: the headline says “{said}”; {KINDS[kind].story} (“")


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_the_agreeing_headline_over_the_same_story_has_no_such_words(tmp_path, capsys, kind):
    paragraphs, _, _, agreeing = EXAMPLES[kind]
    findings = headline_findings(tmp_path, capsys, agreeing, paragraphs)
    assert not [f for f in findings if f["reason"].startswith(CLAIM_REASON)]
