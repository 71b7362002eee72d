from django.apps import AppConfig


class SyndicationConfig(AppConfig):
    name = "herald.syndication"
    label = "syndication"
    verbose_name = "Syndication"
