"""What a desk's people may do to the stories under the desk, beyond Wagtail's page
permissions: its editors withdraw (unpublish) its published stories.

The desk's groups hold Wagtail page permissions on the desk (``actions.setup_desk``):
reporters add and edit, editors also lock and unlock. Wagtail's page permissions reach
the page they are given on as well as its subtree, so the reporters' grant would let
them edit the desk's own page (its title, description, slug and people) too;
``models.DeskPermissionTester`` keeps only their *add* on the desk itself, so they add stories
under it and edit those, while the desk's own page is its editors' and the publisher's. Nobody on a desk holds
Wagtail's *publish* permission: a story is published only by the desk approving
it (``DeskValidationTask``), so that nobody skips the desk or approves their own
work. Wagtail ties unpublishing to that same permission, which would leave
withdrawing a story to the publisher alone; a newsroom expects the desk that
approved a story to be able to take it down. ``StoryPermissionTester`` adds that
one right for the desk's editors (the desk's ``editors`` group, per desk: not
another desk's stories), and takes one away: Wagtail lets anyone who may change a
draft delete it even while it is locked, so a story waiting for its desk (locked for
all but the desk's editors) or locked by an editor is not deletable by the others.

Why not a Wagtail page permission for it: the only one that unpublishes is
"publish", which also publishes without the desk's approval and deletes live
pages; and a page permission of Herald's own would be dropped by Wagtail's group
editor the first time the publisher saved the group (it keeps only Wagtail's six).
"""

from __future__ import annotations

from wagtail.models import PagePermissionTester

from herald.newsroom.models import (
    DeskPage,
    DeskValidationTask,
    is_desk_editor,
    is_desk_reporter,
    waiting_for_validation,
)
from herald.newsroom.review import approvers, who_can_approve, why_not


def desk_of(page) -> DeskPage | None:
    """The desk whose subtree holds ``page``."""
    return DeskPage.objects.ancestor_of(page, inclusive=True).first()


class StoryPermissionTester(PagePermissionTester):
    """Wagtail's answers for a story, and its desk's editors may unpublish it; nobody
    deletes a story that is locked against them."""

    def can_delete(self, ignore_bulk=False) -> bool:
        # Wagtail lets whoever may change a draft delete it, lock or no lock: a desk's
        # reporters could delete a story from the queue its editors were reviewing.
        return super().can_delete(ignore_bulk) and not self.page_locked()

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


def why_not_listed(user, page) -> str | None:
    """Why Wagtail's explorer showed ``user`` another listing than ``page``'s, in words:
    it sends anyone who asks for a page outside the part of the tree they work in to that
    part, without a word (a Europe Desk reporter who opened the World Desk found
    themselves among the Europe Desk's stories). None when ``page`` is no desk's, or its
    desk is ``user``'s: the home page and the root are above the desks, and Wagtail's
    move there is the way into them, not a refusal."""
    desk = desk_of(page)
    if desk is None or is_desk_editor(user, desk) or is_desk_reporter(user, desk):
        return None
    whose = "its stories" if desk.pk == page.pk else f"{quoted_title(page)} and its other stories"
    return (f"Only the {desk.title}’s reporters and editors and the publisher see {whose}: "
            "here are the pages you work on.")


# What each refused action is, in the words of the sentence "only … may <verb> its stories".
REFUSED_VERBS = {
    "add": "add",
    "edit": "edit",
    "delete": "delete",
    "move": "move",
    "copy": "copy",
    "revert": "restore an earlier version of",
    "lock": "lock",
    "unlock": "unlock",
    "review": "approve or send back",
    "publish": "publish",
    "unpublish": "unpublish",
}


def why_refused(user, page, action: str) -> str:
    """Why Wagtail refused ``user`` the ``action`` (a key of ``REFUSED_VERBS``) on a
    page (a story, or one of the publication's own pages), in words, where Wagtail says
    only "Sorry, you do not have permission to access this area." Desk roles are as
    ``actions.setup_desk`` grants them: reporters add and edit the desk's stories, editors
    also lock them and approve them and edit the desk's own page, and only the publisher
    publishes, deletes or moves a published story."""
    title = quoted_title(page)
    verb = REFUSED_VERBS.get(action, "change")
    desk = desk_of(page)
    if desk is None or (desk.pk == page.pk and action != "add"):
        return _why_refused_on_the_publications_page(user, page, action, desk is not None)
    if action == "unpublish":
        return why_not_unpublish(user, page)
    editor, reporter = is_desk_editor(user, desk), is_desk_reporter(user, desk)
    if action == "add":
        return (f"Only the {desk.title}’s reporters and editors and the publisher add "
                "stories under it.")
    if not (editor or reporter):
        return (f"{title} belongs to the {desk.title}: only its reporters and editors and the "
                f"publisher may {verb} its stories.")
    task = page.current_workflow_task
    if action == "publish":
        return (f"{title} is published when the {desk.title} approves it: submit it for "
                "validation from its edit page.")
    if action == "review":
        if not isinstance(task, DeskValidationTask):
            return f"{title} is not waiting for the desk's approval."
        if not editor:
            return (f"Only the {desk.title}’s editors approve or send back its stories. "
                    f"{who_can_approve(task, approvers(task, page))}")
        return f"{why_not(task, page, user)} {who_can_approve(task, approvers(task, page, besides=user))}"
    if page.permissions_for_user(user).page_locked():
        if locked := _locked_by_someone_else(user, page):
            return locked
        if isinstance(task, DeskValidationTask):
            return waiting_for_validation(title, desk)
    if action in ("lock", "unlock") and not editor:
        return f"Only the {desk.title}’s editors and the publisher {verb} its stories."
    if action in ("delete", "move") and page.live:
        withdraw = ("its desk’s editors withdraw it from the edit page’s menu"
                    if not editor else "withdraw it from the edit page’s menu")
        return (f"{title} is published: only the publisher may {verb} a published story. To "
                f"take it off the site, {withdraw}; its text is kept as a draft.")
    if action == "move":
        return f"A story moves only under a desk you work on; ask the publisher to move {title}."
    return f"Only the publisher may {verb} {title}."


def quoted_title(page) -> str:
    """The page's title as the refusals quote it: “Home”."""
    return f"“{page.get_admin_display_title()}”"


def _locked_by_someone_else(user, page) -> str:
    if not (page.locked and page.locked_by_id != user.pk):
        return ""
    by = page.locked_by.get_full_name() or page.locked_by.get_username()
    return f"{quoted_title(page)} is locked by {by}; it cannot be changed until it is unlocked."


def _why_refused_on_the_publications_page(user, page, action: str, is_desk: bool) -> str:
    """A page that is not a story: the home, support or letters page, or a desk's own page.
    Desks' people add and edit stories under their desk, its editors edit and lock the
    desk's own page; the rest is the publisher's."""
    title = quoted_title(page)
    if action == "add":
        if page.permissions_for_user(user).can_add_subpage():
            return f"That kind of page cannot be added under {title}."
        return f"Only the publisher adds pages under {title}; a story is added under its desk."
    if page.permissions_for_user(user).page_locked() and (locked := _locked_by_someone_else(user, page)):
        return locked
    verb = REFUSED_VERBS.get(action, "change")
    if not is_desk:
        return (f"{title} is one of the publication’s own pages, not a story: only the "
                f"publisher may {verb} it.")
    who = {"edit": "its editors and the publisher",
           "lock": "its editors and the publisher",
           "unlock": "its editors and the publisher"}.get(action, "the publisher")
    return f"{title} is the desk’s own page, not a story: only {who} may {verb} it."
