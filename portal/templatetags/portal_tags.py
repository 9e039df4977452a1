from __future__ import annotations

from decimal import Decimal

from django import template
from django.urls import reverse

register = template.Library()


@register.filter
def euro(value) -> str:
    """1100000 -> '1.100.000 €' (German grouping, cents only when there are any)."""
    if value is None or value == "":
        return "–"
    value = Decimal(value)
    text = f"{value:,.2f}" if value != value.to_integral_value() else f"{value:,.0f}"
    return text.replace(",", "X").replace(".", ",").replace("X", ".") + " €"


@register.simple_tag
def source_url(document, start, end) -> str:
    return f"{reverse('portal:source', args=[document.pk])}?von={start}&bis={end}#L{start}"
