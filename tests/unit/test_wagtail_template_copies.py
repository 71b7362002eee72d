"""Herald's copies of Wagtail admin templates stay Wagtail's, but for their marked changes.

A copied template shadows Wagtail's own; when Wagtail changes its template in an upgrade,
the copy would go on serving the old one. Each copy below is compared with the template
of the installed Wagtail, Herald's comment block and its changed lines taken out: an
upgrade that changes the original fails here, naming the file to carry the change over to.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import wagtail

HERALD = Path(__file__).resolve().parents[2] / "herald"
WAGTAIL_TEMPLATES = Path(wagtail.__file__).parent / "admin" / "templates"

# Each copy, with the lines its change adds in place of the original's lines.
COPIES = {
    "newsroom/templates/wagtailadmin/shared/side_panels/includes/status/workflow.html": (
        # A story its desk sent back is headed "Sent back for changes" (test_sent_back_status).
        "{% if workflow_state.status == \"needs_changes\" %}\n"
        "{# Herald: a story its desk sent back is with its reporter, not awaiting the desk #}\n"
        "{% trans 'Sent back for changes' as title %}\n"
        "{% else %}\n"
        "{% trans 'In Moderation' as title %}\n"
        "{% endif %}",
        "{% trans 'In Moderation' as title %}",
    ),
}


def _lines(text: str) -> str:
    """The template's lines without their indentation (a change may nest a line deeper)."""
    return "\n".join(line.strip() for line in text.splitlines())


@pytest.mark.parametrize("copy", sorted(COPIES))
def test_a_copied_wagtail_template_differs_from_wagtails_only_where_marked(copy):
    ours = (HERALD / copy).read_text()
    original = WAGTAIL_TEMPLATES / copy.split("/templates/", 1)[1]
    assert original.exists(), f"Wagtail no longer has {original.name}: rework herald/{copy}"
    changed, was = COPIES[copy]
    ours = re.sub(r"\{% comment %\}\s*Herald:.*?\{% endcomment %\}\n", "", ours, count=1, flags=re.S)
    assert changed in _lines(ours), f"herald/{copy} no longer holds its marked change"
    assert _lines(ours).replace(changed, was) == _lines(original.read_text()), (
        f"Wagtail's {original.relative_to(WAGTAIL_TEMPLATES)} changed: carry Herald's change "
        f"over to herald/{copy}")
