"""Gated text never leaves the server for a reader who may not read it.

Sentinel text is planted behind the cut of a members-only story, of a
metered story and of a members-only story for the Patron tier alone. A crawler then fetches everything the site exposes, as an
anonymous reader, a free subscriber and a member: every link from the home
page, the feeds (RSS, Atom, JSON Feed of the publication, every desk and
topic) and the sitemaps (pages, feeds, search, archive, topics, documents,
media), every endpoint in the URL conf with sample arguments, and
site searches for words next to the sentinels. The sentinels may show up
only on the story a reader is entitled to read in full.

Each gated story also carries a picture behind the cut. The crawler fetches
every picture and file address it finds (src, srcset, href); none may be one
of those pictures' files for a reader who may not read that far, and their
plain /media/ addresses refuse them to every reader.
"""

from __future__ import annotations

import io
import re
from collections import deque
from html import unescape
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from django.conf import settings
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver

MEMBERS_SENTINEL = "SENTINEL-MEMBERS-7f3a"
METER_SENTINEL = "SENTINEL-METER-c91e"
TIER_SENTINEL = "SENTINEL-TIER-4b0d"  # in a members-only story for the Patron tier alone
# A source named behind the cut of a short members-only story: a summary of the
# story's sourcing must not name her to readers who may not read that far.
SOURCE_SENTINEL = "Sentinelova"

MAX_FETCHES = 1500
SKIPPED = ("sign-out", "logout")  # the crawl must stay signed in
# The admin's sign-in page, where each admin address sends a reader who is not staff:
# its ``?next=`` only says where to go after signing in, so it is fetched once per
# crawl, not once for each of the ~300 admin addresses (1,180 fetches of 3,100).
SIGN_IN_PAGE = "/admin/login/"
LINK = re.compile(r"""(?:href|src|action)\s*=\s*["']([^"'#]+)""", re.I)
XML_LINK = re.compile(r"<(?:loc|link|guid|id)>\s*([^<\s]+)\s*<", re.I)
ATOM_LINK = re.compile(r"""<link[^>]+href=["']([^"']+)""", re.I)
JSON_LINK = re.compile(r'"(?:url|home_page_url|feed_url|id|image)":\s*"([^"]+)"')
SRCSET = re.compile(r"""srcset\s*=\s*["']([^"']+)""", re.I)
SIGNED_MEDIA = re.compile(r"^/media-signed/[^/]+/(.+)$")


def story_paragraphs(sentinel: str, word: str) -> list[str]:
    return [
        "The opening paragraph says what happened.",
        "The second paragraph gives the context everyone may read.",
        f"Behind the cut, the {word} figure was {sentinel}, the ledger shows.",
        f"The last paragraph also mentions {sentinel} to be sure.",
    ]


def with_picture_behind_the_cut(story, colour, newsroom):
    """The story again, with a picture after its third paragraph (behind the cut), published."""
    from django.core.files.base import ContentFile
    from PIL import Image as PILImage
    from wagtail.images.models import Image

    buffer = io.BytesIO()
    PILImage.new("RGB", (1300, 700), colour).save(buffer, "PNG")
    image = Image(title=f"Gated {colour} picture",
                  file=ContentFile(buffer.getvalue(), name=f"gated-{colour}.png"))
    image.save()
    body = list(story.body.raw_data)
    body.insert(3, {"type": "figure", "value": {"image": image.pk, "alt_text": "A harbour crane",
                                                "caption": "", "credit": ""}})
    story.body = body
    story.save_revision(user=newsroom.people["publisher"]).publish(
        user=newsroom.people["publisher"])
    return image


@pytest.fixture(scope="module")
def site(shared_newsroom, shared_make_story, tmp_path_factory):
    """The stories, pictures and readers the crawl works on, built once for the module
    (tests read them; what a test writes is rolled back before the next)."""
    with override_settings(MEDIA_ROOT=str(tmp_path_factory.mktemp("leaks-media"))):
        yield build_site(shared_newsroom, shared_make_story)


