"""Newsletter routes for readers, included at the site root by herald/urls.py."""

from django.urls import path

from herald.newsletters import views

app_name = "newsletters"

urlpatterns = [
    path("newsletters/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("newsletters/preferences/<str:token>/", views.preferences, name="preferences"),
    path("newsletters/preferences/", views.preferences_help, name="preferences-help"),
    path("account/newsletters/", views.account_choices, name="account-choices"),
]
