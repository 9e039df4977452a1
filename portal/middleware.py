"""Files have one address and one language: the German of the documents they are."""

from __future__ import annotations

import re

from django.conf import settings
from django.http import HttpResponseRedirect
from django.utils.translation import get_language_from_path

# A path whose last segment has an extension names a file (answer.docx, bericht.pdf, uebersicht.xlsx); pages end in /.
FILE_PATH = re.compile(r"/[^/]+\.[A-Za-z0-9]{2,5}$")


class FilesWithoutLanguageMiddleware:
    """Send /en/…/antwort.docx to /…/antwort.docx before anything renders it.

    The apps that render documents (answers to Kleine Anfragen, progress reports, workbooks) sit in prefixed URL
    modules beside their pages, so their files are reachable under /en/ too; rendered there, labels from the
    interface's catalogues would come out in English inside an official German document, and the same document would
    exist in two versions. Placed before LocaleMiddleware, so the file is rendered in German at its one address.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        language = get_language_from_path(path)
        if language and language != settings.LANGUAGE_CODE and FILE_PATH.search(path):
            target = request.path[: -len(path)] + path[len(language) + 1 :]
            query = request.META.get("QUERY_STRING", "")
            return HttpResponseRedirect(f"{target}?{query}" if query else target)
        return self.get_response(request)
