"""Access settings are part of every gated page (the meter, the prompt's words),
so changing them bumps the reference version (and with it the content version):
cached pages are rebuilt and the cached copy of the settings is read afresh.
Publishing indexes the page's references at once, for herald.access.media."""

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from wagtail.models import ReferenceIndex
from wagtail.signals import page_published

from herald.access.models import AccessSettings
from herald.core import content_version


@receiver(post_save, sender=AccessSettings)
def access_settings_changed(sender, created=False, **kwargs):
    # The row is created with the defaults on first use: nothing changes for readers.
    if not created:
        content_version.bump_references()


@receiver(page_published)
def index_references_when_published(sender, instance, **kwargs):
    """Which stories use a file decides whether its plain address serves it.

    Wagtail updates the reference index in a background task; until the worker
    ran, a just-published gated story's pictures would be judged by the old
    index, and that verdict cached for the new content version.
    """
    if ReferenceIndex.is_indexed(type(instance)):
        with transaction.atomic():
            ReferenceIndex.create_or_update_for_object(instance)
