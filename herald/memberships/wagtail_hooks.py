"""Reader revenue in the Wagtail admin: subscribers, members, tiers, donations,
payment events and the revenue dashboard, grouped under one menu."""

from __future__ import annotations

import django_filters
from django.urls import path
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSet
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from herald.memberships.admin_views import REVENUE_PERMISSION, RevenueDashboardView
from herald.memberships.models import Donation, Member, PaymentEvent, Subscriber, Tier


class ReadOnlyPolicy(ModelPermissionPolicy):
    """Members, donations and events come from the payment provider: view them, never edit."""

    def user_has_permission(self, user, action):
        return action not in ("add", "change", "delete") and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


class ReadOnlyViewSet(ModelViewSet):
    inspect_view_enabled = True
    copy_view_enabled = False
    search_backend_name = None
    exclude_form_fields = []  # never shown: the policy refuses add and change


for _model in (Member, Donation, PaymentEvent):
    register_permission_policy(_model, ReadOnlyPolicy(_model))


class SubscriberFilterSet(WagtailFilterSet):
    confirmed = django_filters.BooleanFilter(
        field_name="confirmed_at", lookup_expr="isnull", exclude=True, label="Confirmed")
    tier = django_filters.ModelChoiceFilter(
        field_name="user__member__tier", queryset=Tier.objects.all(), label="Member tier")
    member_status = django_filters.ChoiceFilter(
        field_name="user__member__status", choices=Member.Status.choices, label="Member status")

    class Meta:
        model = Subscriber
        fields = []


class SubscriberViewSet(ModelViewSet):
    model = Subscriber
    icon = "mail"
    menu_label = "Subscribers"
    search_fields = ["email"]
    search_backend_name = None
    filterset_class = SubscriberFilterSet
    list_display = ["email", "confirmed_at", "created_at", "source_path"]
    list_export = ["email", "confirmed_at", "consented_at", "consent_text", "source_path", "created_at"]
    export_filename = "subscribers"
    form_fields = ["email", "name"]
    copy_view_enabled = False

    def get_queryset(self, request):
        return Subscriber.objects.select_related("user__member__tier")


class MemberViewSet(ReadOnlyViewSet):
    model = Member
    icon = "user"
    menu_label = "Members"
    search_fields = ["user__email", "customer_id", "subscription_id"]
    list_filter = ["tier", "status", "interval", "cancel_at_period_end"]
    list_display = ["email", "tier", "status", "interval", "current_period_end", "cancel_at_period_end"]
    list_export = ["email", "tier", "status", "interval", "current_period_end",
                   "cancel_at_period_end", "started_at", "canceled_at", "provider", "customer_id"]
    export_filename = "members"

    def get_queryset(self, request):
        return Member.objects.select_related("user", "tier")


class TierViewSet(ModelViewSet):
    model = Tier
    icon = "tag"
    menu_label = "Membership tiers"
    list_display = ["name", "slug", "monthly_price", "yearly_price", "currency", "active"]
    search_backend_name = None
    search_fields = ["name"]
    copy_view_enabled = False
    exclude_form_fields = []


class DonationViewSet(ReadOnlyViewSet):
    model = Donation
    icon = "pick"
    menu_label = "Donations"
    search_fields = ["email"]
    list_filter = ["kind", "status", "currency", "provider"]
    list_display = ["amount_display", "kind", "status", "email", "paid_at", "created_at"]
    list_export = ["amount_display", "amount", "currency", "kind", "status", "email", "paid_at",
                   "created_at", "provider", "checkout_id", "subscription_id"]
    export_filename = "donations"


class PaymentEventViewSet(ReadOnlyViewSet):
    model = PaymentEvent
    icon = "warning"
    menu_label = "Payment events"
    search_fields = ["event_id", "type"]
    list_filter = ["status", "provider", "type"]
    list_display = ["event_id", "type", "status", "attempts", "received_at", "last_error"]


class RevenueMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(REVENUE_PERMISSION)


class RevenueDashboardViewSet(ViewSet):
    """Shown only to those who may open it, so the Reader revenue menu (shown
    when any of its items is) stays out of a reporter's way."""

    name = "revenue"
    icon = "pick"
    menu_label = "Revenue dashboard"
    menu_item_class = RevenueMenuItem

    def get_urlpatterns(self):
        return [path("", RevenueDashboardView.as_view(), name="index")]


class ReaderRevenueGroup(ModelViewSetGroup):
    menu_label = "Reader revenue"
    menu_icon = "pick"
    menu_order = 250
    items = [RevenueDashboardViewSet, SubscriberViewSet, MemberViewSet, TierViewSet,
             DonationViewSet, PaymentEventViewSet]


@hooks.register("register_admin_viewset")
def register_reader_revenue():
    return ReaderRevenueGroup()
