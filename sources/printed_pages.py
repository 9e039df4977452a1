"""Printed page numbers: where a project stands in a progress report, as the report's table of contents prints it.

It reads nothing but the document, so every citation of a report line (the portal's "S. 41" and the sources
of an answer to parliament) asks this one reader.
"""

from __future__ import annotations

import re

from .models import DocumentKind, SourceDocument

_TOC_LINE = re.compile(r"\((\d{1,3}-\d{2}[a-z]?)\)[\s.…]*(\d{1,3})\s*$")


_PAGE_CACHE: dict[tuple[int, str], dict[str, int]] = {}


def _toc_pages(text: str) -> dict[str, int]:
    pages: dict[str, int] = {}
    for line in text.splitlines()[:400]:
        match = _TOC_LINE.search(line)
        if match:
            pages.setdefault(match.group(1), int(match.group(2)))
    return pages


def printed_page(document: SourceDocument | None, code: str | None) -> int | None:
    """The page of a project in a progress report, as the report's table of contents prints it.

    Documents are identified by their SHA-256, so the table is read once per process and document.
    """
    if document is None or not code or document.kind != DocumentKind.PROGRESS_REPORT:
        return None
    key = (document.pk, document.sha256)
    pages = _PAGE_CACHE.get(key)
    if pages is None:
        text = SourceDocument.objects.filter(pk=document.pk).values_list("text", flat=True).first() or ""
        pages = _PAGE_CACHE[key] = _toc_pages(text)
    return pages.get(code)
