"""The publication's look: its accent colour, kept readable, and its pictures' sizes.

The accent colour is text on white (kickers, the masthead's links) and the
background of white text (buttons), so it must contrast with white by at least
4.5:1, WCAG 2's AA level for normal text. A colour that does not is refused with
the ratio it has and the nearest darker shade of it that passes.
"""

from __future__ import annotations

import math
import re

from django.conf import settings
from django.core.exceptions import ValidationError

DEFAULT_ACCENT = "#a4161a"  # herald.css's --accent
MINIMUM_CONTRAST = 4.5  # WCAG 2, success criterion 1.4.3 (AA), normal text
WHITE = "#ffffff"
#: The masthead logo: at most 64 points high, at one and two pixels per point.
LOGO = "max-{480x64,960x128}"
#: Browser tabs (32), phones' home screens (180), RSS's channel image (at most 144
#: wide), Atom's and JSON Feed's square icons (512).
ICONS = {"icon": "fill-32x32|format-png", "apple-touch-icon": "fill-180x180|format-png",
         "rss": "fill-144x144|format-png", "feed": "fill-512x512|format-png"}
#: A shared link's picture when a page has none of its own (as lead_images.SHARE).
SHARE = "fill-1200x630"

_HEX = re.compile(r"^#?(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")


def normalise(colour: str) -> str:
    """``#abc``, ``ABCDEF`` or ``#AbCdEf`` as ``#aabbcc``; "" stays ""."""
    colour = colour.strip()
    if not colour:
        return ""
    if not _HEX.match(colour):
        raise ValidationError(
            f"“{colour}” is not a colour: write it in hex, like {DEFAULT_ACCENT}.",
            code="invalid")
    digits = colour.lstrip("#").lower()
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    return f"#{digits}"


def _channels(colour: str) -> tuple[int, int, int]:
    digits = normalise(colour)[1:]
    return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)


def relative_luminance(colour: str) -> float:
    """WCAG 2's relative luminance, 0 for black to 1 for white."""

    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in _channels(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(first: str, second: str) -> float:
    """WCAG 2's contrast ratio of two colours, 1 to 21."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def darker(colour: str, factor: float) -> str:
    """``colour`` with each channel scaled by ``factor`` (below 1: darker, same hue)."""
    return "#" + "".join(f"{round(c * factor):02x}" for c in _channels(colour))


def passing_shade(colour: str) -> str:
    """The lightest shade of ``colour`` (same hue, darker) that contrasts enough with white."""
    for step in range(100, -1, -1):
        shade = darker(colour, step / 100)
        if contrast(shade, WHITE) >= MINIMUM_CONTRAST:
            return shade
    return "#000000"


def hover_shade(colour: str) -> str:
    """The accent's hover and pressed shade (herald.css's --accent-dark)."""
    return darker(colour, 0.76)


def validate_accent(value: str) -> None:
    """Refuse a colour that white text, or text on white, could not be read on."""
    colour = normalise(value)
    if not colour:
        return
    ratio = contrast(colour, WHITE)
    if ratio < MINIMUM_CONTRAST:
        raise ValidationError(
            f"{colour} has a contrast of {math.floor(ratio * 100) / 100:.2f}:1 with white; the accent colours text "
            f"on white and the background of white text on buttons, which need at least "
            f"{MINIMUM_CONTRAST}:1 to be read (WCAG AA). The same colour darkened enough: "
            f"{passing_shade(colour)}.",
            code="contrast",
        )


def for_email(publication) -> dict:
    """What an e-mail template needs of the branding: ``accent`` and ``logo`` (absolute
    ``url``, ``width``, ``height`` at one pixel per point; None without a logo)."""
    accent = publication.accent if publication is not None else DEFAULT_ACCENT
    found = publication.logo_renditions() if publication is not None else []
    logo = None
    if found:
        one, two = found[0], found[-1]
        url = two.url if two.url.startswith("http") else settings.HERALD_BASE_URL + two.url
        logo = {"url": url, "width": one.width, "height": one.height}
    return {"accent": accent, "logo": logo}
