"""Stories in Wagtail's admin: their viewset, and the desk's words after a submission."""

from wagtail import hooks

from herald.articles.admin_views import StoryViewSet, story_submitted_message
from herald.articles.models import ArticlePage


@hooks.register("register_admin_viewset")
def register_story_viewset():
    return StoryViewSet("stories")


@hooks.register("after_create_page")
@hooks.register("after_edit_page")
def say_which_desk_validates(request, page):
    """"Submitted to Europe Desk for validation", not Wagtail's "submitted for moderation"."""
    specific = page.specific_deferred if not isinstance(page, ArticlePage) else page
    if request.POST.get("action-submit") and isinstance(specific, ArticlePage) and specific.desk:
        story_submitted_message(request, specific.desk.title)
