from django.db import models


class Subscriber(models.Model):
    """A reader who gave an e-mail address and agreed to hear from the newsroom."""

    email = models.EmailField(unique=True)
    consent_text = models.CharField(max_length=300, help_text="What the reader agreed to.")
    consented_at = models.DateTimeField()
    source_path = models.CharField(max_length=300, blank=True, help_text="Where they signed up.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.email
