"""missing_dateline: a news story whose body does not open "PLACE —"."""

from __future__ import annotations

import re

from herald.validation.checks.base import finding
from herald.validation.types import INFO, WARNING, Finding, Story

CHECK = "missing_dateline"
_PLACE = (
    r"[A-Z][A-Z.'’-]*(?:\s+[A-Z][A-Z.'’-]*)*"  # ROME, NEW YORK, ST. PETERSBURG
    r"(?:,\s+[A-Z][A-Za-z.]*(?:\s+[A-Z][A-Za-z.]*)*)?"  # , Italy / , D.C.
    r"(?:\s+\([^)]{1,40}\))?"  # (Herald)
)
_EM_DASH = re.compile(rf"^\s*{_PLACE}\s+—\s*\S")
_OTHER_DASH = re.compile(rf"^\s*(?P<dateline>{_PLACE}\s+(?P<dash>--?|–|‒|―))\s*\S")
_NO_SPACE_DASH = re.compile(rf"^\s*(?P<dateline>{_PLACE}—)\S")


def check_missing_dateline(story: Story) -> list[Finding]:
    """News bodies open with "PLACE —"; a hyphen or en dash there is a style slip."""
    body = story.body
    if story.kind != "news" or not body.strip():
        return []
    if _EM_DASH.match(body) or _NO_SPACE_DASH.match(body):
        return []
    slip = _OTHER_DASH.match(body)
    if slip:
        name = "an en dash" if slip.group("dash") in "–‒―" else "a hyphen"
        message = f"Dateline written with {name}; use an em dash: “PLACE —”."
        start, end = slip.start("dateline"), slip.end("dateline")
        return [finding(CHECK, INFO, message, "body", body, start, end)]
    start = len(body) - len(body.lstrip())
    opening = re.match(r"\S+(?:\s+\S+){0,5}", body[start:])
    end = start + (opening.end() if opening else 0)
    message = "News story has no dateline: open the body with “PLACE —”."
    return [finding(CHECK, WARNING, message, "body", body, start, end)]