def build_site(newsroom, make_story):
    from django.contrib.auth import get_user_model

    from herald.access.models import AccessSettings
    from herald.articles.models import Topic

    User = get_user_model()
    rules = AccessSettings.for_site(newsroom.home.get_site())
    rules.meter_limit = 2
    rules.save()
    topic = Topic.objects.create(name="Harbours", slug="harbours")
    warmups = [
        make_story(f"Warm-up {n}", access="metered", topics=[topic]) for n in (1, 2)
    ]
    members = make_story("Members harbour story", access="members", topics=[topic],
                         paragraphs=story_paragraphs(MEMBERS_SENTINEL, "dredging"))
    metered = make_story("Metered harbour story", access="metered", topics=[topic],
                         paragraphs=story_paragraphs(METER_SENTINEL, "tonnage"))
    short = make_story("Short members story", access="members", topics=[topic], paragraphs=[
        "The harbour board met on Monday to discuss the quay.",
        f"“We will not move,” said Marta {SOURCE_SENTINEL}, the harbour master.",
    ])
    make_story("Free harbour story", topics=[topic])
    members_picture = with_picture_behind_the_cut(members, "navy", newsroom)
    metered_picture = with_picture_behind_the_cut(metered, "maroon", newsroom)

    from herald.memberships.models import Member, Tier

    tier = Tier.objects.create(name="Supporter", slug="supporter", monthly_price=5,
                               yearly_price=50, benefits="Everything")
    member = User.objects.create_user("member", "member@example.org", "pw")
    Member.objects.create(user=member, tier=tier, status="active", provider="development")
    patron_tier = Tier.objects.create(name="Patron", slug="patron", monthly_price=25,
                                      yearly_price=250, benefits="Everything, and briefings")
    patrons = make_story("Patrons harbour story", access="members", topics=[topic],
                         paragraphs=story_paragraphs(TIER_SENTINEL, "pilotage"))
    patrons.access_tiers.set([patron_tier])
    patrons.save_revision().publish()
    patron = User.objects.create_user("patron", "patron@example.org", "pw")
    Member.objects.create(user=patron, tier=patron_tier, status="active", provider="development")
    subscriber = User.objects.create_user("subscriber", "sub@example.org", "pw")
    from django.core.management import call_command

    call_command("update_index", verbosity=0)  # whatever the task backend: search sees every story

    class Site:
        pass

    site = Site()
    site.warmups, site.members, site.metered, site.short = warmups, members, metered, short
    site.member, site.subscriber = member, subscriber
    site.patrons, site.patron = patrons, patron
    site.members_picture, site.metered_picture = members_picture, metered_picture
    return site


def same_site_path(url: str, base: str) -> str | None:
    url = unescape(url.strip())
    if url.startswith(("mailto:", "tel:", "javascript:", "data:")):
        return None
    absolute = urljoin(base, url)
    parts = urlsplit(absolute)
    if parts.netloc not in {"testserver", urlsplit(settings.HERALD_BASE_URL).netloc}:
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def url_conf_paths(int_samples: list[int], slug_samples: list[str]) -> list[str]:
    """Every endpoint in the URL conf, with sample arguments filled in."""

    def walk(patterns, prefix=""):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, route)
            elif isinstance(pattern, URLPattern):
                yield route

    paths = []
    for route in walk(get_resolver().url_patterns):
        if route == r"^((?:[\w\-]+/)*)$":
            continue  # Wagtail's pages: the crawl reaches them by links and the sitemap
        ints = int_samples if not route.startswith("admin/") else int_samples[:1]
        for index, number in enumerate(ints):
            slug = slug_samples[index % len(slug_samples)]
            path = re.sub(r"<int:\w+>", str(number), route)
            path = re.sub(r"<slug:\w+>", slug, path)
            path = re.sub(r"<path:\w+>", f"images/{slug}.jpg", path)
            path = re.sub(r"<(?:str:)?\w+>", slug, path)
            path = re.sub(r"<uuid:\w+>", "00000000-0000-0000-0000-000000000000", path)
            path = re.sub(r"\(\?P<\w+>[^)]*\\d[^)]*\)", str(number), path)
            path = re.sub(r"\([^)]*\)", slug, path)
            path = path.replace("^", "").replace("$", "").replace("\\.", ".").replace(".*", slug)
            paths.append("/" + path)
    return sorted(set(paths))


