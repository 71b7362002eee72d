"""An issue as e-mail: what each recipient gets, decided by the access policy.

The text of a story in a message comes from ``access.policy.can_read``, asked
for each recipient as the article page asks it for each reader (no meter: a
message is not a page view). Recipients with the same decisions get the same
body, so an issue renders once per distinct set of decisions, CSS inlined once;
only the personal links (unsubscribe, preferences) are put in per recipient.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from email.utils import formataddr, formatdate, make_msgid, parseaddr
from urllib.parse import urlsplit

import css_inline
from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape, strip_tags
from wagtail.rich_text import expand_db_html

from herald.access import entitlement, paywall
from herald.access.policy import NO_METER, Reason, can_read
from herald.access.readers import SUBSCRIBER, Reader
from herald.articles.access_levels import AccessLevel
from herald.articles.paragraphs import place_dateline, place_dateline_in_text
from herald.core.sites import default_site
from herald.newsroom import branding
from herald.newsroom.models import PublicationSettings

UNSUBSCRIBE_SALT = "herald.newsletters.unsubscribe"
PREFERENCES_SALT = "herald.newsletters.preferences"
UNSUBSCRIBE_MARK = "__HERALD_UNSUBSCRIBE_URL__"
PREFERENCES_MARK = "__HERALD_PREFERENCES_URL__"
RAW_TO = "herald-recipient@placeholder.invalid"
RAW_MESSAGE_ID = "<herald-message-id@placeholder.invalid>"
RAW_DATE = "Herald-Date-Placeholder"
TOKEN_MARK = "HERALD-TOKEN"  # where a signed token goes in a reversed route
_RELATIVE_HREF = re.compile(r'(href|src)="/(?!/)')


def absolute(path: str) -> str:
    return settings.HERALD_BASE_URL + path


def unsubscribe_token(subscriber_id: int, newsletter_id: int, *,
                      signer: signing.Signer | None = None) -> str:
    """A link that never expires and unsubscribes one address from one newsletter
    (``signer``: one made with UNSUBSCRIBE_SALT, reused across a send)."""
    signer = signer or signing.Signer(salt=UNSUBSCRIBE_SALT)
    return signer.sign(f"{subscriber_id}.{newsletter_id}")


def read_unsubscribe_token(token: str) -> tuple[int, int] | None:
    try:
        subscriber_id, newsletter_id = signing.Signer(salt=UNSUBSCRIBE_SALT).unsign(token).split(".")
        return int(subscriber_id), int(newsletter_id)
    except (signing.BadSignature, ValueError):
        return None


def preferences_token(subscriber_id: int, *, signer: signing.Signer | None = None) -> str:
    return (signer or signing.Signer(salt=PREFERENCES_SALT)).sign(str(subscriber_id))


def read_preferences_token(token: str) -> int | None:
    try:
        return int(signing.Signer(salt=PREFERENCES_SALT).unsign(token))
    except (signing.BadSignature, ValueError):
        return None


def unsubscribe_url(subscriber_id: int, newsletter_id: int) -> str:
    token = unsubscribe_token(subscriber_id, newsletter_id)
    return absolute(reverse("newsletters:unsubscribe", args=[token]))


def preferences_url(subscriber_id: int) -> str:
    return absolute(reverse("newsletters:preferences", args=[preferences_token(subscriber_id)]))


def _email_html(html: str) -> str:
    return _RELATIVE_HREF.sub(lambda m: f'{m.group(1)}="{settings.HERALD_BASE_URL}/', html)


def block_html(block_type: str, value, *, public: bool) -> str:
    """One body block as e-mail HTML: no scripts, no embeds, pictures with their alt text."""
    if block_type == "paragraph":
        return _email_html(expand_db_html(value.source))
    if block_type == "quote":
        who = f'<p class="attribution">— {escape(value["attribution"])}</p>' if value.get(
            "attribution") else ""
        return f'<blockquote><p>{escape(value["quote"])}</p>{who}</blockquote>'
    if block_type == "figure":
        caption = escape(value.get("caption") or "")
        if public and value.get("image") is not None:
            # Files of gated stories are served only at signed, expiring addresses:
            # a message, which lives for years, shows the picture of open stories only.
            url = value["image"].get_rendition("width-600").url
            url = absolute(url) if url.startswith("/") else url
            return (f'<p class="figure"><img src="{escape(url)}" alt="{escape(value["alt_text"])}" '
                    f'width="600"><br>{caption}</p>')
        return f'<p class="figure">[Picture: {escape(value["alt_text"])}] {caption}</p>'
    if block_type == "media":
        label = "Video" if value.get("kind") == "video" else "Audio"
        return f'<p class="media">[{label} on our site] {escape(value.get("caption") or "")}</p>'
    return ""


def lead_picture_html(page) -> str:
    """The lead picture of an open story (a gated story's is served only at signed addresses,
    which a message outlives)."""
    url = page.lead_image.get_rendition("width-600").url
    url = absolute(url) if url.startswith("/") else url
    caption = escape(" ".join(filter(None, [page.lead_image_caption, page.lead_image_credit])))
    return (f'<p class="figure"><img src="{escape(url)}" alt="{escape(page.lead_image_alt_text)}" '
            f'width="600"><br>{caption}</p>')


def block_text(block_type: str, value) -> str:
    if block_type == "paragraph":
        chunks = [strip_tags(c).strip() for c in value.source.split("</p>")]
        return "\n\n".join(c for c in chunks if c)
    if block_type == "quote":
        who = f"\n  — {value['attribution']}" if value.get("attribution") else ""
        return f"“{value['quote']}”{who}"
    if block_type == "figure":
        return f"[Picture: {value['alt_text']}]"
    if block_type == "media":
        return f"[{'Video' if value.get('kind') == 'video' else 'Audio'} on our site]"
    return ""


@dataclass
class StoryView:
    """A story as one recipient class gets it."""

    page: object
    full: bool
    reason: str
    html: str
    text: str
    url: str
    byline: str
    how_we_reported: str
    join: bool  # the call to action is to join (members-only) rather than read on the site


def story_view(page, decision) -> StoryView:
    public = decision.public
    if decision.full:
        parts = [(b.block_type, b.value) for b in page.body]
    else:
        open_parts, _gated = paywall.split_body(page)
        parts = [(p.block_type, p.value) for p in open_parts]
    # The story opens with its dateline, as on its page ("COPENHAGEN — …").
    html_parts, text_parts, label = [], [], page.dateline_label
    for t, v in parts:
        html, text = block_html(t, v, public=public), block_text(t, v)
        if label and t == "paragraph" and text:
            html, _ = place_dateline(html, label)
            text, label = place_dateline_in_text(text, label), ""
        html_parts.append(html)
        text_parts.append(text)
    html = "\n".join(html_parts)
    if public and page.lead_image is not None:
        html = lead_picture_html(page) + "\n" + html
    text = "\n\n".join(filter(None, text_parts))
    authors = ", ".join(a.name for a in page.authors.all())
    desk = page.desk.title if page.desk_id else ""
    byline = " · ".join(filter(None, [f"By {authors}" if authors else "", desk]))
    kind = page.get_kind_display().lower()
    how = (f"How we reported this: this {kind} was validated by the {desk}: an editor who did "
           "not write it checked it before publication.") if desk else ""
    return StoryView(
        page=page, full=decision.full, reason=decision.reason, html=html, text=text,
        url=absolute(page.url or "/"), byline=byline, how_we_reported=how,
        join=page.access == AccessLevel.MEMBERS or decision.reason in {Reason.TIER, Reason.MEMBERS_ONLY,
                                                           Reason.ARCHIVE},
    )


@dataclass(frozen=True)
class RawMessage:
    """A message ready for SMTP: envelope sender, recipient, bytes, Message-ID."""

    sender: str
    recipient: str
    data: bytes
    message_id: str


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str


class IssueRenderer:
    """Builds each recipient's message for one issue."""

    def __init__(self, issue, stories, *, site_name: str | None = None):
        self.issue = issue
        self.newsletter = issue.newsletter
        self.stories = list(stories)
        self.now = timezone.now()
        site = self.stories[0].get_site() if self.stories else None
        self.rules = entitlement.rules_for_site(site)
        self.facts = [entitlement.story_facts(page) for page in self.stories]
        default = site or default_site()
        publication = PublicationSettings.for_site(default) if default else None
        if site_name is None:
            site_name = publication.name if publication else "Herald"
        self.publication = site_name
        self.branding = branding.for_email(publication)
        sender = self.newsletter.sender_email or settings.DEFAULT_FROM_EMAIL
        self.from_email = formataddr((self.newsletter.sender_name or self.publication, sender))
        self.domain = urlsplit(settings.HERALD_BASE_URL).hostname or "herald.invalid"
        self._cache: dict[tuple, Rendered] = {}
        self._raw: dict[tuple, bytes | None] = {}
        self.envelope_from = parseaddr(self.from_email)[1]
        # Recipients' links differ only by their signed token: the routes are reversed
        # once per issue, not once per recipient (reverse() was a fifth of a send).
        self._unsubscribe_at = absolute(reverse("newsletters:unsubscribe", args=[TOKEN_MARK]))
        self._preferences_at = absolute(reverse("newsletters:preferences", args=[TOKEN_MARK]))
        self._signers = (signing.Signer(salt=UNSUBSCRIBE_SALT), signing.Signer(salt=PREFERENCES_SALT))
        self._date = (None, "")  # (second, Date header): formatted once a second, not per message
        self._inliner = css_inline.CSSInliner(keep_style_tags=False, load_remote_stylesheets=False)

    def decisions(self, reader: Reader) -> tuple:
        return tuple(can_read(facts, reader, NO_METER, self.now,
                              archive_days=self.rules.archive_days) for facts in self.facts)

    def rendered(self, reader: Reader) -> Rendered:
        decisions = self.decisions(reader)
        key = tuple((d.full, d.reason) for d in decisions)
        found = self._cache.get(key)
        if found is None:
            found = self._cache[key] = self._render(decisions)
        return found

    def _render(self, decisions) -> Rendered:
        views = [story_view(page, d) for page, d in zip(self.stories, decisions, strict=True)]
        context = {
            "issue": self.issue, "newsletter": self.newsletter, "publication": self.publication,
            **self.branding,
            "stories": views, "digest": self.issue.is_digest,
            "join_url": absolute("/membership/"),
            "unsubscribe_url": UNSUBSCRIBE_MARK, "preferences_url": PREFERENCES_MARK,
        }
        html = render_to_string("newsletters/email/issue.html", context)
        text = render_to_string("newsletters/email/issue.txt", context)
        return Rendered(self.issue.subject, text, self._inliner.inline(html))

    def links(self, subscriber_id: int | None) -> tuple[str, str]:
        """The recipient's unsubscribe and preferences addresses."""
        if subscriber_id is None:  # a test send to the publisher
            return (absolute(reverse("newsletters:preferences-help")),) * 2
        return (
            self._unsubscribe_at.replace(TOKEN_MARK, unsubscribe_token(
                subscriber_id, self.newsletter.pk, signer=self._signers[0])),
            self._preferences_at.replace(TOKEN_MARK, preferences_token(
                subscriber_id, signer=self._signers[1])),
        )

    def date_header(self) -> str:
        """The Date header for a message sent now (RFC 5322 dates count whole seconds)."""
        second = int(time.time())
        if self._date[0] != second:
            self._date = (second, formatdate(second, localtime=True))
        return self._date[1]

    def message(self, *, email: str, subscriber_id: int | None, reader: Reader = SUBSCRIBER,
                connection=None, message_id: str | None = None,
                links: tuple[str, str] | None = None) -> EmailMultiAlternatives:
        rendered = self.rendered(reader)
        unsubscribe, preferences = links or self.links(subscriber_id)
        message_id = message_id or make_msgid(idstring=f"n{self.issue.pk}", domain=self.domain)
        headers = {
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "List-Id": f"{self.newsletter.name} <{self.newsletter.slug}.{self.domain}>",
            "Message-ID": message_id,
        }
        message = EmailMultiAlternatives(
            subject=rendered.subject,
            body=rendered.text.replace(UNSUBSCRIBE_MARK, unsubscribe).replace(
                PREFERENCES_MARK, preferences),
            from_email=self.from_email, to=[email], headers=headers,
            reply_to=[self.newsletter.reply_to] if self.newsletter.reply_to else None,
            connection=connection,
        )
        message.attach_alternative(
            rendered.html.replace(UNSUBSCRIBE_MARK, escape(unsubscribe)).replace(
                PREFERENCES_MARK, escape(preferences)), "text/html")
        return message

    def raw(self, *, email: str, subscriber_id: int, reader: Reader = SUBSCRIBER):
        """The message as SMTP bytes, or None where only ``message`` will do.

        Each body is serialised once (Python's ``email`` package is the costly
        part of a send) with marks where the recipient's address, Message-ID,
        date and links go, and the marks are replaced in the bytes. Only when
        every mark survives serialisation intact (8-bit bodies: no line folded
        through a mark) and the address is ASCII; otherwise None.
        """
        if not email.isascii():
            return None
        key = self.decisions_key(reader)
        template = self._raw.get(key, False)
        if template is False:
            template = self._raw[key] = self._raw_template(reader)
        if template is None:
            return None
        unsubscribe, preferences = self.links(subscriber_id)
        if escape(unsubscribe) != unsubscribe or escape(preferences) != preferences:
            return None  # the HTML would need them escaped
        message_id = make_msgid(idstring=f"n{self.issue.pk}", domain=self.domain)
        data = template
        for mark, value in ((RAW_TO, email), (RAW_MESSAGE_ID, message_id),
                            (RAW_DATE, self.date_header()),
                            (UNSUBSCRIBE_MARK, unsubscribe), (PREFERENCES_MARK, preferences)):
            data = data.replace(mark.encode(), value.encode())
        return RawMessage(self.envelope_from, email, data, message_id)

    def decisions_key(self, reader: Reader) -> tuple:
        return tuple((d.full, d.reason) for d in self.decisions(reader))

    def _raw_template(self, reader: Reader) -> bytes | None:
        message = self.message(email=RAW_TO, subscriber_id=None, reader=reader,
                               message_id=RAW_MESSAGE_ID,
                               links=(UNSUBSCRIBE_MARK, PREFERENCES_MARK))
        message.extra_headers["Date"] = RAW_DATE
        data = message.message().as_bytes(linesep="\r\n")
        rendered = self.rendered(reader)
        expected = {
            RAW_TO: 1, RAW_MESSAGE_ID: 1, RAW_DATE: 1,
            UNSUBSCRIBE_MARK: 1 + rendered.text.count(UNSUBSCRIBE_MARK)
            + rendered.html.count(UNSUBSCRIBE_MARK),
            PREFERENCES_MARK: rendered.text.count(PREFERENCES_MARK)
            + rendered.html.count(PREFERENCES_MARK),
        }
        if any(data.count(mark.encode()) != n for mark, n in expected.items()):
            return None
        return data
