"""Read a story page (or the editor's unsaved form) as the assistant's plain Story."""

from __future__ import annotations

from herald.articles.datelines import with_dateline
from herald.validation import Story, validate_story
from herald.validation.types import Report


def story_from_page(page, paragraphs: list[str] | None = None) -> Story:
    """The story as plain text; `paragraphs` limits the body (e.g. to the public part)."""
    paragraphs = list(page.paragraphs if paragraphs is None else paragraphs)
    if paragraphs:
        paragraphs[0] = with_dateline(paragraphs[0], page.dateline)
    return Story(
        headline=page.title,
        standfirst=page.standfirst or "",
        body="\n\n".join(paragraphs),
        kind=page.kind,
    )


def policy_for(desk):
    from herald.validation.policy import DeskValidationPolicy

    if desk is None:
        return None
    return DeskValidationPolicy.objects.filter(desk=desk).first()


def report_for(page) -> Report:
    """The saved story's report, without the findings its desk marked not a problem. A
    page that is not a story (a desk's own page, which its desk's workflow approves too)
    has nothing to check."""
    from herald.validation.dismissals import dismissed_fingerprints

    if not getattr(page, "is_story", False):
        return Report()
    policy = policy_for(page.desk)
    checks = policy.enabled_checks if policy else None
    report = validate_story(story_from_page(page), checks=checks)
    return report.without(dismissed_fingerprints(page))


def blocking_findings(page, report: Report | None = None) -> list:
    """Findings the desk wants acknowledged one by one before approval."""
    policy = policy_for(getattr(page, "desk", None))
    severities = set(policy.blocking_severities) if policy else {"warning"}
    report = report or report_for(page)
    return [f for f in report.findings if f.severity in severities]


def finding_id(finding) -> str:
    return f"{finding.check}:{finding.field}:{finding.start}:{finding.end}"
