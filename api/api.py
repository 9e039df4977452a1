"""The public REST API under /api/v1/ (django-ninja, OpenAPI 3). Read-only; thin over `published` and `serializers`."""

from __future__ import annotations

import functools
import logging
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import DatabaseError
from django.db.models import Count, Q
from django.http import Http404, HttpRequest
from django.urls import reverse
from ninja import NinjaAPI, Query, Schema
from ninja.errors import HttpError, ValidationError
from ninja.params.models import QueryModel
from pydantic import Field

from operations.errors import RETRY_AFTER_SECONDS, database_unavailable
from places.models import LocalReference
from programmes.models import ProgrammeIndicator, Project
from programmes.rollup import rollup

from . import published, registry, schemas, serializers
from .exports import formats_for
from .filters import ProjectFilters, known_values, reject_unknown
from .problems import PROBLEM_CONTENT_TYPE, ProblemError, german_validation_message, problem

log = logging.getLogger(__name__)

DESCRIPTION = """Offene Daten der **Ruhr-Konferenz**: Projekte mit Status, Meilensteinen, Projektvolumen,
Kennzahlen und Ortsbezügen, die 53 Kommunen des Ruhrgebiets mit zurechenbarer Förderung, Ressorts,
Handlungsfelder, Fortschrittsberichte und Projektideen.

Nur veröffentlichte Inhalte. Jede Zahl nennt ihre Quelle (Dokument und Zeilen). Stabile Kennungen:
Projektnummer (`13-03`), Amtlicher Gemeindeschlüssel (`05911000`), Kurznamen. Fehler als RFC 9457
Problem Details (`application/problem+json`). Bedingte Anfragen (`If-None-Match`, `If-Modified-Since`)
werden mit 304 beantwortet; anonyme Anfragen sind je IP begrenzt (429 mit `Retry-After`).

Lizenz der Daten: Datenlizenz Deutschland – Namensnennung – 2.0 (sofern nicht anders konfiguriert)."""


class RuhrMonitorAPI(NinjaAPI):
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


# Examples of the path parameters (the query parameters carry theirs in their schemas, api/filters.py).
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
    from organisations.api import router as organisations

    api.add_router("/organisations", organisations)


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


ERRORS = {400: schemas.Problem, 429: schemas.Problem, 500: schemas.Problem, 503: schemas.Problem}
ERRORS_404 = {**ERRORS, 404: schemas.Problem}


def ok(schema) -> dict:
    return {200: schema, **ERRORS}


def ok_or_404(schema) -> dict:
    return {200: schema, **ERRORS_404}


# pagination ----------------------------------------------------------------------------------------


class PageParams(Schema):
    page: int = Field(1, ge=1, le=100000, description="Seite, ab 1")
    page_size: int = Field(50, ge=1, le=200, description="Einträge je Seite (höchstens 200)")


def paginate(request: HttpRequest, items, params: PageParams, serialize) -> dict[str, Any]:
    start = (params.page - 1) * params.page_size
    if hasattr(items, "expect"):  # ranked search hits: count and page come from one ranking, as in the portal
        items.expect(start, params.page_size)
    count = items.count() if hasattr(items, "count") and not isinstance(items, list) else len(items)
    page = items[start : start + params.page_size]

    def link(number: int) -> str:
        query = request.GET.copy()
        query["page"] = str(number)
        return f"{request.path}?{query.urlencode()}"

    return {
        "count": count,
        "page": params.page,
        "page_size": params.page_size,
        "next": link(params.page + 1) if start + params.page_size < count else None,
        "previous": link(params.page - 1) if params.page > 1 and start - params.page_size < count else None,
        "items": serialize(list(page)),
    }


# index -------------------------------------------------------------------------------------------------


@api.get("/", response=ok(schemas.Index), url_name="index", summary="Einstieg: Ressourcen und Dokumentation")
def index(request):
    return {
        "title": "Ruhr-Monitor API",
        "license": settings.OPEN_DATA_LICENSE,
        "attribution": settings.OPEN_DATA_ATTRIBUTION,
        "openapi": reverse("api:v1:openapi-json"),
        "docs": reverse("api:v1:openapi-view"),
        "catalog": reverse("api:catalog_ttl"),
        "resources": {
            name: reverse(f"api:v1:{name}")
            for name in (
                "projects",
                "municipalities",
                "districts",
                "ministries",
                "action_fields",
                "reports",
                "reporting_periods",
                "documents",
                "proposals",
                "programme_indicators",
                "datasets",
                "changes",
                "organisations",
            )
        },
    }


