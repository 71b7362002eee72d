"""What each check and severity is called where a person reads it.

The check codes (``anonymous_source``) are for machines: JSON output, stored
acknowledgements, desk policies. Editors read these names instead, in the
editor's report panel, the approval screen, the page history and the text
output of ``herald validate``. One place, so every surface says the same.
"""

from __future__ import annotations

CHECK_LABELS: dict[str, str] = {
    "state_media": "State-affiliated media",
    "anonymous_source": "Unnamed source",
    "unattributed_quote": "Quote without a speaker",
    "headline_unsupported": "Headline not supported by the story",
    "loaded_language": "Loaded language",
    "missing_dateline": "Dateline missing or mistyped",
    "inconsistent_name": "Name spelt two ways",
}

SEVERITY_LABELS: dict[str, str] = {
    "warning": "Check before publishing",
    "info": "Style note",
}

FIELD_LABELS: dict[str, str] = {
    "headline": "headline",
    "standfirst": "standfirst",
    "body": "body",
}

SOURCE_LABELS: dict[str, str] = {
    "person": "person",
    "institution": "institution",
    "document": "document",
    "state_media": "state-affiliated media",
    "anonymous": "unnamed",
}


def check_label(check: str) -> str:
    """The human name of a check; an unknown code reads as words, never as a code."""
    return CHECK_LABELS.get(check) or check.replace("_", " ").capitalize()


def severity_label(severity: str) -> str:
    return SEVERITY_LABELS.get(severity) or severity.capitalize()


def field_label(field: str) -> str:
    return FIELD_LABELS.get(field, field)


def source_label(kind: str) -> str:
    return SOURCE_LABELS.get(kind) or kind.replace("_", " ")
