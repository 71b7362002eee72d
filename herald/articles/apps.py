from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "herald.articles"
    label = "articles"
    verbose_name = "Articles"

    def ready(self):
        from herald.articles import signal_handlers  # noqa: F401