# projects ----------------------------------------------------------------------------------------------


def _project_summaries(projects: list[Project]) -> list[dict[str, Any]]:
    ids = {p.pk for p in projects}
    funding = published.funding_statements(ids)
    # Counted for the page only: an annotation on the whole list would group every published project per request.
    counts = dict(
        LocalReference.objects.filter(project_id__in=ids)
        .order_by()
        .values("project_id")
        .annotate(n=Count("pk"))
        .values_list("project_id", "n")
    )
    for project in projects:
        project.municipality_count = counts.get(project.pk, 0)
    return [serializers.project_summary(p, funding.get(p.pk)) for p in projects]


@api.get("/projects", response=ok(schemas.ProjectPage), url_name="projects", summary="Projekte (filterbar)")
def list_projects(request, filters: Query[ProjectFilters], paging: Query[PageParams]):
    """Veröffentlichte Projekte, nach Projektnummer. Dieselben Filter liefern die Downloads unter /daten/download/."""
    # A search lists its hits best first, as the portal does; otherwise by project code.
    qs = published.ranked_projects(filters) if filters.searching else published.projects(filters)
    return paginate(request, qs, paging, _project_summaries)


def _project(code: str) -> Project:
    project = published.projects().filter(code=code).first()
    if project is None:
        raise ProblemError(404, f"Projekt „{code}“ gibt es nicht oder es ist nicht veröffentlicht.")
    return project


@api.get(
    "/projects/{code}", response=ok_or_404(schemas.Project), url_name="project", summary="Ein Projekt mit allen Angaben"
)
def get_project(request, code: str):
    return serializers.project_detail(_project(code))


@api.get(
    "/projects/{code}/milestones",
    response=ok_or_404(list[schemas.Milestone]),
    url_name="project_milestones",
    summary="Meilensteine eines Projekts",
)
def project_milestones(request, code: str):
    return serializers.project_detail(_project(code))["milestones"]


@api.get(
    "/projects/{code}/funding",
    response=ok_or_404(list[schemas.Funding]),
    url_name="project_funding",
    summary="Projektvolumen eines Projekts, neueste Angabe zuerst",
)
def project_funding(request, code: str):
    project = _project(code)
    return [serializers.funding(s) for s in project.funding_statements.select_related("document").newest_first()]


@api.get(
    "/projects/{code}/local-references",
    response=ok_or_404(list[schemas.LocalReference]),
    url_name="project_local_references",
    summary="Ortsbezüge eines Projekts",
)
def project_local_references(request, code: str):
    project = _project(code)
    refs = list(published.local_references({project.pk}))
    table = published.provenance(refs)
    return [serializers.local_reference(r, published.provenance_of(r, table)) for r in refs]


# places --------------------------------------------------------------------------------------------------


class MunicipalityParams(Schema):
    district: str | None = Field(None, max_length=100, description="Kreis: Kreisschlüssel oder Kurzname")
    q: str | None = Field(None, max_length=100, description="Teil des Namens")


@api.get(
    "/municipalities",
    response=ok(schemas.MunicipalityPage),
    url_name="municipalities",
    summary="Die 53 Kommunen mit Projekten und Förderung",
)
def list_municipalities(request, params: Query[MunicipalityParams], paging: Query[PageParams]):
    """Förderung je Kommune nach Grundlage getrennt (genau / geschätzt), nur veröffentlichte Projekte."""
    rows, _region_wide = published.funding_by_municipality()
    if params.district:
        district = ProjectFilters(district=params.district).find_district()
        rows = [r for r in rows if r.municipality.district_id == district.pk]
    if params.q:
        rows = [r for r in rows if params.q.lower() in r.municipality.name.lower()]
    return paginate(request, rows, paging, lambda page: [serializers.municipality(r) for r in page])


