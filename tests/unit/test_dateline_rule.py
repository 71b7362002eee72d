"""One rule for a body that already opens with its dateline (importer, editor, herald validate)."""

from __future__ import annotations

import pytest

from herald.articles.datelines import claim, opening_dateline, with_dateline


@pytest.mark.parametrize(
    "field, text, expected",
    [
        # The field's place, any case, any dash: the body loses it.
        ("COPENHAGEN", "COPENHAGEN — Talks began.", ("COPENHAGEN", "Talks began.")),
        ("COPENHAGEN", "Copenhagen — Talks began.", ("COPENHAGEN", "Talks began.")),
        ("Copenhagen", "COPENHAGEN – Talks began.", ("Copenhagen", "Talks began.")),
        ("COPENHAGEN", "COPENHAGEN - Talks began.", ("COPENHAGEN", "Talks began.")),
        ("COPENHAGEN", "COPENHAGEN -- Talks began.", ("COPENHAGEN", "Talks began.")),
        ("COPENHAGEN", "COPENHAGEN—Talks began.", ("COPENHAGEN", "Talks began.")),
        ("COPENHAGEN", "\n**COPENHAGEN** — Talks began.", ("COPENHAGEN", "Talks began.")),
        ("KYIV", "KYIV, Ukraine — Talks began.", ("KYIV", "Talks began.")),
        ("KYIV, Ukraine", "KYIV, Ukraine — Talks began.", ("KYIV, Ukraine", "Talks began.")),
        ("NEW YORK", "New York — Talks began.", ("NEW YORK", "Talks began.")),
        # No place in the field: a capitalised opening dateline moves into it.
        ("", "COPENHAGEN — Talks began.", ("COPENHAGEN", "Talks began.")),
        ("", "SÃO PAULO – Talks began.", ("SÃO PAULO", "Talks began.")),
        ("", "WASHINGTON (Herald) — Talks began.", ("WASHINGTON", "Talks began.")),
        # Not a dateline, or another place: left alone.
        ("", "Copenhagen — a city of bicycles — voted.", ("", "Copenhagen — a city of bicycles — voted.")),
        ("", "ROME-based diplomats met.", ("", "ROME-based diplomats met.")),
        ("ROME", "MILAN — Talks began.", ("ROME", "MILAN — Talks began.")),
        ("ROME", "Rome-based diplomats met.", ("ROME", "Rome-based diplomats met.")),
        ("ROME", "The talks began in Rome.", ("ROME", "The talks began in Rome.")),
        ("", "", ("", "")),
    ],
)
def test_claim_keeps_the_dateline_in_the_field_once(field, text, expected):
    assert claim(field, text) == expected


@pytest.mark.parametrize(
    "text, field, expected",
    [
        ("Talks began.", "copenhagen", "COPENHAGEN — Talks began."),
        ("COPENHAGEN — Talks began.", "COPENHAGEN", "COPENHAGEN — Talks began."),
        ("Copenhagen - Talks began.", "COPENHAGEN", "COPENHAGEN — Talks began."),
        ("COPENHAGEN — Talks began.", "", "COPENHAGEN — Talks began."),
        ("Talks began.", "", "Talks began."),
    ],
)
def test_with_dateline_opens_the_text_with_it_exactly_once(text, field, expected):
    assert with_dateline(text, field) == expected


def test_a_dateline_alone_is_not_an_opening():
    assert opening_dateline("ROME —") is None
