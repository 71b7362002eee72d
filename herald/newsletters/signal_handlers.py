"""Newsletters follow the newsroom: a new desk gets its newsletter, an approved
story its send, a confirmed reader the newsletters on offer."""

from __future__ import annotations

from anymail.signals import tracking
from django.db.models.signals import post_save
from django.dispatch import receiver
from wagtail.signals import page_published

from herald.articles.models import ArticlePage
from herald.memberships.models import Subscriber
from herald.newsletters import actions
from herald.newsroom.models import DeskPage
from herald.newsroom.signals import story_approved


@receiver(post_save, sender=DeskPage)
def give_new_desk_its_newsletter(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        actions.newsletter_for_desk(instance)


@receiver(story_approved)
def send_approved_story(sender, page, user, options, **kwargs):
    actions.story_approved(page, by=user, send=bool(options.get("send_to_newsletters")))


@receiver(page_published)
def start_issues_waiting_for_story(sender, instance, **kwargs):
    if isinstance(instance, ArticlePage):
        actions.story_published(instance)


@receiver(post_save, sender=Subscriber)
def give_confirmed_reader_newsletters(sender, instance, created, raw=False, update_fields=None,
                                      **kwargs):
    # Not a member who made an account without a newsletter, until they consent to one.
    if raw or instance.confirmed_at is None or not instance.agreed_to_newsletters:
        return
    if created or (update_fields and {"confirmed_at", "consent_text"} & set(update_fields)):
        actions.subscribe_to_defaults(instance)


PERMANENT_EVENTS = {"bounced": "Bounced", "rejected": "Rejected by the provider",
                    "complained": "Marked as spam"}


@receiver(tracking)
def unsubscribe_bounced_address(sender, event, esp_name, **kwargs):
    """The provider's webhook (django-anymail) reports a permanent failure: stop sending."""
    label = PERMANENT_EVENTS.get(event.event_type)
    if label and event.recipient:
        detail = event.description or event.reject_reason or event.mta_response or ""
        actions.unsubscribe_address(
            event.recipient, reason=f"{label} ({esp_name} webhook){': ' + detail if detail else ''}")
