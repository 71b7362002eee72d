from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "herald.core"
    label = "core"
    verbose_name = "Herald core"

    def ready(self):
        from herald.core import checks  # noqa: F401  (registers system checks)