@api.get(
    "/municipalities/{ags}",
    response=ok_or_404(schemas.MunicipalityDetail),
    url_name="municipality",
    summary="Eine Kommune mit ihren Projekten und der zurechenbaren Förderung",
)
def get_municipality(request, ags: str):
    from answers.place_answers import Filters, build_answer

    rows, _region_wide = published.funding_by_municipality()
    row = next((r for r in rows if ags in (r.municipality.ags, r.municipality.slug)), None)
    if row is None:
        raise ProblemError(
            404, f"Kommune „{ags}“ gibt es im Ruhrgebiet nicht (Amtlicher Gemeindeschlüssel, 8 Ziffern)."
        )
    ids = published.project_ids()
    answer = build_answer(Filters(municipality=row.municipality))
    data = serializers.municipality(row)
    data["projects"] = [
        serializers.answer_row(r) for r in answer.rows if r.project.pk in ids and r.basis != "region_wide"
    ]
    data["region_wide_projects"] = sorted(
        {r.project.code for r in answer.rows if r.project.pk in ids and r.basis == "region_wide"}
    )
    return data


@api.get("/districts", response=ok(list[schemas.District]), url_name="districts", summary="Kreise")
def list_districts(request):
    return [serializers.district(d) for d in published.districts()]


@api.get("/districts/{ags}", response=ok_or_404(schemas.District), url_name="district", summary="Ein Kreis")
def get_district(request, ags: str):
    found = published.districts().filter(Q(ags=ags) | Q(slug=ags)).first()
    if found is None:
        raise ProblemError(404, f"Kreis „{ags}“ gibt es nicht.")
    return serializers.district(found)


# ministries and action fields -------------------------------------------------------------------------


@api.get(
    "/ministries", response=ok(list[schemas.Ministry]), url_name="ministries", summary="Ressorts mit früheren Namen"
)
def list_ministries(request):
    return [serializers.ministry(m) for m in published.ministries()]


@api.get("/ministries/{slug}", response=ok_or_404(schemas.Ministry), url_name="ministry", summary="Ein Ressort")
def get_ministry(request, slug: str):
    found = published.ministries().filter(Q(slug=slug) | Q(abbreviation=slug)).first()
    if found is None:
        raise ProblemError(404, f"Ressort „{slug}“ gibt es nicht.")
    return serializers.ministry(found)


@api.get("/action-fields", response=ok(list[schemas.ActionField]), url_name="action_fields", summary="Handlungsfelder")
def list_action_fields(request):
    return [serializers.action_field(a) for a in published.action_fields()]


@api.get(
    "/action-fields/{slug}",
    response=ok_or_404(schemas.ActionField),
    url_name="action_field",
    summary="Ein Handlungsfeld",
)
def get_action_field(request, slug: str):
    found = published.action_fields().filter(slug=slug).first()
    if found is None:
        raise ProblemError(404, f"Handlungsfeld „{slug}“ gibt es nicht.")
    return serializers.action_field(found)


# programme indicators ----------------------------------------------------------------------------------


@api.get(
    "/programme-indicators",
    response=ok(list[schemas.ProgrammeIndicator]),
    url_name="programme_indicators",
    summary="Kennzahlen des Programms, aus den veröffentlichten Projekten zusammengerechnet",
)
def list_programme_indicators(request):
    return [serializers.programme_indicator(r) for r in published.programme_indicators()]


@api.get(
    "/programme-indicators/{slug}",
    response=ok_or_404(schemas.ProgrammeIndicator),
    url_name="programme_indicator",
    summary="Eine Kennzahl des Programms mit allen Beiträgen und Lücken",
)
def get_programme_indicator(request, slug: str):
    found = ProgrammeIndicator.objects.filter(slug=slug).first()
    if found is None:
        raise ProblemError(404, f"Kennzahl des Programms „{slug}“ gibt es nicht.")
    return serializers.programme_indicator(rollup(found, projects=published.projects()))


# documents and reports -----------------------------------------------------------------------------------


def _documents(page):
    return [serializers.document(d) for d in page]


@api.get(
    "/reports", response=ok(schemas.DocumentPage), url_name="reports", summary="Veröffentlichte Fortschrittsberichte"
)
def list_reports(request, paging: Query[PageParams]):
    return paginate(request, published.reports(), paging, _documents)


@api.get("/reports/{id}", response=ok_or_404(schemas.Document), url_name="report", summary="Ein Fortschrittsbericht")
def get_report(request, id: int):
    found = published.reports().filter(pk=id).first()
    if found is None:
        raise ProblemError(404, f"Fortschrittsbericht {id} gibt es nicht.")
    return serializers.document(found)


