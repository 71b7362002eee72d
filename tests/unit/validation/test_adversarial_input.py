"""Every validation check stays linear on hostile text: 1 MB of input that made a
regular expression backtrack (runs of full stops, initials, one long word, blank
lines, quotes) is checked in under two seconds of CPU time per check."""

from __future__ import annotations

import time

import pytest

from herald.validation import CHECKS
from herald.validation.sourcing import sources
from herald.validation.types import Story

SIZE = 1_000_000
LIMIT_SECONDS = 2.0
ADVERSARIAL = {
    "full stops": ".",  # sentence ends: quadratic before (a run of marks backtracked)
    "initials": "A. ",  # abbreviation test searched the whole paragraph at every stop
    "one long word": "A",  # institution names backtracked over the whole word
    "capitalised words": "Ab ",
    "blank lines": "\n",
    "tabs": "\t",
    "curly quotes": "’",
    "colons": ": ",
    "loaded words": "radical ",  # each hit searched the sentence before it
}
FUNCTIONS = {**CHECKS, "sources": sources}
# The sourcing summary runs the state-media and anonymous-source patterns again. Loaded
# language reads each hit's sentence for attribution and quotation (about 2 s per MB of
# hits on a quiet machine, linear); a quadratic slip on 1 MB takes minutes, not seconds.
LIMITS = {"sources": 2 * LIMIT_SECONDS, "loaded_language": 2 * LIMIT_SECONDS}


@pytest.mark.parametrize("name", list(ADVERSARIAL))
@pytest.mark.parametrize("check", list(FUNCTIONS))
def test_check_is_linear_on_adversarial_input(check, name):
    unit = ADVERSARIAL[name]
    text = (unit * (SIZE // len(unit) + 1))[:SIZE]
    story = Story(headline=text[:2000], body=text)
    FUNCTIONS[check](Story(body="Warm-up so that compiled patterns are not timed."))
    started = time.process_time()
    FUNCTIONS[check](story)
    spent = time.process_time() - started
    assert spent < LIMITS.get(check, LIMIT_SECONDS), (
        f"{check} took {spent:.2f} s on 1 MB of {name!r}"
    )
