"""Wagtail's page bulk actions (delete, move, publish, unpublish from the explorer's
listing), each page left out saying why (``permissions.why_refused``), where Wagtail lists
them under "You don't have permission to … these pages" alone. Registered by
``wagtail_hooks`` through ``register_bulk_action`` after Wagtail's own, which they replace
(one action per action type and model)."""

from __future__ import annotations

from wagtail.admin.views.pages.bulk_actions.delete import DeleteBulkAction
from wagtail.admin.views.pages.bulk_actions.move import MoveBulkAction
from wagtail.admin.views.pages.bulk_actions.publish import PublishBulkAction
from wagtail.admin.views.pages.bulk_actions.unpublish import UnpublishBulkAction

from herald.newsroom.permissions import why_refused


class SaysWhyNot:
    """A page bulk action whose confirmation gives each page it leaves out its reason."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        for refused in context["items_with_no_access"]:
            page = refused["item"].specific_deferred
            refused["why"] = why_refused(self.request.user, page, self.action_type)
        return context


class DeleteBulkActionInWords(SaysWhyNot, DeleteBulkAction):
    template_name = "newsroom/admin/bulk_actions/confirm_bulk_delete.html"


class MoveBulkActionInWords(SaysWhyNot, MoveBulkAction):
    template_name = "newsroom/admin/bulk_actions/confirm_bulk_move.html"


class PublishBulkActionInWords(SaysWhyNot, PublishBulkAction):
    template_name = "newsroom/admin/bulk_actions/confirm_bulk_publish.html"


class UnpublishBulkActionInWords(SaysWhyNot, UnpublishBulkAction):
    template_name = "newsroom/admin/bulk_actions/confirm_bulk_unpublish.html"


BULK_ACTIONS = (
    DeleteBulkActionInWords,
    MoveBulkActionInWords,
    PublishBulkActionInWords,
    UnpublishBulkActionInWords,
)
