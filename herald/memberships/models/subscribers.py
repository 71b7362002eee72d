"""Readers who gave an address: subscribers, their newsletter choices and sign-in links."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

#: What a reader agrees to who joins as a member without subscribing first: an account, no
#: newsletter (``actions.sign_in_with_link``).
JOIN_CONSENT_TEXT = "Make me a reader account to join as a member. No newsletter."


class Subscriber(models.Model):
    """A reader who gave an e-mail address and agreed to hear from the newsroom.

    The address counts only once confirmed by the link we mail (double opt-in).
    """

    email = models.EmailField(unique=True)
    name = models.CharField(max_length=150, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="subscriber", help_text="The reader's account, once they have signed in.",
    )
    consent_text = models.CharField(max_length=300, help_text="What the reader agreed to.")
    consented_at = models.DateTimeField()
    confirmed_at = models.DateTimeField(
        null=True, blank=True, help_text="When the reader confirmed the address by the mailed link."
    )
    source_path = models.CharField(max_length=300, blank=True, help_text="Where they signed up.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.email

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None

    @property
    def agreed_to_newsletters(self) -> bool:
        """False for a reader who only made an account to join (``JOIN_CONSENT_TEXT``)."""
        return self.consent_text != JOIN_CONSENT_TEXT


class SignInLink(models.Model):
    """A single-use, expiring sign-in link. Only hashes are stored: the token
    travels in the e-mail, the browser secret in the requesting browser's cookie."""

    token_hash = models.CharField(max_length=64, unique=True)
    browser_hash = models.CharField(max_length=64, blank=True)
    email = models.EmailField()
    next_path = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["expires_at"])]

    def __str__(self):
        return f"sign-in link for {self.email}"

    @property
    def is_expired(self) -> bool:
        return timezone.now() >= self.expires_at
