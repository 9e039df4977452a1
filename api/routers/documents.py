"""Source documents, published progress reports and reporting periods in the REST API."""

from __future__ import annotations

from ninja import Query, Router

from api import schemas, serializers
from api.common import PageParams, ok, ok_or_404, paginate
from opendata import published
from opendata.problems import ProblemError

router = Router()


def _documents(page):
    return [serializers.document(d) for d in page]


@router.get(
    "/reports", response=ok(schemas.DocumentPage), url_name="reports", summary="Veröffentlichte Fortschrittsberichte"
)
def list_reports(request, paging: Query[PageParams]):
    return paginate(request, published.reports(), paging, _documents)


@router.get("/reports/{id}", response=ok_or_404(schemas.Document), url_name="report", summary="Ein Fortschrittsbericht")
def get_report(request, id: int):
    found = published.reports().filter(pk=id).first()
    if found is None:
        raise ProblemError(404, f"Fortschrittsbericht {id} gibt es nicht.")
    return serializers.document(found)


@router.get(
    "/reporting-periods",
    response=ok(list[schemas.ReportingPeriod]),
    url_name="reporting_periods",
    summary="Veröffentlichte Berichtsperioden",
)
def list_reporting_periods(request):
    return [serializers.reporting_period(p) for p in published.reporting_periods()]


@router.get("/documents", response=ok(schemas.DocumentPage), url_name="documents", summary="Quelldokumente")
def list_documents(request, paging: Query[PageParams]):
    return paginate(request, published.documents(), paging, _documents)


@router.get("/documents/{id}", response=ok_or_404(schemas.Document), url_name="document", summary="Ein Quelldokument")
def get_document(request, id: int):
    found = published.documents().filter(pk=id).first()
    if found is None:
        raise ProblemError(404, f"Dokument {id} gibt es nicht.")
    return serializers.document(found)
