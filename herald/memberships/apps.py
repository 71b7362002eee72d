from django.apps import AppConfig


class MembershipsConfig(AppConfig):
    name = "herald.memberships"
    label = "memberships"
    verbose_name = "Readers and members"

    def ready(self):
        from herald.memberships import checks  # noqa: F401  (registers system checks)
