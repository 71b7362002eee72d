from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed
from wagtail.models import Site

from herald.articles.models import ArticlePage
from herald.newsroom.models import PublicationSettings


class LatestStoriesFeed(Feed):
    """The latest published stories: headline, standfirst and link, never the body."""

    def get_object(self, request, *args, **kwargs):
        self.site = Site.find_for_request(request)
        return None

    def title(self):
        return PublicationSettings.for_site(self.site).name

    def link(self):
        return "/"

    def description(self):
        return PublicationSettings.for_site(self.site).tagline

    def items(self):
        return ArticlePage.objects.live().select_related("desk").order_by("-first_published_at")[:30]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.standfirst

    def item_link(self, item):
        return item.url

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at

    def item_author_name(self, item):
        return item.desk.title

    def item_categories(self, item):
        return [item.desk.title]


class LatestStoriesAtomFeed(LatestStoriesFeed):
    feed_type = Atom1Feed
    subtitle = LatestStoriesFeed.description
