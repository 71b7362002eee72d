"""Access settings are part of every gated page (the meter, the prompt's words),
so changing them bumps the content version and cached pages are rebuilt."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from herald.access.models import AccessSettings
from herald.core import content_version


@receiver(post_save, sender=AccessSettings)
def access_settings_changed(sender, created=False, **kwargs):
    # The row is created with the defaults on first use: nothing changes for readers.
    if not created:
        content_version.bump()
