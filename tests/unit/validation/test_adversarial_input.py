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
# CPU seconds for 1 MB. The checks take about 1-2 s on this 2-core machine (more when two
# test workers and other jobs share it); a quadratic slip on 1 MB takes minutes.
LIMIT_SECONDS = 4.0
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
# The sourcing summary runs the state-media and anonymous-source patterns again.
LIMITS = {"sources": 2 * LIMIT_SECONDS}


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
