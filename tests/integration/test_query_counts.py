"""Reader pages issue a bounded number of queries, whatever the archive's size.

Each page is rendered uncached (the page cache is keyed by the content version;
the cache is cleared before each) with a small archive, then again after
twenty more stories: the count must not grow, and stays under the pinned limit.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from herald.articles.models import ArticlePage, Topic
from herald.discovery.models import EditorsPick, EditorsPicks
from herald.discovery.trending import record_view, trending_ids

LIMITS = {"home": 15, "article": 27, "desk": 11, "topic": 12, "topics": 11,
          "archive": 11, "month": 11, "search": 16}


def add_stories(newsroom, topic, count, start):
    desk = newsroom.desks["europe"]
    for n in range(start, start + count):
        story = ArticlePage(title=f"Harbour story {n}", slug=f"harbour-{n}", dateline="ROME",
                            body=[{"type": "paragraph", "value": f"<p>Harbour news {n}.</p>"},
                                  {"type": "paragraph", "value": "<p>More.</p>"}])
        desk.add_child(instance=story)
        story.topics.set([topic])
        story.save_revision().publish()
        record_view(story.pk, address=f"203.0.113.{n % 250}", user_agent="Mozilla/5.0 Firefox")
    trending_ids(1)  # the database store writes views behind: write them before measuring


def count_queries(client, urls) -> dict[str, int]:
    counts = {}
    for name, url in urls.items():
        from django.core.cache import cache

        cache.clear()  # uncached: every fragment and page rendered afresh
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, (name, url)
        counts[name] = len(queries)
    return counts


@pytest.mark.django_db
def test_reader_pages_issue_a_bounded_number_of_queries(client, newsroom, home):
    topic = Topic.objects.create(name="Harbours", slug="harbours")
    add_stories(newsroom, topic, 5, 0)
    story = ArticlePage.objects.get(slug="harbour-2")
    picks = EditorsPicks.for_site(home.get_site())
    EditorsPick.objects.create(picks=picks, article=ArticlePage.objects.get(slug="harbour-4"),
                               sort_order=0)
    month = story.first_published_at
    urls = {"home": "/", "article": story.url, "desk": newsroom.desks["europe"].url,
            "topic": "/topics/harbours/", "topics": "/topics/", "archive": "/archive/",
            "month": f"/archive/{month:%Y}/{month:%m}/", "search": "/search/?q=harbour"}
    small = count_queries(client, urls)
    add_stories(newsroom, topic, 20, 5)
    large = count_queries(client, urls)
    grew = {k: (small[k], large[k]) for k in small if large[k] > small[k]}
    assert not grew, grew
    print("queries per page:", large)
    over = {name: count for name, count in large.items() if count > LIMITS[name]}
    assert not over, (over, large)

