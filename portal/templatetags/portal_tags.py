from __future__ import annotations

import datetime
import re
from decimal import Decimal

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from operations.german_numbers import format_euro, german_grouping
from sources.printed_pages import printed_page

register = template.Library()


_group = german_grouping


@register.filter
def euro(value) -> str:
    """1100000 -> '1.100.000 €' (German grouping, cents only when there are any)."""
    return format_euro(value)


@register.filter
def euro_compact(value) -> str:
    """75000000 -> '75 Mio. €', 1250000000 -> '1,25 Mrd. €'; small amounts as `euro`."""
    if value is None or value == "":
        return "–"
    value = Decimal(value)
    for size, unit in ((Decimal(10) ** 9, _("Mrd.")), (Decimal(10) ** 6, _("Mio."))):
        if abs(value) >= size:
            number = (value / size).quantize(Decimal("0.01")).normalize()
            return f"{_group(f'{number:,f}')}\u00a0{unit}\u00a0€"
    return euro(value)


@register.filter
def number(value) -> str:
    """German thousands grouping for counts and indicator values."""
    if value is None or value == "":
        return "–"
    value = Decimal(value).normalize()
    text = f"{value:,f}" if value != value.to_integral_value() else f"{value:,.0f}"
    return _group(text)


@register.filter
def indicator_value(value, qualifier: str = "") -> str:
    """Decimal('1500'), 'approx' -> 'rund 1.500' (qualifier words from programmes.progress)."""
    from programmes.progress import format_number

    return format_number(value, qualifier or "")


@register.simple_tag
def source_url(document, start, end) -> str:
    return f"{reverse('portal:source', args=[document.pk])}?von={start}&bis={end}#L{start}"


@register.inclusion_tag("portal/includes/source_ref.html")
def source_ref(document, start=None, end=None, code=None, label=None):
    """'Quelle: Fortschrittsbericht 2024 (Stand 31.12.2024), S. 41, Zeile 1176' with a link to the lines."""
    if document is None:
        return {"document": None}
    start = start or 0
    end = max(end or 0, start)
    return {
        "document": document,
        "start": start,
        "end": end,
        "url": source_url(document, start, end) if start else reverse("portal:source", args=[document.pk]),
        "page": printed_page(document, code) if code else None,
        "label": label or _("Quelle"),
    }


@register.inclusion_tag("portal/includes/publication_date.html")
def publication_date(document, form="d.m.Y"):
    """An edition's publication date and who states it: '26.11.2025 (laut Pressemitteilung vom 26.11.2025)',
    or 'Veröffentlichungsdatum nicht angegeben' when no document states one (never a guessed date)."""
    stated = document.date_provenance() if document is not None and document.date_stated_elsewhere else None
    return {
        "date": document.date if document is not None else None,
        "form": form,
        "source": stated.document if stated else None,
        "url": source_url(stated.document, stated.start_line, stated.end_line) if stated else "",
    }


@register.filter
def status_class(code: str) -> str:
    return code or "unknown"


@register.filter
def remove_param(query: str, name: str) -> str:
    """'q=x&status=y' | remove_param:'status' -> 'q=x' (and never keeps the page number)."""
    from django.http import QueryDict

    params = QueryDict(query, mutable=True)
    params.pop(name, None)
    params.pop("seite", None)
    return params.urlencode()


@register.filter
def plaintext(text: str):
    """Report text → paragraphs and lists (see portal.content.render_body); escapes everything."""
    from portal.content import render_body

    return render_body(text or "")


FIELD_LABELS = {
    "title": gettext_lazy("Titel"),
    "action_field": gettext_lazy("Handlungsfeld"),
    "ministry": gettext_lazy("Ressort"),
    "mention": gettext_lazy("Ortsbezug"),
    "status": gettext_lazy("Status"),
    "code": gettext_lazy("Projektnummer"),
}


@register.filter
def field_label(name: str) -> str:
    return str(FIELD_LABELS.get(name, name))


_MACHINE_NUMBER = re.compile(r"-?\d+(?:[.,]\d+)?")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


@register.filter
def german_cell(text) -> str:
    """A cell of the round trip's preview as a German reader expects it: '1250000,50' -> '1.250.000,50',
    '2025-12-31' -> '31.12.2025'; anything else unchanged."""
    text = "" if text is None else str(text)
    # Whole numbers up to four digits stay as they are (years, positions), and so do keys with a leading zero
    # (the AGS "05911000"): only amounts and other real quantities are grouped.
    digits = text.lstrip("-")
    keyish = digits[:1] == "0" and digits[1:2] not in ("", ",", ".")
    if _MACHINE_NUMBER.fullmatch(text) and not keyish and ("," in text or "." in text or len(digits) > 4):
        number = Decimal(text.replace(",", "."))
        places = len(text.replace(",", ".").partition(".")[2])
        return german_grouping(f"{number:,.{places}f}")
    if m := _ISO_DATE.fullmatch(text):
        return f"{m[3]}.{m[2]}.{m[1]}"
    return text


@register.filter
def machine_time(value) -> str:
    """A date or time for `<time datetime>`: ISO 8601 to the second, in local time with its offset.

    `|date:'c'` writes microseconds, which the HTML standard's datetime syntax does not allow.
    """
    if value is None or value == "":
        return ""
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(microsecond=0).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)


@register.filter
def external_href(link: str) -> str:
    """A web address as the report prints it ("www.spin.ruhr") → a link that leaves the portal: without a scheme
    the browser would read it as a path below the project page (a 404 of our own)."""
    link = (link or "").strip()
    if _SCHEME.match(link) or link.startswith("//"):
        return link
    return f"https://{link}"
