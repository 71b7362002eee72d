"""The accent colour's contrast rule (WCAG 2), from tables of colours."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from herald.newsroom import branding


@pytest.mark.parametrize(("first", "second", "ratio"), [
    ("#000000", "#ffffff", 21.0),
    ("#ffffff", "#ffffff", 1.0),
    ("#767676", "#ffffff", 4.54),  # the lightest grey that passes on white
    ("#777777", "#ffffff", 4.48),
    ("#a4161a", "#ffffff", 7.75),  # Herald's red
])
def test_contrast_is_wcag_s_ratio(first, second, ratio):
    assert round(branding.contrast(first, second), 2) == ratio


@pytest.mark.parametrize(("value", "colour"), [
    ("", ""), ("#ABC", "#aabbcc"), ("1F5A73", "#1f5a73"), (" #1f5a73 ", "#1f5a73"),
])
def test_colours_are_written_one_way(value, colour):
    assert branding.normalise(value) == colour


@pytest.mark.parametrize("value", ["red", "#12345", "#1234567", "#ggg"])
def test_what_is_not_a_hex_colour_is_refused(value):
    with pytest.raises(ValidationError, match="is not a colour"):
        branding.normalise(value)


@pytest.mark.parametrize(("colour", "shade"), [
    ("#4fa3e0", "#3c7caa"), ("#ffcc00", "#8f7200"), ("#777777", "#767676"),
    ("#1f5a73", "#1f5a73"), ("#ffffff", "#757575"),
])
def test_the_suggested_shade_is_the_lightest_of_the_hue_that_passes(colour, shade):
    assert branding.passing_shade(colour) == shade
    assert branding.contrast(shade, "#ffffff") >= 4.5


def test_an_accent_that_passes_is_accepted_and_one_that_fails_says_why():
    branding.validate_accent("#1f5a73")
    branding.validate_accent("")
    with pytest.raises(ValidationError) as refused:
        branding.validate_accent("#4FA3E0")
    assert refused.value.messages == [
        "#4fa3e0 has a contrast of 2.74:1 with white; the accent colours text on white and the "
        "background of white text on buttons, which need at least 4.5:1 to be read (WCAG AA). "
        "The same colour darkened enough: #3c7caa."]
