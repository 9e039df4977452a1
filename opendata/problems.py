"""Errors as RFC 9457 problem details (`application/problem+json`), the one error shape of all public data URLs.

Every error of the API, the downloads, the feeds and the catalogue goes
through `problem()`, so a script sees the same shape for 400, 404, 429 and 500
whichever part of the site answered.
"""

from __future__ import annotations

import json
from http import HTTPStatus
from typing import Any

from django.http import HttpResponse

PROBLEM_CONTENT_TYPE = "application/problem+json"

# German titles; `type` stays "about:blank" (RFC 9457 §4.2.1) unless a problem needs its own documentation.
TITLES = {
    400: "Ungültige Anfrage",
    401: "Anmeldung erforderlich",
    403: "Keine Berechtigung",
    404: "Nicht gefunden",
    405: "Methode nicht erlaubt",
    406: "Format nicht verfügbar",
    429: "Zu viele Anfragen",
    500: "Interner Fehler",
}


def problem_body(status: int, detail: str = "", *, instance: str = "", **extra: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": TITLES.get(status) or HTTPStatus(status).phrase,
        "status": status,
    }
    if detail:
        body["detail"] = detail
    if instance:
        body["instance"] = instance
    body.update(extra)
    return body


def problem(status: int, detail: str = "", *, instance: str = "", headers: dict | None = None, **extra) -> HttpResponse:
    response = HttpResponse(
        json.dumps(problem_body(status, detail, instance=instance, **extra), ensure_ascii=False),
        status=status,
        content_type=PROBLEM_CONTENT_TYPE,
    )
    for name, value in (headers or {}).items():
        response[name] = value
    return response


class ProblemError(Exception):
    """Raised by services and views of the public data apps (api, opendata, alerts); turned into a problem response
    where it surfaces."""

    def __init__(self, status: int, detail: str, **extra: Any) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.extra = extra

    def response(self, instance: str = "") -> HttpResponse:
        return problem(self.status, self.detail, instance=instance, **self.extra)


def german_validation_message(error: dict[str, Any]) -> str:
    """Pydantic's error for one parameter, in German."""
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind == "literal_error":
        return f"erlaubt sind: {ctx.get('expected', '')}"
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return "keine ganze Zahl"
    if kind in ("bool_parsing", "bool_type"):
        return "erlaubt sind true oder false"
    if kind == "greater_than_equal":
        return f"muss mindestens {ctx.get('ge')} sein"
    if kind == "less_than_equal":
        return f"darf höchstens {ctx.get('le')} sein"
    if kind == "string_too_long":
        return f"höchstens {ctx.get('max_length')} Zeichen"
    if kind.startswith(("datetime", "date")):
        return "kein gültiger Zeitpunkt (ISO 8601, z. B. 2025-01-31T00:00:00Z)"
    if kind == "missing":
        return "fehlt"
    return "ungültiger Wert"
