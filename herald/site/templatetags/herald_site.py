from __future__ import annotations

import re

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()

_FIRST_P = re.compile(r"<p(\s[^>]*)?>", re.IGNORECASE)


@register.simple_tag(takes_context=True)
def article_body(context, page):
    """Render the story body with the dateline ("ROME —") opening its first paragraph."""
    parts = []
    dateline = page.dateline_label
    for block in page.body:
        html = str(block.render(context=context.flatten()))
        if dateline and block.block_type == "paragraph":
            match = _FIRST_P.search(html)
            if match:
                label = format_html('<span class="dateline">{}</span> ', dateline)
                html = html[: match.end()] + label + html[match.end():]
                dateline = ""
        parts.append(html)
    return mark_safe("\n".join(parts))
