from django.apps import AppConfig


class NewsroomConfig(AppConfig):
    name = "herald.newsroom"
    label = "newsroom"
    verbose_name = "Newsroom"

    def ready(self):
        from herald.newsroom import signal_handlers  # noqa: F401
