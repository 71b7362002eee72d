"""The admin's Users list shows the newsroom, not its readers.

Readers get an account when they sign in with a link (its username is a hash
of their address); they are listed under Reader revenue → Subscribers. Here:
superusers, staff, and anyone given a group or a permission.
"""

from __future__ import annotations

from django.db.models import Q
from wagtail.users.views import users


class StaffIndexView(users.IndexView):
    def get_base_queryset(self):
        staff = (
            Q(is_superuser=True) | Q(is_staff=True)
            | Q(groups__isnull=False) | Q(user_permissions__isnull=False)
        )
        return super().get_base_queryset().filter(staff).distinct()


class StaffUserViewSet(users.UserViewSet):
    index_view_class = StaffIndexView
