"""Stories in Wagtail's admin: their viewset, and the newsroom's words after a save or a
submission."""

from wagtail import hooks

from herald.articles.admin_views import StoryViewSet, story_saved_messages
from herald.articles.models import ArticlePage


@hooks.register("register_admin_viewset")
def register_story_viewset():
    return StoryViewSet("stories")


@hooks.register("after_create_page")
@hooks.register("after_edit_page")
def say_what_happened_to_the_story(request, page):
    """"Submitted to Europe Desk for validation", not Wagtail's "submitted for moderation";
    "Story ‘…’ saved as a draft", not "Page '…' created"."""
    specific = page.specific_deferred if not isinstance(page, ArticlePage) else page
    if isinstance(specific, ArticlePage):
        story_saved_messages(request, specific)
