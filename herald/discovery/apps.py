from django.apps import AppConfig


class DiscoveryConfig(AppConfig):
    name = "herald.discovery"
    label = "discovery"
    verbose_name = "Discovery"
