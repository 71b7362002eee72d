from django.apps import AppConfig


class SiteConfig(AppConfig):
    name = "herald.site"
    label = "site"
    verbose_name = "Reader site"

    def ready(self):
        from herald.site import signal_handlers  # noqa: F401
