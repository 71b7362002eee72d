from django.apps import AppConfig


class MembershipsConfig(AppConfig):
    name = "herald.memberships"
    label = "memberships"
    verbose_name = "Readers and members"