def crawl(client: Client, start: list[str]) -> dict[str, str]:
    """Fetch everything reachable from ``start``; return each path's response text."""
    seen: dict[str, str] = {}
    queue = deque(start)
    sign_in_page_fetched = False
    while queue and len(seen) < MAX_FETCHES:
        path = queue.popleft()
        if path in seen or any(word in path for word in SKIPPED):
            continue
        if urlsplit(path).path == SIGN_IN_PAGE:
            if sign_in_page_fetched:
                continue
            sign_in_page_fetched = True
        response = client.get(path)
        headers = "\n".join(f"{k}: {v}" for k, v in response.headers.items())
        text = headers + "\n\n" + (
            b"".join(response.streaming_content) if response.streaming else response.content
        ).decode("utf-8", "replace")
        seen[path] = text
        if response.status_code in (301, 302, 303, 307, 308):
            target = same_site_path(response.headers["Location"], "http://testserver" + path)
            if target:
                queue.append(target)
            continue
        content_type = response.headers.get("Content-Type", "")
        if "html" in content_type or "xml" in content_type or "json" in content_type:
            candidates = LINK.findall(text) + XML_LINK.findall(text) + ATOM_LINK.findall(text)
            candidates += JSON_LINK.findall(text)
            for srcset in SRCSET.findall(text):
                candidates += [item.split()[0] for item in srcset.split(",") if item.strip()]
            for found in candidates:
                target = same_site_path(found, "http://testserver" + path)
                if target and target not in seen:
                    queue.append(target)
    assert len(seen) < MAX_FETCHES, "The crawl hit its limit; raise MAX_FETCHES"
    return seen


def start_paths(site) -> list[str]:
    stories = [site.members, site.metered, site.short, site.patrons]
    searches = [f"/search/?q={word}" for word in ("dredging", "tonnage", "ledger", "harbour", "Marta")]
    return (
        ["/", "/feeds/latest/", "/feeds/latest/atom/", "/feeds/latest/json/", "/sitemap.xml",
         "/feeds/topics/harbours/", "/feeds/topics/harbours/json/", "/robots.txt"]
        + searches
        + url_conf_paths([s.pk for s in stories], [s.slug for s in stories])
    )


def where(pages: dict[str, str], sentinel: str) -> set[str]:
    return {urlsplit(path).path for path, text in pages.items() if sentinel in text}


def picture_files(image) -> set[str]:
    """The stored files of a picture: its original and every rendition made of it."""
    return {image.file.name} | {rendition.file.name for rendition in image.renditions.all()}


def files_addressed(pages: dict[str, str]) -> set[str]:
    """The stored files whose addresses, plain or signed, the crawl found (and fetched)."""
    names = set()
    for path in pages:
        path = unquote(urlsplit(path).path)
        if signed := SIGNED_MEDIA.match(path):
            names.add(signed.group(1))
        elif path.startswith(settings.MEDIA_URL):
            names.add(path.removeprefix(settings.MEDIA_URL))
    return names


def exhaust_meter(client, site):
    for story in site.warmups:
        assert client.get(story.url).status_code == 200


