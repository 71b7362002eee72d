"""The desk validation assistant: what a careful editor would query in a story.

    from herald.validation import validate_story, Story
    report = validate_story(Story(headline=..., standfirst=..., body=..., kind="news"))

Each check is a pure function over the story; see docs/validation.md.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cache
from importlib import import_module

from herald.validation.types import Finding, Report, Source, Story

# Each check's function, imported on first use (``CHECKS``): compiling the checks'
# patterns took about 0.1 s of CPU at the start of every `herald` command and server
# process, most of which never validate a story.
_CHECK_FUNCTIONS = {
    "state_media": "herald.validation.checks.state_media.check_state_media",
    "anonymous_source": "herald.validation.checks.anonymous_source.check_anonymous_source",
    "unattributed_quote": "herald.validation.checks.unattributed_quote.check_unattributed_quote",
    "headline_unsupported": "herald.validation.checks.headline.check_headline_unsupported",
    "loaded_language": "herald.validation.checks.loaded_language.check_loaded_language",
    "missing_dateline": "herald.validation.checks.dateline.check_missing_dateline",
    "inconsistent_name": "herald.validation.checks.names.check_inconsistent_name",
}
CHECK_NAMES: tuple[str, ...] = tuple(_CHECK_FUNCTIONS)
CHECKS: dict[str, Callable[[Story], list[Finding]]]  # the check functions by name


@cache
def _checks() -> dict[str, Callable[[Story], list[Finding]]]:
    checks = {}
    for check, path in _CHECK_FUNCTIONS.items():
        module, _, function = path.rpartition(".")
        checks[check] = getattr(import_module(module), function)
    return checks


def __getattr__(name: str):
    """``CHECKS``, its modules imported on first use (PEP 562)."""
    if name == "CHECKS":
        return _checks()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


_FIELD_ORDER = {"headline": 0, "standfirst": 1, "body": 2}

__all__ = ["CHECK_NAMES", "Finding", "Report", "Source", "Story", "validate_story"]


def validate_story(story: Story, checks: Iterable[str] | None = None) -> Report:
    """Run the named checks (all by default) and build the sourcing summary."""
    from herald.validation.sourcing import sources  # on first use, as the checks

    names = CHECK_NAMES if checks is None else tuple(checks)
    unknown = [n for n in names if n not in CHECK_NAMES]
    if unknown:
        raise ValueError(
            f"Unknown validation check {unknown[0]!r}; choose from {', '.join(CHECK_NAMES)}."
        )
    findings = [f for name in names for f in _checks()[name](story)]
    findings.sort(key=lambda f: (_FIELD_ORDER[f.field], f.start, f.check))
    return Report(findings=findings, sources=sources(story))
