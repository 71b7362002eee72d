from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from herald.core import content_version
from herald.newsroom.models import PERMISSIONS_KEY, DeskPage


@receiver(post_save, sender=DeskPage)
def give_new_desk_its_people_and_workflow(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    if created or instance.editors_id is None or instance.reporters_id is None:
        from herald.newsroom.actions import setup_desk

        setup_desk(instance)


def permissions_changed(sender, action=None, **kwargs):
    """Who may use the admin may have changed: the answers ``may_use_admin`` keeps are stale."""
    if action is None or action.startswith("post_"):
        content_version.bump(PERMISSIONS_KEY)


User = get_user_model()
for through in (User.groups.through, User.user_permissions.through, Group.permissions.through):
    m2m_changed.connect(permissions_changed, sender=through)
# Deleting a group or a permission takes its rows with it without m2m_changed.
for model in (Group, Permission):
    post_delete.connect(permissions_changed, sender=model)
