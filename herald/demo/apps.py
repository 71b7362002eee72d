from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "herald.demo"
    label = "demo"
    verbose_name = "Demo publication"
