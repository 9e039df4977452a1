"""Pages and files of the opendata app: "Daten & API", downloads, catalogue, the office's round trip.

Thin: rows come from the registry, files from `exports`, state changes from `services`.
"""

from __future__ import annotations

import json

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from accounts.permissions import permission_required
from operations import site

from . import catalog, exports, published, registry, services
from . import datapackage as datapackage_module
from .filters import ProjectFilters
from .forms import UploadForm
from .models import Upload, UploadStatus
from .problems import ProblemError
from .registry import DATASETS, ROUND_TRIP, Scope


def _file(content: bytes, content_type: str, filename: str, *, attachment: bool = True) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'{"attachment" if attachment else "inline"}; filename="{filename}"'
    return response


def _stamp() -> str:
    return f"{timezone.localdate():%Y-%m-%d}"


# the page ---------------------------------------------------------------------------------------------


@require_GET
def data_page(request):
    datasets = [(d, exports.formats_for(d)) for d in registry.open_datasets()]
    return render(
        request,
        "opendata/data.html",
        {
            "datasets": datasets,
            "reports": published.reports(),
            "may_round_trip": request.user.has_perm("opendata.round_trip"),
            "site_url": request.build_absolute_uri("/").rstrip("/"),
        },
    )


# downloads --------------------------------------------------------------------------------------------


@require_GET
def download(request, slug: str, fmt: str):
    dataset = registry.get(slug)
    if dataset is None or not dataset.open_data:
        raise ProblemError(404, f"Datensatz „{slug}“ gibt es nicht.")
    if fmt not in {f.key for f in exports.formats_for(dataset)}:
        raise ProblemError(404, f"Den Datensatz „{slug}“ gibt es nicht als {fmt}.")
    filters = ProjectFilters.from_query(request.GET)
    if not filters.is_empty() and not dataset.project_filters:
        raise ProblemError(400, f"Der Datensatz „{dataset.title}“ lässt sich nicht nach Projekten filtern.")
    scope = Scope(filters=None if filters.is_empty() else filters)
    if scope.filters is not None:
        scope.filters.apply(published.projects())  # unknown municipality or ministry → 400 before rendering
    content = exports.render(dataset, fmt, scope)
    fmt_info = exports.FORMATS[fmt]
    suffix = "-gefiltert" if scope.filters is not None else ""
    filename = f"ruhr-monitor-{slug}{suffix}-{_stamp()}.{fmt_info.extension}"
    return _file(content, fmt_info.content_type, filename, attachment=fmt not in ("json", "geojson"))


@require_GET
def datapackage(request):
    """The Frictionless description of every download, with absolute URLs (frictionless validate <URL>)."""
    package = datapackage_module.descriptor(
        registry.open_datasets(),
        lambda d, fmt: site.absolute(reverse("opendata:download", args=[d.slug, fmt]), request),
    )
    return HttpResponse(
        json.dumps(package, ensure_ascii=False, indent=1), content_type="application/json; charset=utf-8"
    )


@require_GET
def full_dump(request):
    content = exports.dump(Scope(), f"Vollständiger Datenbestand, Stand {timezone.localdate():%d.%m.%Y}")
    return _file(content, "application/zip", f"ruhr-monitor-{_stamp()}.zip")


@require_GET
def report_dump(request, pk: int):
    document = published.reports().filter(pk=pk).first()
    if document is None:
        raise ProblemError(404, f"Fortschrittsbericht {pk} gibt es nicht.")
    as_of = document.as_of or document.date
    content = exports.dump(
        Scope(document=document), f"{document.title} (Stand {as_of:%d.%m.%Y})" if as_of else document.title
    )
    stamp = as_of.isoformat() if as_of else str(document.pk)
    return _file(content, "application/zip", f"ruhr-monitor-bericht-{stamp}.zip")


# catalogue --------------------------------------------------------------------------------------------


@require_GET
def catalog_ttl(request):
    return HttpResponse(catalog.turtle(request), content_type="text/turtle; charset=utf-8")


@require_GET
def catalog_jsonld(request):
    return HttpResponse(catalog.jsonld(request), content_type="application/ld+json; charset=utf-8")


# the office's round trip ------------------------------------------------------------------------------


@permission_required("opendata.round_trip")
@require_http_methods(["GET", "POST"])
def round_trip(request):
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        created = services.create_upload(
            filename=upload.name,
            content=upload.read(),
            dataset=form.cleaned_data.get("dataset") or "",
            acting_user=request.user,
        )
        return redirect("opendata:upload", key=created.key)
    return render(
        request,
        "opendata/round_trip.html",
        {
            "form": form,
            "datasets": [DATASETS[slug] for slug in ROUND_TRIP],
            "uploads": Upload.objects.select_related("uploaded_by", "applied_by")[:20],
        },
        status=400 if form.errors else 200,
    )


@permission_required("opendata.round_trip")
@require_GET
def round_trip_export(request, fmt: str):
    filters = ProjectFilters.from_query(request.GET, also_allowed=("datensatz",))
    scope = Scope(filters=None if filters.is_empty() else filters, office=True)
    if fmt == "xlsx":
        content = exports.office_workbook([DATASETS[slug] for slug in ROUND_TRIP], scope)
        return _file(content, exports.FORMATS["xlsx"].content_type, f"ruhr-monitor-bearbeitung-{_stamp()}.xlsx")
    slug = request.GET.get("datensatz", "")
    if slug not in ROUND_TRIP:
        raise ProblemError(
            400,
            "Bitte den Datensatz angeben (datensatz=projects, milestones, funding-statements oder local-references).",
        )
    content = exports.render(DATASETS[slug], fmt, scope)
    return _file(
        content,
        exports.FORMATS[fmt].content_type,
        f"ruhr-monitor-bearbeitung-{slug}-{_stamp()}.{exports.FORMATS[fmt].extension}",
    )


@permission_required("opendata.round_trip")
@require_http_methods(["GET", "POST"])
def upload_detail(request, key):
    upload = get_object_or_404(Upload.objects.select_related("uploaded_by", "applied_by"), key=key)
    if request.method == "POST":
        if request.POST.get("action") == "discard":
            services.discard_upload(upload, acting_user=request.user)
            messages.info(request, "Der Upload wurde verworfen; nichts wurde geändert.")
            return redirect("opendata:round_trip")
        try:
            services.apply_upload(upload, acting_user=request.user, reason=request.POST.get("reason", ""))
        except services.UploadError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, f"{len(upload.changes)} Änderungen übernommen.")
        return redirect("opendata:upload", key=upload.key)
    return render(
        request,
        "opendata/upload.html",
        {
            "upload": upload,
            "pending": upload.status == UploadStatus.PENDING,
            "corrects_published": any(c["dataset"] == "funding-statements" for c in upload.changes),
            "round_trip_url": reverse("opendata:round_trip"),
        },
    )
