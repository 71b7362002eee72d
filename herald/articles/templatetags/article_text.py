"""The ``typeset`` filter: a story's words with typographic quotes and dashes.

``{{ story.title|typeset }}`` escapes the text and curls its quotes
(``herald.articles.typography``); use it wherever a headline, standfirst or
excerpt is shown to readers.
"""

from django import template

from herald.articles.typography import typeset as typeset_text

register = template.Library()


@register.filter
def typeset(text):
    """``text`` escaped, with typographic quotes, dashes and ellipses."""
    return typeset_text(text)
