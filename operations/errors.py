"""The page for an unhandled error (`handler500` in config/urls.py): 503 while the database is away.

Django calls the handler from inside its `except` block, so the exception is at hand. An
OperationalError or InterfaceError means the database went away (restart, failover, a killed
connection): nothing is wrong with the request, and a client or proxy should simply retry, so the
answer is 503 with Retry-After instead of 500. Django logs the exception itself ("django.request");
after the request it drops a connection that raised and is no longer usable, and with
CONN_HEALTH_CHECKS a persistent one is checked before reuse, so the next request reconnects.
Both pages render from templates without a request context: no context processor, no database.
"""

from __future__ import annotations

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.utils.translation import gettext as _

log = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30


def database_unavailable(exc: BaseException | None) -> bool:
    return isinstance(exc, OperationalError | InterfaceError)


def server_error(request, template_name: str = "500.html") -> HttpResponse:
    exc = sys.exc_info()[1]
    status, template_name = (503, "503.html") if database_unavailable(exc) else (500, template_name)
    try:
        body = loader.get_template(template_name).render()
    except Exception:  # the error page itself must never fail
        log.exception("Fehlerseite %s konnte nicht erstellt werden", template_name)
        message = _("Ein technischer Fehler ist aufgetreten. Bitte versuchen Sie es später erneut.")
        body = f"<!DOCTYPE html><html lang='de'><title>Ruhr-Monitor</title><h1>{message}</h1></html>"
    response = HttpResponse(body, status=status, content_type="text/html; charset=utf-8")
    if status == 503:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
