"""schema.org NewsArticle, Open Graph and Twitter card metadata for a story."""

from __future__ import annotations

import json
from dataclasses import dataclass

from django.conf import settings
from django.templatetags.static import static
from django.utils.html import escape

from herald.access.paywall import GATED_SELECTOR
from herald.articles import lead_images


def absolute(url: str) -> str:
    return url if url.startswith("http") else f"{settings.HERALD_BASE_URL}{url}"


DEFAULT_SHARE_IMAGE = "syndication/share.png"  # 1200 x 630, lead_images.SHARE's size


@dataclass(frozen=True)
class ShareImage:
    url: str
    width: int
    height: int
    alt: str


def share_image(page, publication, decision=None) -> ShareImage:
    """The story's lead picture, else its first figure, else the publication's default
    social image, else Herald's.

    Only a story every reader may read shares its own picture: a gated story's
    files are served at signed, expiring addresses (herald.access.media), which
    must not outlive the paywall in a link preview.
    """
    if decision is not None and decision.public:
        picture = lead_images.picture_of(page)
        if picture is not None:
            image, alt = picture
            rendition = image.get_rendition(lead_images.SHARE)
            return ShareImage(absolute(rendition.url), rendition.width, rendition.height, alt)
    own = publication.social_rendition()  # the publication's default social image
    if own is not None:
        return ShareImage(absolute(own.url), own.width, own.height, publication.name)
    return ShareImage(absolute(static(DEFAULT_SHARE_IMAGE)), 1200, 630, publication.name)


def news_article(page, publication, decision=None, image: ShareImage | None = None) -> dict:
    """The NewsArticle JSON-LD object: the desk is the author, with credited people.

    ``decision`` is the access decision for this reader (herald.access). The
    text goes in ``articleBody`` only when the reader may read all of it; a
    story that is not free for everyone carries Google's paywalled-content
    markup whoever reads it. Without a decision there is no body at all.
    """
    authors = [
        {"@type": "Organization", "name": page.desk.title, "url": absolute(page.desk.url)}
    ]
    authors += [{"@type": "Person", "name": person.name} for person in page.authors.all()]
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": page.title[:110],
        "description": page.standfirst,
        "datePublished": page.first_published_at.isoformat() if page.first_published_at else None,
        "dateModified": (page.last_published_at or page.first_published_at).isoformat()
        if page.first_published_at else None,
        "mainEntityOfPage": absolute(page.url),
        "url": absolute(page.url),
        "author": authors,
        "publisher": {
            "@type": "Organization",
            "name": publication.name,
            "url": settings.HERALD_BASE_URL + "/",
        },
        "articleSection": page.desk.title,
        "keywords": [topic.name for topic in page.topics.all()],
        "image": [image.url] if image else None,
    }
    if page.dateline:
        data["locationCreated"] = {"@type": "Place", "name": page.dateline.title()}
    if decision is not None and not decision.public:
        data["isAccessibleForFree"] = False
        data["hasPart"] = {
            "@type": "WebPageElement",
            "isAccessibleForFree": False,
            "cssSelector": GATED_SELECTOR,
        }
    if decision is not None and decision.full:
        data["articleBody"] = page.plain_text()
    return {key: value for key, value in data.items() if value not in (None, "", [])}


def json_ld(data: dict) -> str:
    """Serialise for a <script> element: '<', '>' and '&' cannot end it early."""
    text = json.dumps(data, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def open_graph(page, publication, image: ShareImage | None = None) -> list[tuple[str, str]]:
    tags = [
        ("og:type", "article"),
        ("og:site_name", publication.name),
        ("og:title", page.title),
        ("og:description", page.standfirst or page.title),
        ("og:url", absolute(page.url)),
        ("article:section", page.desk.title),
    ]
    if image:
        tags += [
            ("og:image", image.url),
            ("og:image:width", str(image.width)),
            ("og:image:height", str(image.height)),
            ("og:image:alt", image.alt),
        ]
    if page.first_published_at:
        tags.append(("article:published_time", page.first_published_at.isoformat()))
    if page.last_published_at:
        tags.append(("article:modified_time", page.last_published_at.isoformat()))
    tags += [("article:tag", topic.name) for topic in page.topics.all()]
    return tags


def twitter_card(page, image: ShareImage) -> list[tuple[str, str]]:
    return [
        ("twitter:card", "summary_large_image"),
        ("twitter:title", page.title),
        ("twitter:description", page.standfirst or page.title),
        ("twitter:image", image.url),
        ("twitter:image:alt", image.alt),
    ]


def render_head(page, publication, decision=None) -> str:
    image = share_image(page, publication, decision)
    lines = [f'<link rel="canonical" href="{escape(absolute(page.url))}">']
    lines += [
        f'<meta property="{escape(key)}" content="{escape(value)}">'
        for key, value in open_graph(page, publication, image)
    ]
    lines += [
        f'<meta name="{escape(key)}" content="{escape(value)}">'
        for key, value in twitter_card(page, image)
    ]
    data = news_article(page, publication, decision, image)
    lines.append(f'<script type="application/ld+json">{json_ld(data)}</script>')
    return "\n".join(lines)
