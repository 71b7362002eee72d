"""Signed addresses for the files of gated stories: their lifetime and their check."""

import pytest

from herald.access import media


@pytest.mark.parametrize(
    "now, seconds, expires",
    [
        (0, 3600, 3600),  # on a step: exactly the lifetime
        (1, 3600, 4500),  # just after: up to a quarter more
        (899, 3600, 4500),  # the same address for a quarter of the lifetime
        (900, 3600, 4500),
        (901, 3600, 5400),
        (10, 3, 13),  # too short to round: a step of one second
    ],
)
def test_expiry_is_at_least_the_lifetime_rounded_to_a_quarter(now, seconds, expires):
    assert media.expiry(now, seconds) == expires


def test_token_is_good_until_it_expires(settings):
    settings.HERALD_SIGNED_MEDIA_SECONDS = 3600
    token = media.token_for("images/quay.webp", now=1_000_000)
    expires = media.expiry(1_000_000, 3600)
    assert media.check(token, "images/quay.webp", now=1_000_000) == expires - 1_000_000
    assert media.check(token, "images/quay.webp", now=expires - 0.5) == 1
    with pytest.raises(media.ExpiredAddress):
        media.check(token, "images/quay.webp", now=expires)


@pytest.mark.parametrize(
    "token, name",
    [
        ("{stamp}.{signature}", "images/other.webp"),  # another file
        ("{later}.{signature}", "images/quay.webp"),  # a longer life
        ("{stamp}.{signature}x", "images/quay.webp"),
        ("{signature}", "images/quay.webp"),
        ("", "images/quay.webp"),
    ],
)
def test_token_for_another_file_or_time_is_bad(settings, token, name):
    stamp, signature = media.token_for("images/quay.webp", now=1_000_000).split(".")
    later = media.signing.b62_encode(media.signing.b62_decode(stamp) + 3600)
    with pytest.raises(media.BadAddress):
        media.check(token.format(stamp=stamp, signature=signature, later=later), name,
                    now=1_000_000)


def test_token_signed_with_a_retired_key_still_works(settings):
    settings.SECRET_KEY = "old-key-" + "x" * 50
    token = media.token_for("images/quay.webp", now=1_000_000)
    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = "new-key-" + "y" * 50, [settings.SECRET_KEY]
    assert media.check(token, "images/quay.webp", now=1_000_000) > 0
    settings.SECRET_KEY_FALLBACKS = []
    with pytest.raises(media.BadAddress):
        media.check(token, "images/quay.webp", now=1_000_000)


@pytest.mark.parametrize(
    "address, name",
    [
        ("/media/images/quay.width-800.webp", "images/quay.width-800.webp"),
        ("/media/audio/caf%C3%A9.mp3", "audio/café.mp3"),
        ("https://www.youtube.com/watch?v=abc", None),
        ("https://elsewhere.example/media/images/quay.webp", None),
        ("/world/a-story/", None),
        ("", None),
    ],
)
def test_storage_name_of_an_address(address, name):
    assert media.storage_name(address) == name
