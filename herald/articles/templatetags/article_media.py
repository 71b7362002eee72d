"""The addresses of the files a story body shows (pictures, audio, video).

The body does not decide who may fetch its files. Whoever serves the page may
put a function on the request under ``MEDIA_ADDRESS``; every file address in
the block templates goes through it (``herald.access`` signs the files of
gated stories this way). Without one, addresses stay as they are.
"""

from django import template

MEDIA_ADDRESS = "herald_media_address"

register = template.Library()


@register.simple_tag(takes_context=True)
def media_address(context, address: str) -> str:
    """``address`` as the page being served gives it to this reader."""
    rewrite = getattr(context.get("request"), MEDIA_ADDRESS, None)
    return rewrite(address) if rewrite is not None and address else address
