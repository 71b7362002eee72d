"""missing_dateline: a news story whose body does not open "PLACE —".

What counts as a dateline is herald.articles.datelines' rule, the one the
importer and the story editor use, so a dateline they keep is never reported
missing here.
"""

from __future__ import annotations

import re

from herald.articles.datelines import EM_DASH, opening_dateline
from herald.validation.checks.base import finding
from herald.validation.types import INFO, WARNING, Finding, Story

CHECK = "missing_dateline"


def check_missing_dateline(story: Story) -> list[Finding]:
    """News bodies open with "PLACE —"; a hyphen or en dash there is a style slip."""
    body = story.body
    if story.kind != "news" or not body.strip():
        return []
    opening = opening_dateline(body)
    if opening is not None and opening.dash == EM_DASH:
        return []
    if opening is not None:
        name = "an en dash" if opening.dash in "–‒―" else "a hyphen"
        message = f"Dateline written with {name}; use an em dash: “PLACE —”."
        return [finding(CHECK, INFO, message, "body", body, opening.start, opening.end)]
    start = len(body) - len(body.lstrip())
    words = re.match(r"\S+(?:\s+\S+){0,5}", body[start:])
    end = start + (words.end() if words else 0)
    message = "News story has no dateline: open the body with “PLACE —”."
    return [finding(CHECK, WARNING, message, "body", body, start, end)]
