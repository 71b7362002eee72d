"""The reader site's page layout, as Wagtail's admin checks it.

Wagtail's content checker (the editor's *Checks* panel, and the userbar's *Issues found* on
a page) runs axe over the whole page by default: the masthead, the subscribe bands and the
footer that every page shares (``templates/site/base.html``) as well as what the page's
editor wrote. On a story, a reporter was shown "Misusing paragraphs as headings:
.site-footer__name" (the publication's name in the footer), which nothing on the story's
edit page can change. The checker now checks the page's own content, its ``<main>``, which
is also what Wagtail's content metrics (words, reading time, readability) read; a story's
More, Support, author box, Picks and Trending lists sit after it (``base.html``'s
``complementary`` block), so a story's word count is its own.
"""

from __future__ import annotations

from wagtail import hooks
from wagtail.admin.userbar import ContentCheckerItem

# The element of site/base.html that holds a page's own content.
PAGE_CONTENT = ["main"]


@hooks.register("construct_wagtail_userbar")
def check_the_pages_own_content(request, items, page=None):
    for item in items:
        if isinstance(item, ContentCheckerItem):
            item.axe_include = list(PAGE_CONTENT)
