from django.apps import AppConfig


class NewslettersConfig(AppConfig):
    name = "herald.newsletters"
    label = "newsletters"
    verbose_name = "Newsletters"

    def ready(self):
        from herald.newsletters import signal_handlers  # noqa: F401
