"""Counts of live stories per month and per topic, kept at publish time
(herald.discovery.counts), filled here from the stories already published."""

from collections import Counter

import django.db.models.deletion
from django.db import migrations, models
from django.utils import timezone

CHUNK = 2000


def fill(apps, schema_editor):
    """The same counts as ``counts.rebuild``, from the historical models."""
    ArticlePage = apps.get_model("articles", "ArticlePage")
    through = ArticlePage.topics.through.objects
    CountedStory = apps.get_model("discovery", "CountedStory")
    MonthCount = apps.get_model("discovery", "MonthCount")
    TopicCount = apps.get_model("discovery", "TopicCount")
    stories = ArticlePage.objects.filter(live=True, first_published_at__isnull=False)
    months, topics, last = Counter(), Counter(), 0
    while True:
        chunk = list(stories.filter(pk__gt=last).order_by("pk")
                     .values_list("pk", "first_published_at")[:CHUNK])
        if not chunk:
            break
        own = {}
        for pk, topic_id in through.filter(articlepage_id__in=[pk for pk, _ in chunk]) \
                .values_list("articlepage_id", "topic_id"):
            own.setdefault(pk, []).append(topic_id)
        rows = []
        for pk, published in chunk:
            month = timezone.localtime(published).date().replace(day=1)
            months[month] += 1
            topics.update(own.get(pk, []))
            rows.append(CountedStory(article_id=pk, month=month, topics=sorted(own.get(pk, []))))
        CountedStory.objects.bulk_create(rows)
        last = chunk[-1][0]
    MonthCount.objects.bulk_create([MonthCount(month=m, stories=n) for m, n in months.items()])
    TopicCount.objects.bulk_create([TopicCount(topic_id=t, stories=n) for t, n in topics.items()])


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0005_articlepage_lead_image'),
        ('discovery', '0004_suggestion_words'),
    ]

    operations = [
        migrations.CreateModel(
            name='CountedStory',
            fields=[
                ('article', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='+', serialize=False, to='articles.articlepage')),
                ('month', models.DateField()),
                ('topics', models.JSONField(default=list)),
            ],
            options={
                'verbose_name_plural': 'counted stories',
            },
        ),
        migrations.CreateModel(
            name='MonthCount',
            fields=[
                ('month', models.DateField(help_text="The month's first day.", primary_key=True, serialize=False)),
                ('stories', models.PositiveIntegerField(default=0)),
            ],
        ),
        migrations.CreateModel(
            name='TopicCount',
            fields=[
                ('topic', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='story_count', serialize=False, to='articles.topic')),
                ('stories', models.PositiveIntegerField(default=0)),
            ],
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
