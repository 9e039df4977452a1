"""The interface's two languages in templates: the switch, alternate links, and text that stays in German.

The interface is German with an English translation; what the documents say (project titles, descriptions,
quotations, names of places) is shown as written, in German, on English pages too. Such text is marked
lang="de" there, so screen readers pronounce it in German and browsers hyphenate and translate it correctly.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.html import format_html
from django.utils.translation import get_language, get_language_info

from operations.site import absolute

register = template.Library()

#: The language the source documents are written in.
DOCUMENT_LANGUAGE = "de"


@dataclass(frozen=True)
class LanguageVersion:
    code: str
    name: str  # in its own language ("Deutsch", "English"), as language switches show it
    url: str
    absolute_url: str
    current: bool


@register.simple_tag(takes_context=True)
def language_versions(context) -> list[LanguageVersion]:
    """This page in every language of the interface; empty when the page has only one (API, admin, errors).

    A page has another version when its address translates (it is one of the prefixed pages of config/urls.py);
    the query string is kept, so a filtered list switches to the same filtered list.
    """
    request = context.get("request")
    if request is None:
        return []
    current = get_language()
    here = request.get_full_path()
    versions = []
    for code, _name in settings.LANGUAGES:
        url = here if code == current else translate_url(here, code)
        versions.append(
            LanguageVersion(
                code=code,
                name=get_language_info(code)["name_local"],
                url=url,
                absolute_url=absolute(url, request),  # SITE_URL when set: search engines get the canonical host
                current=code == current,
            )
        )
    if len({version.url for version in versions}) < len(versions):
        return []  # no translated address: a switch would lead back to this page
    return versions


@register.simple_tag
def data_lang() -> str:
    """` lang="de"` on an element holding text from the documents, when the page is in another language.

    Usage: ``<h1{% data_lang %}>{{ project.title }}</h1>``.
    """
    if (get_language() or settings.LANGUAGE_CODE) == DOCUMENT_LANGUAGE:
        return ""
    return format_html(' lang="{}"', DOCUMENT_LANGUAGE)


@register.filter
def in_document_language(text):
    """Inline text from the documents, wrapped in a lang="de" span on pages in another language.

    Usage: ``{{ project.title|in_document_language }}``; empty text stays empty.
    """
    if text in (None, "") or (get_language() or settings.LANGUAGE_CODE) == DOCUMENT_LANGUAGE:
        return text
    return format_html('<span lang="{}">{}</span>', DOCUMENT_LANGUAGE, text)


@register.simple_tag(takes_context=True)
def nav_current(context, url: str, mode: str = "section") -> str:
    """aria-current for a menu link to `url`, in any language.

    "exact": "page" on that page only; "section": "page" there and "true" below it; "area": "true" anywhere
    below it (the page itself included: its sections have start pages of their own).
    """
    request = context.get("request")
    if request is None:
        return ""
    path = request.path
    if mode == "area":
        value = "true" if path.startswith(url) else ""
    elif path == url:
        value = "page"
    elif mode == "section" and path.startswith(url):
        value = "true"
    else:
        value = ""
    return format_html(' aria-current="{}"', value) if value else ""
