"""The plain data the validation assistant reads and reports."""

from __future__ import annotations

import hashlib
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
    # Why it was raised, in words: the rule or cue that fired, and the model's
    # confidence when a model decided.
    reason: str = ""

    @property
    def fingerprint(self) -> str:
        """Stable across edits elsewhere in the story: the check, field and words."""
        key = f"{self.check}|{self.field}|{' '.join(self.evidence.lower().split())}"
        return hashlib.sha256(key.encode("utf-8")).hexdigest()[:20]

    def to_dict(self) -> dict:
        return {**asdict(self), "fingerprint": self.fingerprint}


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
    # Findings the desk marked "not a problem" on this story: left out of `findings`.
    dismissed: list[Finding] = field(default_factory=list)

    def without(self, fingerprints: set[str]) -> Report:
        """The report with the desk's dismissed findings moved aside."""
        if not fingerprints:
            return self
        keep = [f for f in self.findings if f.fingerprint not in fingerprints]
        gone = [f for f in self.findings if f.fingerprint in fingerprints]
        return Report(findings=keep, sources=self.sources, dismissed=self.dismissed + gone)

    def to_dict(self) -> dict:
        return {
            "findings": [f.to_dict() for f in self.findings],
            "sources": [s.to_dict() for s in self.sources],
            "dismissed": [f.to_dict() for f in self.dismissed],
        }
