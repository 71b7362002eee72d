"""Full-archive search that never reveals what the paywall withholds.

The index holds whole stories (members search the full archive). For any
other reader, a story they may not read in full is kept only when every
query word is in the part they can see: otherwise the match itself would
tell them a word stands behind the cut.
"""

from __future__ import annotations

import re

from django.utils import timezone
from wagtail.models import Site

from herald.access.entitlement import rules_for_site, story_facts
from herald.access.paywall import open_paragraphs
from herald.access.policy import NO_METER, can_read
from herald.access.readers import reader_for
from herald.articles.models import ArticlePage

MAX_RESULTS = 200
_WORD = re.compile(r"\w+", re.UNICODE)


def _words(text: str) -> set[str]:
    return {word.lower() for word in _WORD.findall(text)}


def search_stories(request, query: str) -> list[ArticlePage]:
    reader = reader_for(request)
    rules = rules_for_site(Site.find_for_request(request))
    now = timezone.now()
    wanted = _words(query)
    results = []
    for page in ArticlePage.objects.live().select_related("desk").search(query)[:MAX_RESULTS]:
        decision = can_read(story_facts(page), reader, NO_METER, now, archive_days=rules.archive_days)
        if decision.full:
            results.append(page)
            continue
        visible = _words(" ".join([page.title, page.standfirst, *open_paragraphs(page)]))
        if all(any(v.startswith(w) for v in visible) for w in wanted):
            results.append(page)
    return results
