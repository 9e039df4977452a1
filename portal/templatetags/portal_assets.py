"""Which stylesheets and fonts a page links: the builds of `make install` in production (settings: KERN_CSS …)."""

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


@register.simple_tag
def fonts_stylesheet() -> str:
    return static(settings.FONTS_CSS)


@register.simple_tag
def font_preload() -> str:
    # The regular weight carries most text, so it is worth fetching before the CSS asks for it.
    return static(settings.FONT_PRELOAD)
