"""Turn the import format's Markdown body into story body blocks."""

from __future__ import annotations

import re
from collections.abc import Callable

import markdown
import nh3

from herald.articles.blocks import is_playable_address
from herald.articles.editor_rich_text import as_the_editor_saves

ALLOWED_TAGS = {"p", "em", "strong", "a", "i", "b", "sup", "sub"}
IMAGE_LINE = re.compile(r'^!\[(?P<alt>[^\]]*)\]\((?P<src>\S+)(?:\s+"(?P<title>[^"]*)")?\)$')
MEDIA_LINE = re.compile(r"^\[\[(?P<kind>video|audio):\s*(?P<url>\S+)\s*(?:\|\s*(?P<caption>[^\]]*))?\]\]$")
ATTRIBUTION = re.compile(r"^[—–-]{1,2}\s*(?P<who>.+)$")


class BodyError(ValueError):
    pass


def paragraph_html(text: str) -> str:
    html = markdown.markdown(text, output_format="html")
    html = nh3.clean(
        html, tags=ALLOWED_TAGS, attributes={"a": {"href"}}, url_schemes={"http", "https", "mailto"}
    ).strip()
    # Headings, lists and raw HTML blocks lose their tags; keep their words a paragraph.
    if html and "<p>" not in html:
        html = f"<p>{html}</p>"
    return html


def markdown_to_blocks(text: str, resolve_image: Callable[[str, str], object] | None = None) -> list[dict]:
    """Blocks for a StreamField: paragraphs (in the editor's own form), quotes, figures and media."""
    blocks: list[dict] = []
    for chunk in re.split(r"\n\s*\n", text.strip()):
        chunk = chunk.strip()
        if not chunk:
            continue
        lines = [line.strip() for line in chunk.splitlines()]
        if all(line.startswith(">") for line in lines):
            lines = [line.lstrip(">").strip() for line in lines]
            attribution = ""
            match = ATTRIBUTION.match(lines[-1]) if len(lines) > 1 else None
            if match:
                attribution = match.group("who")
                lines = lines[:-1]
            blocks.append({"type": "quote", "value": {"quote": " ".join(lines), "attribution": attribution}})
        elif image := IMAGE_LINE.match(chunk):
            if resolve_image is None:
                raise BodyError(f"images are not supported here: {image.group('src')}")
            caption, _, credit = (image.group("title") or "").partition("|")
            credit = credit.strip().removeprefix("Credit:").strip()
            blocks.append({
                "type": "figure",
                "value": {
                    "image": resolve_image(image.group("src"), image.group("alt")).pk,
                    "alt_text": image.group("alt"),
                    "caption": caption.strip(),
                    "credit": credit,
                },
            })
        elif media := MEDIA_LINE.match(chunk):
            if not is_playable_address(media.group("url")):
                # The admin's MediaBlock refuses these too; the import must not bypass it.
                raise BodyError(
                    f"media address {media.group('url')!r}: use an https:// address "
                    "or a path on this site"
                )
            blocks.append({
                "type": "media",
                "value": {"kind": media.group("kind"), "url": media.group("url"),
                          "caption": (media.group("caption") or "").strip(), "transcript": ""},
            })
        else:
            html = paragraph_html(chunk)
            if html.strip():
                # Stored as the admin's editor saves it, so opening and saving the
                # story unchanged is no change (herald.articles.editor_rich_text).
                blocks.append({"type": "paragraph", "value": as_the_editor_saves(html)})
    if not any(block["type"] == "paragraph" for block in blocks):
        raise BodyError("the body is empty")
    return blocks
