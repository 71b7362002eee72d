from django.apps import AppConfig


class DiscoveryConfig(AppConfig):
    name = "herald.discovery"
    label = "discovery"
    verbose_name = "Discovery"

    def ready(self):
        from wagtail.models import ReferenceIndex

        from herald.discovery import panels, signal_handlers  # noqa: F401
        from herald.discovery.models import EditorsPicks

        # Wagtail's reference index records pages, images, documents, snippets and models
        # with an admin viewset, not site settings: without this a picked story's delete
        # and usage screens said "referenced 0 times", and deleting it dropped the pick
        # unannounced. A database from before this records the picks when they are next
        # saved, or at once with `herald rebuild_references_index`.
        ReferenceIndex.register_model(EditorsPicks)
