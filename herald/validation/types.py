"""The plain data the validation assistant reads and reports."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

FIELDS = ("headline", "standfirst", "body")
WARNING = "warning"
INFO = "info"


@dataclass(frozen=True)
class Story:
    """A story as the desk sees it: plain text, paragraphs separated by blank lines."""

    headline: str = ""
    standfirst: str = ""
    body: str = ""
    kind: str = "news"

    def text(self, field_name: str) -> str:
        return getattr(self, field_name)


@dataclass(frozen=True)
class Finding:
    """One thing a careful editor would query, with the exact words it points at."""

    check: str
    severity: str
    message: str
    evidence: str
    field: str
    start: int
    end: int

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Source:
    """A source the story names (or leaves unnamed), for the sourcing summary."""

    kind: str
    name: str
    field: str
    start: int
    end: int

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Report:
    findings: list[Finding] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "findings": [f.to_dict() for f in self.findings],
            "sources": [s.to_dict() for s in self.sources],
        }
