"""The section "Feeds und Benachrichtigungen" of the "Daten & API" page, drawn by the app that owns feeds and alerts.

The page belongs to opendata; with this tag it needs no import of alerts, so the apps import in one direction only
(alerts reads opendata's published data, never the other way round).
"""

from __future__ import annotations

from django import template

from opendata import published

from ..forms import SubscribeForm

register = template.Library()


@register.inclusion_tag("alerts/feeds_and_alerts.html")
def feeds_and_alerts() -> dict:
    # Django's inclusion tags pass the page's csrf_token on, so the form posts as before.
    return {"form": SubscribeForm(), "action_fields": published.action_fields()}
