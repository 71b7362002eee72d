"""Feeds, sitemaps: the addresses aggregators and search engines read."""

from django.urls import path

from herald.syndication.feeds import feed_views
from herald.syndication.views import sitemap_index, sitemap_section

publication, desk, topic = feed_views("publication"), feed_views("desk"), feed_views("topic")

urlpatterns = [
    path("feeds/latest/", publication["rss"], name="feed-rss"),
    path("feeds/latest/atom/", publication["atom"], name="feed-atom"),
    path("feeds/latest/json/", publication["json"], name="feed-json"),
    path("feeds/desks/<slug:slug>/", desk["rss"], name="desk-feed-rss"),
    path("feeds/desks/<slug:slug>/atom/", desk["atom"], name="desk-feed-atom"),
    path("feeds/desks/<slug:slug>/json/", desk["json"], name="desk-feed-json"),
    path("feeds/topics/<slug:slug>/", topic["rss"], name="topic-feed-rss"),
    path("feeds/topics/<slug:slug>/atom/", topic["atom"], name="topic-feed-atom"),
    path("feeds/topics/<slug:slug>/json/", topic["json"], name="topic-feed-json"),
    path("sitemap.xml", sitemap_index, name="sitemap"),
    path("sitemap-<slug:section>.xml", sitemap_section, name="sitemap-section"),
]