@api.get(
    "/reporting-periods",
    response=ok(list[schemas.ReportingPeriod]),
    url_name="reporting_periods",
    summary="Veröffentlichte Berichtsperioden",
)
def list_reporting_periods(request):
    return [serializers.reporting_period(p) for p in published.reporting_periods()]


@api.get("/documents", response=ok(schemas.DocumentPage), url_name="documents", summary="Quelldokumente")
def list_documents(request, paging: Query[PageParams]):
    return paginate(request, published.documents(), paging, _documents)


@api.get("/documents/{id}", response=ok_or_404(schemas.Document), url_name="document", summary="Ein Quelldokument")
def get_document(request, id: int):
    found = published.documents().filter(pk=id).first()
    if found is None:
        raise ProblemError(404, f"Dokument {id} gibt es nicht.")
    return serializers.document(found)


# proposals -----------------------------------------------------------------------------------------------


class ProposalParams(Schema):
    theme: str | None = Field(None, max_length=200, description="Thema (genauer Wortlaut)")
    q: str | None = Field(None, max_length=200, description="Suchbegriff in Titel, Ziel und Hintergrund")


@api.get("/proposals", response=ok(schemas.ProposalPage), url_name="proposals", summary="Projektideen")
def list_proposals(request, params: Query[ProposalParams], paging: Query[PageParams]):
    qs = published.proposals()
    if params.theme:
        qs = qs.filter(theme=params.theme)
    if params.q:
        qs = qs.filter(Q(title__icontains=params.q) | Q(goal__icontains=params.q) | Q(background__icontains=params.q))
    return paginate(request, qs, paging, lambda page: [serializers.proposal(p) for p in page])


@api.get("/proposals/{id}", response=ok_or_404(schemas.Proposal), url_name="proposal", summary="Eine Projektidee")
def get_proposal(request, id: str):
    source, _sep, number = id.rpartition("-")
    found = None
    if number.isdigit() and len(number) <= 5:
        found = published.proposals().filter(source=source, number=int(number)).first()
    if found is None:
        raise ProblemError(404, f"Projektidee „{id}“ gibt es nicht (Kennung wie ihk-12).")
    return serializers.proposal(found)


# datasets --------------------------------------------------------------------------------------------------


def _dataset(d: registry.Dataset) -> dict[str, Any]:
    return {
        "slug": d.slug,
        "title": d.title,
        "description": d.description,
        "open_data": d.open_data,
        "accepts_project_filters": d.project_filters,
        "api_url": d.api_path or None,
        "distributions": [
            {
                "format": f.key,
                "label": f.label,
                "media_type": f.content_type.split(";")[0],
                "url": reverse("api:download", args=[d.slug, f.key]),
            }
            for f in formats_for(d)
        ],
        "columns": [
            {"key": c.key, "header": c.header, "type": c.kind, "description": c.description} for c in d.public_columns()
        ],
    }


@api.get("/datasets", response=ok(list[schemas.Dataset]), url_name="datasets", summary="Datensätze und Downloads")
def list_datasets(request):
    return [_dataset(d) for d in registry.open_datasets()]


@api.get("/datasets/{slug}", response=ok_or_404(schemas.Dataset), url_name="dataset", summary="Ein Datensatz")
def get_dataset(request, slug: str):
    dataset = registry.get(slug)
    if dataset is None or not dataset.open_data:
        raise ProblemError(404, f"Datensatz „{slug}“ gibt es nicht.")
    return _dataset(dataset)


# changes ---------------------------------------------------------------------------------------------------


class ChangeParams(Schema):
    since: datetime | None = Field(None, description="nur Änderungen ab diesem Zeitpunkt (ISO 8601)")


@api.get("/changes", response=ok(schemas.ChangePage), url_name="changes", summary="Änderungen, neueste zuerst")
def list_changes(request, filters: Query[ProjectFilters], params: Query[ChangeParams], paging: Query[PageParams]):
    """Dieselben Änderungen wie die Atom-Feeds und E-Mail-Benachrichtigungen; mit Projektfiltern eingeschränkt."""
    from . import changes

    ids = None if filters.is_empty() else published.project_ids(filters)
    items = changes.changes(project_ids=ids, since=params.since, limit=changes.API_LIMIT)
    return paginate(request, items, paging, lambda page: [c.as_dict() for c in page])
