"""Feed formats: Django's RSS 2.0 and Atom 1.0 with the story's text, and JSON Feed 1.1.

Each item may carry ``content_html`` (``Feed.item_extra_kwargs``): the whole
story, given only for stories every reader may read. RSS puts it in
``content:encoded`` and Atom in ``<content type="html">``; the description
(the standfirst) stays the summary in every format. The story's picture is the
item's enclosure (RSS ``<enclosure>``, Atom ``<link rel="enclosure">``) and
JSON Feed's ``image``. The publication's icon and logo are the channel's
(RSS ``<image>``, Atom ``<icon>`` and ``<logo>``, JSON Feed ``icon`` and ``favicon``).
"""

from __future__ import annotations

import json

from django.utils.feedgenerator import (
    Atom1Feed,
    Rss201rev2Feed,
    SyndicationFeed,
    get_tag_uri,
    rfc3339_date,
)

CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"


class RssWithContent(Rss201rev2Feed):
    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:content": CONTENT_NS}

    def add_root_elements(self, handler):
        super().add_root_elements(handler)
        if self.feed.get("rss_image"):  # the publication's icon, 144 pixels square
            handler.startElement("image", {})
            handler.addQuickElement("url", self.feed["rss_image"])
            handler.addQuickElement("title", self.feed["title"])
            handler.addQuickElement("link", self.feed["link"])
            handler.endElement("image")

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("content_html"):
            handler.addQuickElement("content:encoded", item["content_html"])


class AtomWithContent(Atom1Feed):
    def add_root_elements(self, handler):
        super().add_root_elements(handler)
        for name in ("icon", "logo"):  # the publication's square icon and its logo
            if self.feed.get(name):
                handler.addQuickElement(name, self.feed[name])

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("content_html"):
            handler.addQuickElement("content", item["content_html"], {"type": "html"})


class JSONFeed(SyndicationFeed):
    """JSON Feed 1.1 (https://jsonfeed.org/version/1.1), written from Django's feed data."""

    content_type = "application/feed+json; charset=utf-8"
    version = "https://jsonfeed.org/version/1.1"

    def write(self, outfile, encoding):
        outfile.write(json.dumps(self.document(), ensure_ascii=False, indent=1))

    def document(self) -> dict:
        feed = self.feed
        data = {
            "version": self.version,
            "title": feed["title"],
            "home_page_url": feed["link"],
            "feed_url": feed["feed_url"],
            "description": feed["description"],
            "language": feed["language"],
            "items": [self.item(item) for item in self.items],
        }
        if feed.get("author_name"):
            data["authors"] = [{"name": feed["author_name"]}]
        data["icon"], data["favicon"] = feed.get("icon"), feed.get("favicon")
        return {key: value for key, value in data.items() if value not in (None, "")}

    def item(self, item) -> dict:
        data = {
            "id": item["unique_id"] or get_tag_uri(item["link"], item["pubdate"]),
            "url": item["link"],
            "title": item["title"],
            "summary": item["description"],
            "date_published": rfc3339_date(item["pubdate"]) if item["pubdate"] else None,
            "date_modified": rfc3339_date(item["updateddate"]) if item["updateddate"] else None,
            "tags": list(item["categories"] or []),
        }
        # JSON Feed needs content_html or content_text: the standfirst when the text is gated.
        if item.get("content_html"):
            data["content_html"] = item["content_html"]
        else:
            data["content_text"] = item["description"] or item["title"]
        if item.get("author_name"):
            data["authors"] = [{"name": item["author_name"]}]
        if item.get("enclosures"):  # the story's picture (StoryFeed.item_enclosures)
            data["image"] = item["enclosures"][0].url
        return {key: value for key, value in data.items() if value not in (None, "", [])}
