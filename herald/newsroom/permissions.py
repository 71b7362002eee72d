"""What a desk's people may do to the stories under the desk, beyond Wagtail's page
permissions: its editors withdraw (unpublish) its published stories.

The desk's groups hold Wagtail page permissions on the desk (``actions.setup_desk``):
reporters add and edit, editors also lock and unlock. Nobody on a desk holds
Wagtail's *publish* permission: a story is published only by the desk approving
it (``DeskValidationTask``), so that nobody skips the desk or approves their own
work. Wagtail ties unpublishing to that same permission, which would leave
withdrawing a story to the publisher alone; a newsroom expects the desk that
approved a story to be able to take it down. ``StoryPermissionTester`` adds that
one right for the desk's editors (the desk's ``editors`` group, per desk: not
another desk's stories) and changes nothing else.

Why not a Wagtail page permission for it: the only one that unpublishes is
"publish", which also publishes without the desk's approval and deletes live
pages; and a page permission of Herald's own would be dropped by Wagtail's group
editor the first time the publisher saved the group (it keeps only Wagtail's six).
"""

from __future__ import annotations

from wagtail.models import PagePermissionTester

from herald.newsroom.models import DeskPage, is_desk_editor


def desk_of(page) -> DeskPage | None:
    """The desk whose subtree holds ``page``."""
    return DeskPage.objects.ancestor_of(page, inclusive=True).first()


class StoryPermissionTester(PagePermissionTester):
    """Wagtail's answers for a story, and its desk's editors may unpublish it."""

    def can_unpublish(self) -> bool:
        if super().can_unpublish():
            return True
        if not (self.user.is_active and self.page.live) or self.page_locked():
            return False
        desk = desk_of(self.page)
        return desk is not None and is_desk_editor(self.user, desk)


def why_not_unpublish(user, page) -> str:
    """Why ``user`` may not withdraw ``page``, in words (for a refusal)."""
    if not page.live:
        return f"“{page.title}” is not published, so there is nothing to withdraw."
    if page.permissions_for_user(user).page_locked():
        return f"“{page.title}” is locked by someone else; it cannot be withdrawn until it is unlocked."
    desk = desk_of(page)
    if desk is None:
        return "Only the publisher may withdraw this page."
    return (f"Only the {desk.title}’s editors and the publisher may withdraw “{page.title}”: "
            "the desk that approved a story is the one that takes it down.")
