"""Pictures for tests: a plain-coloured image saved in Wagtail's image library.

Tests that save images use the ``media_root`` fixture (tests/conftest.py) so the
files go to a temporary folder.
"""

from __future__ import annotations

import io

from django.core.files.base import ContentFile


def saved_image(colour: str = "teal", size: tuple[int, int] = (1600, 1000), *, name: str = ""):
    """A PNG of `size` in `colour`, saved as a Wagtail image titled after it."""
    from PIL import Image as PILImage
    from wagtail.images.models import Image

    name = name or colour
    buffer = io.BytesIO()
    PILImage.new("RGB", size, colour).save(buffer, "PNG")
    image = Image(title=f"A {name} quay", file=ContentFile(buffer.getvalue(), name=f"{name}.png"))
    image.save()
    return image
