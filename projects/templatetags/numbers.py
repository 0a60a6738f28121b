from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def plain_number(value):
    """6000.00 → 6000, 2.50 → 2.5: a count as people write it (not 6E+3)."""
    if value is None or value == "":
        return ""
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    return value
