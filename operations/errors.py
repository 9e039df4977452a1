"""The page for an unhandled error (`handler500` in config/urls.py): 503 while the database is away.

Django calls the handler from inside its `except` block, so the exception is at hand. An
OperationalError or InterfaceError means the database went away (restart, failover, a killed
connection): nothing is wrong with the request, and a client or proxy should simply retry, so the
answer is 503 with Retry-After instead of 500. Django logs the exception itself ("django.request");
after the request it drops a connection that raised and is no longer usable, and with
CONN_HEALTH_CHECKS a persistent one is checked before reuse, so the next request reconnects.
Both pages render from templates without a request context: no context processor, no database.

`ServiceError` is the one base of the errors by which a service refuses a state change (a report of a frozen
period, a decision on a suggestion already taken, an upload with errors …). Its message is German and meant for
the person who asked, so a view, the API or a command can catch this one class and show `str(exc)`. The module
imports nothing of the apps, so every app's services may derive from it without a cycle.
"""

from __future__ import annotations

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

log = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30


class ServiceError(Exception):
    """A state change a service refuses; `str(exc)` is a German sentence that says why, fit to show."""

    default_message = gettext_lazy("Diese Änderung ist nicht möglich.")

    def __init__(self, message=None, *args):
        super().__init__(self.default_message if message is None else message, *args)

    @property
    def message(self) -> str:
        return str(self.args[0])

    def __str__(self) -> str:
        return self.message


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
