from django.apps import AppConfig


class DiscoveryConfig(AppConfig):
    name = "herald.discovery"
    label = "discovery"
    verbose_name = "Discovery"

    def ready(self):
        from herald.discovery import panels, signal_handlers  # noqa: F401
