"""Desk choices become newsletter choices: every desk gets its newsletter (named like
the desk), and each subscriber who chose a desk is subscribed to that desk's newsletter."""

from django.db import migrations


def desk_choices_to_newsletters(apps, schema_editor):
    DeskPage = apps.get_model("newsroom", "DeskPage")
    Newsletter = apps.get_model("newsletters", "Newsletter")
    Subscription = apps.get_model("newsletters", "Subscription")
    Subscriber = apps.get_model("memberships", "Subscriber")
    for desk in DeskPage.objects.all():
        newsletter = Newsletter.objects.filter(name=desk.title).first()
        if newsletter is None:
            slug = desk.slug
            if Newsletter.objects.filter(slug=slug).exists():
                slug = f"{desk.slug}-desk"
            newsletter = Newsletter.objects.create(
                name=desk.title, slug=slug, description=f"Stories from the {desk.title}.",
                kinds=[])
            newsletter.desks.add(desk)
        chooser_ids = Subscriber.desks.through.objects.filter(deskpage_id=desk.pk).values_list(
            "subscriber_id", flat=True)
        Subscription.objects.bulk_create(
            [Subscription(subscriber_id=pk, newsletter=newsletter) for pk in chooser_ids],
            ignore_conflicts=True)


def newsletter_choices_to_desks(apps, schema_editor):
    Subscription = apps.get_model("newsletters", "Subscription")
    Subscriber = apps.get_model("memberships", "Subscriber")
    for subscription in Subscription.objects.filter(unsubscribed_at__isnull=True):
        for desk in subscription.newsletter.desks.all():
            Subscriber.desks.through.objects.get_or_create(
                subscriber_id=subscription.subscriber_id, deskpage_id=desk.pk)


class Migration(migrations.Migration):

    dependencies = [
        ("newsletters", "0001_initial"),
        ("memberships", "0004_subscriber_name"),
        ("newsroom", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(desk_choices_to_newsletters, newsletter_choices_to_desks),
    ]
