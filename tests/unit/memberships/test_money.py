"""Money in the reader's locale, through Babel."""

from decimal import Decimal

import pytest
from django.utils import translation

from herald.memberships.money import format_minor, format_money


@pytest.mark.parametrize("amount, currency, expected", [
    (Decimal("9.00"), "EUR", "€9.00"),
    (Decimal("1250"), "EUR", "€1,250.00"),
    ("4", "GBP", "£4.00"),
    (Decimal("90.5"), "USD", "US$90.50"),
])
def test_format_money_in_british_english(amount, currency, expected):
    with translation.override("en-gb"):
        assert format_money(amount, currency) == expected


def test_format_minor_counts_cents():
    with translation.override("en-gb"):
        assert format_minor(2500, "EUR") == "€25.00"


def test_another_locale_writes_its_own_digits():
    with translation.override("de"):
        assert format_money(Decimal("1250"), "EUR") == "1.250,00\xa0€"
