"""Wagtail's page views whose refusals say why, in the newsroom's words.

Wagtail refuses with ``PermissionDenied``, which its admin turns into "Sorry, you do not
have permission to access this area." on the dashboard. ``RefusesInWords`` catches it and
says ``permissions.why_refused`` instead. ``PageViewSetInWords`` is Wagtail's page viewset
with those views; ``wagtail_hooks`` registers it for every page type (``Page``: the home,
desk, support and letters pages), and the story viewset (``articles.admin_views``) builds
on it. ``bulk_actions`` does the same for the explorer's bulk actions.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from wagtail.admin import messages
from wagtail.admin.views.pages.copy import CopyView
from wagtail.admin.views.pages.create import AddSubpageView, CreateView
from wagtail.admin.views.pages.delete import DeleteView
from wagtail.admin.views.pages.edit import EditView
from wagtail.admin.views.pages.listing import ExplorableIndexView
from wagtail.admin.views.pages.lock import LockView, UnlockView
from wagtail.admin.views.pages.move import MoveChooseDestinationView, MoveConfirmView
from wagtail.admin.views.pages.revisions import RevisionsRevertView
from wagtail.admin.views.pages.unpublish import UnpublishView
from wagtail.admin.viewsets.pages import PageViewSet
from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy

from herald.newsroom.permissions import why_not_listed, why_refused


class RefusesInWords:
    """A Wagtail page view whose refusal says the newsroom's reason
    (``permissions.why_refused``) and returns the editor to the page's edit page when
    they may edit it; a refused edit returns them to the explorer listing the page is in
    (``listing_to_return_to``); otherwise to the dashboard. Wagtail checks permissions in
    ``setup`` (move, workflow actions) or in ``dispatch``/``get``/``post`` (the others): both are caught.
    Requests from scripts keep Wagtail's bare 403."""

    refused_action = ""

    def setup(self, request, *args, **kwargs):
        self.refused = False
        try:
            super().setup(request, *args, **kwargs)
        except PermissionDenied:
            self.refused = True

    def dispatch(self, request, *args, **kwargs):
        if not self.refused:
            try:
                return super().dispatch(request, *args, **kwargs)
            except PermissionDenied:
                pass
        if request.headers.get("x-requested-with") == "XMLHttpRequest":
            raise PermissionDenied
        page_id = (
            kwargs.get("page_id")
            or kwargs.get("page_to_move_id")
            or kwargs.get("pk")
            or kwargs.get("parent_page_id")
        )  # adding: the page it was to go under
        page = get_object_or_404(Page, pk=page_id).specific_deferred
        messages.error(request, why_refused(request.user, page, self.refused_action))
        if self.refused_action != "edit" and page.permissions_for_user(request.user).can_edit():
            return redirect("wagtailadmin_pages:edit", page.pk)
        if self.refused_action == "edit" and (listing := listing_to_return_to(request.user, page)):
            return redirect("wagtailadmin_explore", listing.pk)
        return redirect("wagtailadmin_home")


def listing_to_return_to(user, page) -> Page | None:
    """The explorer listing to show someone refused the edit of ``page``: the page's own
    when pages go under it (a desk's reporter refused the desk's page lands among its
    stories, with "Add child page" at hand), else the one it is listed in, whichever
    they may explore (Wagtail's explorer then shows the part of the tree they work in:
    a reporter refused the home page sees their desk); None when neither (another
    desk's story: the dashboard)."""
    lists_pages = bool(page.specific_class.allowed_subpage_models())
    candidates = [page, page.get_parent()] if lists_pages else [page.get_parent()]
    explorable = PagePermissionPolicy().explorable_instances(user)
    for candidate in candidates:
        if candidate and not candidate.is_root() and explorable.filter(pk=candidate.pk).exists():
            return candidate
    return None


class CreateViewInWords(RefusesInWords, CreateView):
    refused_action = "add"


class AddSubpageViewInWords(RefusesInWords, AddSubpageView):
    refused_action = "add"


class EditViewInWords(RefusesInWords, EditView):
    refused_action = "edit"


class DeleteViewInWords(RefusesInWords, DeleteView):
    refused_action = "delete"


class MoveViewInWords(RefusesInWords, MoveChooseDestinationView):
    refused_action = "move"


class MoveConfirmViewInWords(RefusesInWords, MoveConfirmView):
    refused_action = "move"


class CopyViewInWords(RefusesInWords, CopyView):
    refused_action = "copy"


class RevisionsRevertViewInWords(RefusesInWords, RevisionsRevertView):
    refused_action = "revert"


class LockViewInWords(RefusesInWords, LockView):
    refused_action = "lock"


class UnlockViewInWords(RefusesInWords, UnlockView):
    refused_action = "unlock"


class UnpublishViewInWords(RefusesInWords, UnpublishView):
    refused_action = "unpublish"


class ExplorerIndexInWords(ExplorableIndexView):
    """Wagtail's explorer listing. Asked for a page outside the part of the tree the user
    works in, Wagtail shows that part instead (its explorable root) and says nothing;
    asked for another desk's page, this one says why (``permissions.why_not_listed``)."""

    def get(self, request, parent_page_id=None):
        if parent_page_id and not self.results_only:
            page = get_object_or_404(Page, pk=parent_page_id)
            root = self.permission_policy.explorable_root_instance(request.user)
            if root is not None and not (page.pk == root.pk or page.is_descendant_of(root)):
                if why := why_not_listed(request.user, page.specific_deferred):
                    messages.error(request, why)
        return super().get(request, parent_page_id)


class PageViewSetInWords(PageViewSet):
    """Wagtail's page viewset, each view that can refuse saying why."""

    index_view_class = ExplorerIndexInWords
    add_view_class = CreateViewInWords
    add_subpage_view_class = AddSubpageViewInWords
    edit_view_class = EditViewInWords
    delete_view_class = DeleteViewInWords
    move_view_class = MoveViewInWords
    move_confirm_view_class = MoveConfirmViewInWords
    copy_view_class = CopyViewInWords
    revisions_revert_view_class = RevisionsRevertViewInWords
    lock_view_class = LockViewInWords
    unlock_view_class = UnlockViewInWords
    unpublish_view_class = UnpublishViewInWords
