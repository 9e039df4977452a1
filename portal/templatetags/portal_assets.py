"""Which KERN stylesheet a page links: the purged build (only the classes the portal uses) in production."""

from __future__ import annotations

from django import template
from django.conf import settings
from django.templatetags.static import static

register = template.Library()


@register.simple_tag
def kern_stylesheet() -> str:
    # settings.KERN_CSS names the purged file when `npm run build:css` made it and DEBUG is off; in
    # development the full file, so a KERN class new in a template works before the next build.
    return static(settings.KERN_CSS)
