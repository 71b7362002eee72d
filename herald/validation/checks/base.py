"""What every check shares: the fields it reads and how it reports."""

from __future__ import annotations

from collections.abc import Iterator

from herald.validation.types import FIELDS, Finding, Story


def fields(story: Story, names: tuple[str, ...] = FIELDS) -> Iterator[tuple[str, str]]:
    for name in names:
        text = story.text(name)
        if text:
            yield name, text


def finding(
    check: str,
    severity: str,
    message: str,
    field: str,
    text: str,
    start: int,
    end: int,
    reason: str = "",
) -> Finding:
    return Finding(
        check=check,
        severity=severity,
        message=message,
        evidence=text[start:end],
        field=field,
        start=start,
        end=end,
        reason=reason,
    )


def quoted(text: str) -> str:
    return f"“{text}”"
