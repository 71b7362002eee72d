"""How many live stories each month and each topic has, kept at publish time.

The archive's month index and the topics index used to count the whole
archive on every render (``dates()`` over every live story, a count per
topic over every story): 1.6-2.2 s at 200,000 stories. They now read
``MonthCount`` and ``TopicCount``, one small row per month and per topic, so
they cost the same at any archive size.

The counts are recounted, not adjusted: publishing, editing, unpublishing or
deleting a story recounts the months and topics it is in and was in
(``CountedStory`` remembers what a story was last counted under). A recount
of one month or one topic is an exact ``COUNT`` over the live stories (the
date index for a month, the topic's rows for a topic), so a missed signal
leaves no lasting error: the next story published in that month or topic
puts it right, and ``herald reindex`` recounts everything.
"""

from __future__ import annotations

import calendar
from collections import Counter
from collections.abc import Callable
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from herald.articles.models import ArticlePage, Topic
from herald.discovery.models import CountedStory, MonthCount, TopicCount

CHUNK = 2000


def month_of(published: datetime) -> date:
    """The first day of the month ``published`` falls in, on the site's clock (as the archive)."""
    return timezone.localtime(published).date().replace(day=1)


def month_range(month: date) -> tuple[datetime, datetime]:
    """The first and last instant of ``month`` on the site's clock: the archive page's range."""
    tz = timezone.get_current_timezone()
    last_day = calendar.monthrange(month.year, month.month)[1]
    return (datetime(month.year, month.month, 1, tzinfo=tz),
            datetime(month.year, month.month, last_day, 23, 59, 59, 999999, tzinfo=tz))


def months() -> list[date]:
    """The months with at least one live story, newest first: one query on a small table."""
    return list(MonthCount.objects.filter(stories__gt=0).order_by("-month")
                .values_list("month", flat=True))


def months_of_year(year: int) -> list[MonthCount]:
    """The months of ``year`` with at least one live story, oldest first, each with its
    count (``stories``): one query on a small table."""
    return list(MonthCount.objects.filter(stories__gt=0, month__year=year).order_by("month"))


def topics() -> list[Topic]:
    """The topics with at least one live story, by name, each with ``stories``: one query."""
    found = list(Topic.objects.filter(story_count__stories__gt=0)
                 .select_related("story_count").order_by("name"))
    for topic in found:
        topic.stories = topic.story_count.stories
    return found


@transaction.atomic
def remember(article_id: int) -> None:
    """Recount what a story is counted under now (as the database has it) and was before."""
    row = CountedStory.objects.select_for_update().filter(article_id=article_id).first()
    old_months = {row.month} if row else set()
    old_topics = set(row.topics) if row else set()
    published = (ArticlePage.objects.live().filter(pk=article_id)
                 .values_list("first_published_at", flat=True).first())
    if published is None:  # not live (or never published): counted nowhere
        new_months, new_topics = set(), set()
        if row:
            row.delete()
    else:
        new_months = {month_of(published)}
        new_topics = set(ArticlePage.topics.through.objects.filter(articlepage_id=article_id)
                         .values_list("topic_id", flat=True))
        CountedStory.objects.update_or_create(
            article_id=article_id,
            defaults={"month": month_of(published), "topics": sorted(new_topics)})
    _recount(old_months | new_months, old_topics | new_topics)


@transaction.atomic
def forget(article_id: int) -> None:
    """Take an unpublished story out of the counts, or a deleted one before its rows go."""
    row = CountedStory.objects.select_for_update().filter(article_id=article_id).first()
    if row is None:
        return
    row.delete()
    # A story being deleted is still live until the deletion's cascade: left out.
    _recount({row.month}, set(row.topics), leave_out=article_id)


def _recount(months: set[date], topic_ids: set[int], leave_out: int | None = None) -> None:
    stories = ArticlePage.objects.live()
    if leave_out is not None:
        stories = stories.exclude(pk=leave_out)
    for month in months:
        count = stories.filter(first_published_at__range=month_range(month)).count()
        MonthCount.objects.update_or_create(month=month, defaults={"stories": count})
    for topic_id in topic_ids:
        count = stories.filter(topics=topic_id).count()
        if Topic.objects.filter(pk=topic_id).exists():
            TopicCount.objects.update_or_create(topic_id=topic_id, defaults={"stories": count})
    MonthCount.objects.filter(stories=0).delete()
    TopicCount.objects.filter(stories=0).delete()


@transaction.atomic
def rebuild(progress: Callable[[int, int], None] | None = None) -> int:
    """Recount every month and topic from the live stories; returns how many stories."""
    CountedStory.objects.all().delete()
    MonthCount.objects.all().delete()
    TopicCount.objects.all().delete()
    stories = ArticlePage.objects.live().filter(first_published_at__isnull=False).order_by("pk")
    total = stories.count()
    through = ArticlePage.topics.through.objects
    month_counts: Counter[date] = Counter()
    topic_counts: Counter[int] = Counter()
    done = last = 0
    while True:
        chunk = list(stories.filter(pk__gt=last).values_list("pk", "first_published_at")[:CHUNK])
        if not chunk:
            break
        ids = [pk for pk, _published in chunk]
        story_topics: dict[int, list[int]] = {}
        for pk, topic_id in through.filter(articlepage_id__in=ids).values_list(
                "articlepage_id", "topic_id"):
            story_topics.setdefault(pk, []).append(topic_id)
        rows = []
        for pk, published in chunk:
            month, own = month_of(published), sorted(story_topics.get(pk, []))
            month_counts[month] += 1
            topic_counts.update(own)
            rows.append(CountedStory(article_id=pk, month=month, topics=own))
        CountedStory.objects.bulk_create(rows)
        done += len(chunk)
        last = chunk[-1][0]
        if progress:
            progress(done, total)
    MonthCount.objects.bulk_create(
        [MonthCount(month=m, stories=n) for m, n in month_counts.items()])
    TopicCount.objects.bulk_create(
        [TopicCount(topic_id=t, stories=n) for t, n in topic_counts.items()])
    return total
