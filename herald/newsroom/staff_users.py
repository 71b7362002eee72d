"""wagtail.users with a Users list of staff only (herald.newsroom.users).

INSTALLED_APPS names ``herald.newsroom.staff_users.HeraldUsersConfig`` in
place of "wagtail.users" (Wagtail's documented way to swap the user viewset).
Kept out of apps.py, where a second AppConfig would stop Django picking the
newsroom's own.
"""

from wagtail.users.apps import WagtailUsersAppConfig


class HeraldUsersConfig(WagtailUsersAppConfig):
    user_viewset = "herald.newsroom.users.StaffUserViewSet"
