from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "herald.access"
    label = "access"
    verbose_name = "Access and paywall"

    def ready(self):
        from herald.access import checks, signal_handlers  # noqa: F401
