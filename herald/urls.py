from anymail.webhooks.postmark import PostmarkTrackingWebhookView
from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from herald.access.views import meter_note, serve_public_media, serve_signed_media
from herald.core.health import healthz, readyz
from herald.memberships.views import subscribe
from herald.site.robots import robots_txt
from herald.site.views import brand_css, view_beacon

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("robots.txt", robots_txt, name="robots-txt"),
    path("brand/<str:colour>.css", brand_css, name="brand-css"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("views/<int:page_id>/", view_beacon, name="view-beacon"),
    path("meter/<int:story_id>/", meter_note, name="meter-note"),
    path("subscribe/", subscribe, name="subscribe"),
    path("", include("herald.memberships.urls")),
    path("", include("herald.syndication.urls")),
    path("", include("herald.newsletters.urls")),
    # The documented e-mail provider's bounce webhook only (Postmark, herald/newsletters/
    # README.md): anymail.urls would also route every other provider, whose views fail
    # without that provider's SDK installed.
    path(
        "anymail/postmark/tracking/",
        PostmarkTrackingWebhookView.as_view(),
        name="postmark_tracking_webhook",
    ),
]

# Stored files go through Herald, which refuses the files of gated stories at their
# plain address and serves them at signed ones (herald/access/README.md, Media).
urlpatterns += [
    path(f"{settings.MEDIA_URL.strip('/')}/<path:name>", serve_public_media, name="public-media"),
    path("media-signed/<str:token>/<path:name>", serve_signed_media, name="signed-media"),
]

urlpatterns += [path("", include(wagtail_urls))]

handler404 = "herald.site.errors.not_found"
handler500 = "herald.site.errors.server_error"
