from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "herald.core"
    label = "core"
    verbose_name = "Herald core"

    def ready(self):
        from herald.core import checks, signin_throttle  # noqa: F401  (checks, signal receivers)
