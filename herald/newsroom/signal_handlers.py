from django.db.models.signals import post_save
from django.dispatch import receiver

from herald.newsroom.models import DeskPage


@receiver(post_save, sender=DeskPage)
def give_new_desk_its_people_and_workflow(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    if created or instance.editors_id is None or instance.reporters_id is None:
        from herald.newsroom.actions import setup_desk

        setup_desk(instance)
