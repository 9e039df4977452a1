"""The public REST API under /api/v1/ (django-ninja, OpenAPI 3): assembles one router per resource (api/routers/).

Read-only; the routers are thin over `opendata.published` and `serializers`. What is shared lives here: the
document's refinements, the rejection of unknown parameters and the problem details of every error.
"""

from __future__ import annotations

import functools
import logging

from django.conf import settings
from django.db import DatabaseError
from django.http import Http404, HttpRequest
from ninja import NinjaAPI
from ninja.errors import HttpError, ValidationError
from ninja.params.models import QueryModel

from opendata.filters import known_values, reject_unknown
from opendata.problems import PROBLEM_CONTENT_TYPE, ProblemError, german_validation_message, problem
from operations.errors import RETRY_AFTER_SECONDS, database_unavailable

log = logging.getLogger(__name__)

DESCRIPTION = """Offene Daten der **Ruhr-Konferenz**: Projekte mit Status, Meilensteinen, Projektvolumen,
Kennzahlen und Ortsbezügen, die 53 Kommunen des Ruhrgebiets mit zurechenbarer Förderung, Ressorts,
Handlungsfelder, Fortschrittsberichte und Projektideen.

Nur veröffentlichte Inhalte. Jede Zahl nennt ihre Quelle (Dokument und Zeilen). Stabile Kennungen:
Projektnummer (`13-03`), Amtlicher Gemeindeschlüssel (`05911000`), Kurznamen. Fehler als RFC 9457
Problem Details (`application/problem+json`). Bedingte Anfragen (`If-None-Match`, `If-Modified-Since`)
werden mit 304 beantwortet; anonyme Anfragen sind je IP begrenzt (429 mit `Retry-After`).

Lizenz der Daten: Datenlizenz Deutschland – Namensnennung – 2.0 (sofern nicht anders konfiguriert)."""


# The organisations' router lived in the organisations app (organisations/api.py) until the api app took every
# router; its operation ids keep that module's name for the same reason as the others keep api/api.py's.
EARLIER_MODULE = {"api.routers.organisations": "organisations_api"}


class RuhrMonitorAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation) -> str:
        # Generated clients name their methods after the operation ids. They were made of the module the views
        # lived in before the routers (api/api.py); the split must not rename every method of every client.
        module = operation.view_func.__module__
        if module in EARLIER_MODULE:
            return f"{EARLIER_MODULE[module]}_{operation.view_func.__name__}"
        if module.startswith("api.routers."):
            return f"api_api_{operation.view_func.__name__}"
        return super().get_openapi_operation_id(operation)

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        # Errors are problem details; say so in the document so clients (and schemathesis) expect that type.
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                for code, response in operation.get("responses", {}).items():
                    content = response.get("content", {})
                    if int(code) >= 400 and "application/json" in content:
                        response["content"] = {PROBLEM_CONTENT_TYPE: content["application/json"]}
        schema["info"]["license"] = {
            "name": "Datenlizenz Deutschland – Namensnennung – 2.0",
            "url": settings.OPEN_DATA_LICENSE,
        }
        _refine_parameters(schema)
        return schema


# Examples of the path parameters (the query parameters carry theirs in their schemas, opendata/filters.py).
PATH_EXAMPLES = {"code": "13-03", "ags": "05911000", "id": "1"}


def _refine_parameters(schema: dict) -> None:
    """Examples for every parameter, and Ressort, Kreis and Kommune as enums of the values the server knows.

    Declared as free strings, an unknown value answered 400 to a request the document called valid. The
    values live in the registry (an import may register a ministry), so they are read when the document is
    served; without a database (a client generating code at build time) the parameters stay strings.
    """
    try:
        known = known_values()
    except DatabaseError:
        known = {}
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                # ninja copies the schema's list of examples to the parameter, where OpenAPI wants a map.
                listed = parameter.pop("examples", None)
                if isinstance(listed, list) and listed:
                    parameter["example"] = listed[0]
                if parameter.get("in") == "path" and parameter["name"] in PATH_EXAMPLES:
                    parameter.setdefault("example", PATH_EXAMPLES[parameter["name"]])
                values = known.get(parameter["name"]) if parameter.get("in") == "query" else None
                if values is not None:
                    # none registered yet (an empty database): only the empty value, which filters nothing
                    values = values or [""]
                    parameter["schema"] = {
                        "type": "string",
                        "enum": values,
                        "description": parameter.get("description", ""),
                    }
                    if parameter.get("example") not in values:
                        parameter.pop("example", None)


api = RuhrMonitorAPI(
    title="Ruhr-Monitor API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api:v1",
)


def _reject_unknown_parameters(run):
    """Every operation answers a query parameter it does not declare with 400: `?Q=Bochum` must not quietly
    return all projects. ninja hands a view decorator the operation's bound `run`, so its models are at hand."""
    operation = run.__self__
    allowed = frozenset(
        name for model in operation.models if issubclass(model, QueryModel) for name in model.__ninja_flatten_map__
    )

    @functools.wraps(run)
    def checked(request, *args, **kwargs):
        try:
            reject_unknown(request.GET, allowed)
        except ProblemError as exc:
            return exc.response(instance=request.path)
        return run(request, *args, **kwargs)

    return checked


api.add_decorator(_reject_unknown_parameters, mode="view")


def _mount_routers() -> None:
    from .routers import (
        changes,
        datasets,
        documents,
        index,
        ministries,
        municipalities,
        organisations,
        programme_indicators,
        projects,
        proposals,
    )

    # Mounted without a prefix: each router states the full path of its resource, as clients see it.
    for module in (
        index,
        projects,
        municipalities,
        ministries,
        programme_indicators,
        documents,
        proposals,
        datasets,
        changes,
    ):
        api.add_router("", module.router)
    api.add_router("/organisations", organisations.router)


_mount_routers()


# errors: one shape for all -------------------------------------------------------------------------------


@api.exception_handler(ProblemError)
def _problem(request: HttpRequest, exc: ProblemError):
    return exc.response(instance=request.path)


@api.exception_handler(ValidationError)
def _validation(request: HttpRequest, exc: ValidationError):
    errors = []
    for error in exc.errors:
        location = [str(part) for part in error.get("loc", ())]
        parameter = ".".join(location[1:]) or ".".join(location) or "anfrage"
        errors.append({"parameter": parameter, "detail": german_validation_message(error)})
    return problem(400, "Ungültige Parameter.", instance=request.path, errors=errors)


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404):
    return problem(404, str(exc) or "Nicht gefunden.", instance=request.path)


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError):
    return problem(exc.status_code, str(exc), instance=request.path)


@api.exception_handler(Exception)
def _server_error(request: HttpRequest, exc: Exception):
    log.exception("API-Fehler bei %s", request.path)
    if database_unavailable(exc):
        # The database went away (restart, failover): nothing wrong with the request, the client should retry.
        return problem(
            503,
            "Der Dienst ist vorübergehend nicht erreichbar. Bitte versuchen Sie es in Kürze erneut.",
            instance=request.path,
            headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
        )
    return problem(
        500, "Die Anfrage konnte wegen eines internen Fehlers nicht beantwortet werden.", instance=request.path
    )
