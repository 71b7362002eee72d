"""The desk validation assistant: what a careful editor would query in a story.

    from herald.validation import validate_story, Story
    report = validate_story(Story(headline=..., standfirst=..., body=..., kind="news"))

Each check is a pure function over the story; see docs/validation.md.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from herald.validation.checks.anonymous_source import check_anonymous_source
from herald.validation.checks.dateline import check_missing_dateline
from herald.validation.checks.headline import check_headline_unsupported
from herald.validation.checks.loaded_language import check_loaded_language
from herald.validation.checks.names import check_inconsistent_name
from herald.validation.checks.state_media import check_state_media
from herald.validation.checks.unattributed_quote import check_unattributed_quote
from herald.validation.sourcing import sources
from herald.validation.types import Finding, Report, Source, Story

CHECKS: dict[str, Callable[[Story], list[Finding]]] = {
    "state_media": check_state_media,
    "anonymous_source": check_anonymous_source,
    "unattributed_quote": check_unattributed_quote,
    "headline_unsupported": check_headline_unsupported,
    "loaded_language": check_loaded_language,
    "missing_dateline": check_missing_dateline,
    "inconsistent_name": check_inconsistent_name,
}
CHECK_NAMES: tuple[str, ...] = tuple(CHECKS)
_FIELD_ORDER = {"headline": 0, "standfirst": 1, "body": 2}

__all__ = ["CHECK_NAMES", "Finding", "Report", "Source", "Story", "validate_story"]


def validate_story(story: Story, checks: Iterable[str] | None = None) -> Report:
    """Run the named checks (all by default) and build the sourcing summary."""
    names = CHECK_NAMES if checks is None else tuple(checks)
    unknown = [n for n in names if n not in CHECKS]
    if unknown:
        raise ValueError(
            f"Unknown validation check {unknown[0]!r}; choose from {', '.join(CHECK_NAMES)}."
        )
    findings = [f for name in names for f in CHECKS[name](story)]
    findings.sort(key=lambda f: (_FIELD_ORDER[f.field], f.start, f.check))
    return Report(findings=findings, sources=sources(story))
