"""A story's desk is the desk it stands under in the page tree: moving it under another
desk moves its ``desk`` with it (bylines' desk, story lists, search's desk filter), and
its later publishes keep it (``ArticlePage.with_content_json``)."""

from django.dispatch import receiver
from wagtail.signals import post_page_move

from herald.articles.models import ArticlePage
from herald.newsroom.models import DeskPage


@receiver(post_page_move, sender=ArticlePage)
def story_moved(sender, instance, parent_page_after, **kwargs):
    if DeskPage.objects.filter(pk=parent_page_after.pk).exists():
        ArticlePage.objects.filter(pk=instance.pk).update(desk_id=parent_page_after.pk)
