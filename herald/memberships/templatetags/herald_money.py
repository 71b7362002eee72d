from django import template

from herald.memberships.money import format_money

register = template.Library()


@register.simple_tag
def money(amount, currency):
    """{% money tier.monthly_price tier.currency %} → "€9.00"."""
    return format_money(amount, currency)
