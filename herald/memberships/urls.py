"""Reader-revenue routes, included at the site root by herald/urls.py."""

from django.urls import path

from herald.memberships.views import account, membership, payments, subscribers

app_name = "memberships"

urlpatterns = [
    path("subscribe/confirm/<str:token>/", subscribers.confirm, name="confirm"),
    path("account/", account.account, name="account"),
    path("account/sign-in/", account.sign_in, name="sign-in"),
    path("account/sign-in/<str:token>/", account.sign_in_link, name="sign-in-link"),
    path("account/sign-out/", account.sign_out, name="sign-out"),
    path("account/membership/change/", account.change_membership, name="change-membership"),
    path("account/membership/cancel/", account.cancel_membership, name="cancel-membership"),
    path("account/membership/card/", account.billing_portal, name="billing-portal"),
    path("account/export/", account.export, name="export"),
    path("account/delete/", account.delete, name="delete"),
    path("membership/", membership.tiers, name="tiers"),
    path("membership/join/", membership.join, name="join"),
    path("membership/welcome/", membership.welcome, name="welcome"),
    path("support/donate/", membership.donate, name="donate"),
    path("support/donate/thanks/", membership.donate_thanks, name="donate-thanks"),
    path("payments/dev/checkout/<str:checkout_id>/", payments.dev_checkout, name="dev-checkout"),
    path("payments/dev/portal/", payments.dev_portal, name="dev-portal"),
    path("webhooks/stripe/", payments.stripe_webhook, name="stripe-webhook"),
]
