"""Who a story is for: the values of ``ArticlePage.access``.

The one list of access levels: the story's field, the Markdown import and the
access policy (``herald.access.policy.can_read``) all use these names.
"""

from django.db import models


class AccessLevel(models.TextChoices):
    FREE = "free", "Free"
    METERED = "metered", "Metered"
    MEMBERS = "members", "Members only"
