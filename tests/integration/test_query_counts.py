"""Reader pages issue a bounded number of queries, whatever the archive's size.

Each page is rendered uncached (the page cache is keyed by the content version;
the cache is cleared before each) with a small archive, then again after
twenty more stories: the count must not grow, and stays under the pinned limit.
"""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from herald.articles import lead_images
from herald.articles.models import ArticlePage, Topic
from herald.discovery.models import EditorsPick, EditorsPicks
from herald.discovery.trending import record_view, trending_ids

# Every story has a lead picture: a list fetches them with their renditions in two
# queries, and the publication's paywall rules once (gated stories' pictures are signed).
# Search on PostgreSQL: the archive's span, one query per window of years looked
# through (one here, which ranks its matches too), and the public words of the gated results.
LIMITS = {"home": 18, "article": 21, "desk": 14, "topic": 12, "topics": 8,
          "archive": 8, "month": 11, "month-last": 11, "search": 17}


def lead_picture(n: int):
    """A small picture with the renditions lists, pages and previews ask for already made
    (made on first view, they would count as queries of the first page to show them)."""
    from django.core.files.base import ContentFile
    from PIL import Image as PILImage
    from wagtail.images.models import Filter, Image

    buffer = io.BytesIO()
    PILImage.new("RGB", (320, 200), (n * 9 % 256, 80, 120)).save(buffer, "PNG")
    image = Image(title=f"Quay {n}", file=ContentFile(buffer.getvalue(), name=f"quay-{n}.png"))
    image.save()
    specs = [lead_images.CARD, lead_images.SHARE, "width-{480,800,1200}|format-webp"]
    image.get_renditions(*(spec for group in specs for spec in Filter.expand_spec(group)))
    return image


def add_stories(newsroom, topic, count, start):
    desk = newsroom.desks["europe"]
    for n in range(start, start + count):
        story = ArticlePage(title=f"Harbour story {n}", slug=f"harbour-{n}", dateline="ROME",
                            lead_image=lead_picture(n), lead_image_alt=f"The quay, {n}",
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
def test_reader_pages_issue_a_bounded_number_of_queries(client, newsroom, home, settings,
                                                       tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    topic = Topic.objects.create(name="Harbours", slug="harbours")
    add_stories(newsroom, topic, 5, 0)
    story = ArticlePage.objects.get(slug="harbour-2")
    picks = EditorsPicks.for_site(home.get_site())
    EditorsPick.objects.create(picks=picks, article=ArticlePage.objects.get(slug="harbour-4"),
                               sort_order=0)
    month = story.first_published_at
    urls = {"home": "/", "article": story.url, "desk": newsroom.desks["europe"].url,
            "topic": "/topics/harbours/", "topics": "/topics/", "archive": "/archive/",
            "month": f"/archive/{month:%Y}/{month:%m}/",
            "month-last": f"/archive/{month:%Y}/{month:%m}/?oldest=1",  # the archive's last page
            "search": "/search/?q=harbour"}
    small = count_queries(client, urls)
    add_stories(newsroom, topic, 20, 5)
    large = count_queries(client, urls)
    grew = {k: (small[k], large[k]) for k in small if large[k] > small[k]}
    assert not grew, grew
    print("queries per page:", large)
    over = {name: count for name, count in large.items() if count > LIMITS[name]}
    assert not over, (over, large)

