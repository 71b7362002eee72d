"""Original abstract illustrations for the demo's stories, drawn with Pillow.

They are drawings, not photographs of what the stories report: the demo's
captions say "Illustration", and their alt text (``describe``) says what is
drawn, not the scene a photograph would have shown.
"""

from __future__ import annotations

import hashlib
import io

from PIL import Image as PILImage
from PIL import ImageDraw

PALETTES = [
    ((30, 58, 95), (232, 182, 76), (246, 239, 227)),
    ((21, 94, 83), (240, 200, 150), (250, 246, 238)),
    ((122, 20, 20), (235, 220, 200), (40, 40, 48)),
    ((56, 48, 112), (120, 190, 210), (245, 245, 240)),
]
# The palettes in words (dark, warm, light), for the alt text.
COLOUR_NAMES = [
    ("navy", "amber", "cream"),
    ("deep green", "peach", "ivory"),
    ("dark red", "sand", "charcoal"),
    ("indigo", "pale blue", "white"),
]
CAPTION = "Illustration, not a photograph."
CREDIT = "Drawn for the demo by Herald"


def describe(name: str) -> str:
    """The alt text of ``draw(name)``: what the drawing shows."""
    dark, warm, light = COLOUR_NAMES[hashlib.sha256(name.encode()).digest()[0] % len(PALETTES)]
    article = "an" if light[0] in "aeiou" else "a"
    return (f"Abstract illustration: layered {dark} hills under {article} {light} sun, "
            f"against a sky fading from {dark} to {warm}")


def draw(name: str, width: int = 1200, height: int = 750) -> bytes:
    """A deterministic landscape of bands and circles seeded by `name`, as JPEG bytes."""
    seed = hashlib.sha256(name.encode()).digest()
    dark, warm, light = PALETTES[seed[0] % len(PALETTES)]
    image = PILImage.new("RGB", (width, height), light)
    pen = ImageDraw.Draw(image)
    for row in range(height):
        t = row / height
        colour = tuple(int(dark[i] * (1 - t) + warm[i] * t) for i in range(3))
        pen.line([(0, row), (width, row)], fill=colour)
    sun_x = 200 + seed[1] * 3
    pen.ellipse([sun_x, 90, sun_x + 180, 270], fill=light)
    for band in range(5):
        base = int(height * (0.55 + band * 0.09))
        amp = 20 + seed[2 + band] % 60
        points = [(0, height)]
        for x in range(0, width + 60, 60):
            wobble = ((seed[(x // 60 + band) % 32] / 255) - 0.5) * amp * 2
            points.append((x, base + wobble))
        points.append((width, height))
        shade = tuple(int(c * (0.55 + band * 0.09)) for c in dark)
        pen.polygon(points, fill=shade)
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=82, optimize=True)
    return buffer.getvalue()


def _font(size: int):
    from PIL import ImageFont

    try:
        return ImageFont.truetype("DejaVuSerif-Bold.ttf", size)
    except OSError:  # no DejaVu on this machine: Pillow's own font
        return ImageFont.load_default(size=size)


def _png(image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def _hex(colour: str) -> tuple[int, int, int]:
    return tuple(int(colour.lstrip("#")[i:i + 2], 16) for i in (0, 2, 4))


def mark(initial: str, accent: str, size: int = 512) -> bytes:
    """A square icon: the initial in white on the accent colour, as PNG bytes."""
    image = PILImage.new("RGB", (size, size), _hex(accent))
    pen = ImageDraw.Draw(image)
    pen.text((size / 2, size / 2), initial, font=_font(int(size * 0.62)), fill="white",
             anchor="mm")
    return _png(image)


def wordmark(name: str, accent: str, height: int = 128) -> bytes:
    """The name set in bold serif after a square mark, on a transparent ground, as PNG bytes."""
    font = _font(int(height * 0.5))
    ink = (21, 21, 21)
    width = int(ImageDraw.Draw(PILImage.new("RGB", (1, 1))).textlength(name, font=font))
    image = PILImage.new("RGBA", (height + width + height // 4, height), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    pen.rounded_rectangle([0, height // 8, height * 3 // 4, height * 7 // 8], radius=height // 12,
                          fill=_hex(accent))
    pen.text((height * 3 // 8, height // 2), name[4:5] if name.startswith("The ") else name[:1],
             font=_font(int(height * 0.5)), fill="white", anchor="mm")
    pen.text((height, height // 2), name, font=font, fill=ink, anchor="lm")
    return _png(image)


def share_card(name: str, tagline: str, accent: str) -> bytes:
    """The default picture of a shared link (1200 × 630): the name and tagline on the accent."""
    image = PILImage.new("RGB", (1200, 630), _hex(accent))
    pen = ImageDraw.Draw(image)
    pen.text((600, 280), name, font=_font(76), fill="white", anchor="mm")
    pen.text((600, 380), tagline, font=_font(34), fill=(235, 235, 235), anchor="mm")
    return _png(image)
