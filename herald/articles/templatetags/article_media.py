"""The addresses of the files a story body shows (pictures, audio, video).

The body does not decide who may fetch its files. Whoever serves the page may
put a function on the request under ``MEDIA_ADDRESS``; every file address in
the block templates goes through it (``herald.access`` signs the files of
gated stories this way). Without one, addresses stay as they are.

Whoever puts a function there also puts, under ``MEDIA_ADDRESS_EPOCH``, a short
string that changes whenever that function's answers may change (a signed
address's expiry): a body rendered with those addresses is cached per epoch
(``herald.articles.fragments``), so a cached body gives exactly the addresses
a fresh render would.
"""

from django import template

MEDIA_ADDRESS = "herald_media_address"
MEDIA_ADDRESS_EPOCH = "herald_media_address_epoch"

register = template.Library()


def media_epoch(request) -> str:
    """The epoch of the addresses this request's pages give ("" when they are plain)."""
    return getattr(request, MEDIA_ADDRESS_EPOCH, "") if getattr(request, MEDIA_ADDRESS, None) else ""


@register.simple_tag(takes_context=True)
def media_address(context, address: str) -> str:
    """``address`` as the page being served gives it to this reader."""
    rewrite = getattr(context.get("request"), MEDIA_ADDRESS, None)
    return rewrite(address) if rewrite is not None and address else address
