"""Stories in Wagtail's admin: their viewset, the newsroom's words after a save or a
submission, and "Withdraw" where Wagtail says "Unpublish" (for stories only: the
publication's other pages are unpublished, docs/development.md)."""

from wagtail import hooks
from wagtail.admin.action_menu import UnpublishMenuItem

from herald.articles.admin_views import (
    WITHDRAW,
    StoryViewSet,
    story_saved_messages,
    withdraw_not_unpublish,
)
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


class WithdrawMenuItem(UnpublishMenuItem):
    label = WITHDRAW


@hooks.register("construct_page_action_menu")
def stories_are_withdrawn(menu_items, request, context):
    """The edit page's menu: "Withdraw" a story. Wagtail's menu items are shared by every
    page's menu, so the story's is replaced, not relabelled."""
    if isinstance(context.get("page"), ArticlePage):
        for at, item in enumerate(menu_items):
            if isinstance(item, UnpublishMenuItem):
                menu_items[at] = WithdrawMenuItem(order=item.order)


@hooks.register("construct_page_listing_buttons")
def stories_are_withdrawn_from_listings(buttons, page, user, context=None):
    """A listing's row for a story: its "More" menu says "Withdraw"."""
    if page.specific_class is not None and issubclass(page.specific_class, ArticlePage):
        withdraw_not_unpublish(buttons, page)
