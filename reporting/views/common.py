"""What every page of the cycle loads by the URL's arguments: the objects the guards decide on, and small helpers.

The loaders are passed to `accounts.permissions.permission_required(rule, obj=…)`: they answer 404 for an
unknown period or report before any rule is asked, as the views themselves would, and the views take the object
from them again (`period_of(request, slug)`, `report_of(request, pk)`), read once per request.
"""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import get_object_or_404

from accounts.permissions import loaded_once

from ..documents.storage import cached
from ..models import ProjectReport, ReportingPeriod


@loaded_once
def period_of(request, slug: str, **kwargs) -> ReportingPeriod:
    return get_object_or_404(ReportingPeriod, slug=slug)


@loaded_once
def report_of(request, pk: int, **kwargs) -> ProjectReport:
    return get_object_or_404(
        ProjectReport.objects.select_related("period", "project", "project__ministry", "action_field", "updated_by"),
        pk=pk,
    )


def download(generator) -> HttpResponse:
    response = HttpResponse(cached(generator), content_type=generator.content_type)
    response["Content-Disposition"] = f'attachment; filename="{generator.filename()}"'
    return response


def as_int(raw) -> int | None:
    return int(raw) if raw and str(raw).isdigit() else None
