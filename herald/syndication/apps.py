from django.apps import AppConfig


class SyndicationConfig(AppConfig):
    name = "herald.syndication"
    label = "syndication"
    verbose_name = "Syndication"

    def ready(self):
        from herald.syndication import signal_handlers  # noqa: F401  (connects the purges)
