"""Money as readers read it: the currency's symbol and the locale's digits
("€9.00", "€1,250.00"), through Babel's CLDR data, never "EUR 9.00"."""

from __future__ import annotations

from decimal import Decimal

from babel.numbers import format_currency
from django.conf import settings
from django.utils.translation import get_language, to_locale


def format_money(amount: Decimal | int | float | str, currency: str) -> str:
    locale = to_locale(get_language() or settings.LANGUAGE_CODE)
    return format_currency(Decimal(str(amount)), currency, locale=locale)


def format_minor(amount_minor: int, currency: str) -> str:
    """An amount in minor units (cents), as payment providers count."""
    return format_money(Decimal(amount_minor) / 100, currency)