def signed_in(user, ip):
    client = Client(REMOTE_ADDR=ip, HTTP_USER_AGENT="LeakCrawler/1.0")
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_gated_text_reaches_only_entitled_readers(site):
    member = signed_in(site.member, "192.0.2.10")
    member_pages = crawl(member, start_paths(site))
    # The positive control: the crawl did reach both stories and their text.
    assert where(member_pages, MEMBERS_SENTINEL) == {site.members.url}
    assert where(member_pages, METER_SENTINEL) == {site.metered.url}
    members_files = picture_files(site.members_picture)
    metered_files = picture_files(site.metered_picture)
    assert len(members_files) == len(metered_files) == 4  # the original and three renditions
    assert members_files - {site.members_picture.file.name} <= files_addressed(member_pages)

    # An anonymous reader within the meter fills the page cache's "full" variant of
    # the metered story first, so the readers after it would see any cache leak.
    within = Client(REMOTE_ADDR="198.51.100.1", HTTP_USER_AGENT="LeakCrawler/1.0")
    assert METER_SENTINEL in within.get(site.metered.url).content.decode()

    anonymous = Client(REMOTE_ADDR="198.51.100.2", HTTP_USER_AGENT="LeakCrawler/1.0")
    exhaust_meter(anonymous, site)
    anonymous_pages = crawl(anonymous, start_paths(site))

    subscriber = signed_in(site.subscriber, "198.51.100.3")
    exhaust_meter(subscriber, site)
    subscriber_pages = crawl(subscriber, start_paths(site))

    fresh = Client(REMOTE_ADDR="198.51.100.4", HTTP_USER_AGENT="LeakCrawler/1.0")
    fresh_pages = crawl(fresh, start_paths(site))

    # The crawl reached every feed of every scope (linked from the pages they describe)
    # and every sitemap file (named by robots.txt and the index).
    feeds = {f"/feeds/{scope}/{suffix}" for scope in
             ("latest", "desks/europe", "desks/world", "topics/harbours")
             for suffix in ("", "atom/", "json/")}
    sitemap_files = {"/robots.txt", "/sitemap.xml", "/sitemap-stories.xml",
                     "/sitemap-pages.xml", "/sitemap-news.xml"}
    for name, pages in [("member", member_pages), ("anonymous", anonymous_pages)]:
        assert feeds <= set(pages), (name, feeds - set(pages))
        assert sitemap_files <= set(pages), (name, sitemap_files - set(pages))
    for name, pages in [("anonymous over the meter", anonymous_pages),
                        ("free subscriber over the meter", subscriber_pages)]:
        assert site.metered.url in pages and site.members.url in pages, name
        assert where(pages, MEMBERS_SENTINEL) == set(), name
        assert where(pages, METER_SENTINEL) == set(), name
    assert where(fresh_pages, MEMBERS_SENTINEL) == set()
    assert where(fresh_pages, METER_SENTINEL) <= {site.metered.url}
    # The Patron tier's story: its tier's members only, not a Supporter member.
    assert TIER_SENTINEL in signed_in(site.patron, "192.0.2.11").get(site.patrons.url).content.decode()
    for name, pages in [("Supporter member", member_pages), ("anonymous", anonymous_pages),
                        ("free subscriber", subscriber_pages), ("fresh reader", fresh_pages)]:
        assert site.patrons.url in pages, name
        assert where(pages, TIER_SENTINEL) == set(), name

    # Pictures behind the cut: not one of their files for a reader who may not read that far.
    for name, pages in [("anonymous over the meter", anonymous_pages),
                        ("free subscriber over the meter", subscriber_pages)]:
        assert files_addressed(pages) & (members_files | metered_files) == set(), name
    assert files_addressed(fresh_pages) & members_files == set()
    # And their plain addresses refuse them to every reader, entitled or not.
    for client in (member, anonymous, subscriber, fresh):
        for name in members_files | metered_files:
            assert client.get(settings.MEDIA_URL + name).status_code == 404, name


@pytest.mark.django_db
def test_sourcing_summary_names_no_source_from_behind_the_cut(site):
    anonymous = Client(REMOTE_ADDR="198.51.100.9", HTTP_USER_AGENT="LeakCrawler/1.0")
    html = anonymous.get(site.short.url).content.decode()
    assert "The harbour board met on Monday" in html
    assert SOURCE_SENTINEL not in html


@pytest.mark.django_db
def test_search_finds_no_story_by_a_word_behind_the_cut(site):
    anonymous = Client(REMOTE_ADDR="198.51.100.11", HTTP_USER_AGENT="LeakCrawler/1.0")
    html = anonymous.get("/search/?q=dredging").content.decode()
    assert "No stories match" in html
    assert site.members.url not in html
