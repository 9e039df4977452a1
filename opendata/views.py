"""Pages and files of the api app: "Daten & API", downloads, catalogue, alert confirmation, the office's round trip.

Thin: rows come from the registry, files from `exports`, state changes from `services`.
"""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from operations import site

from . import catalog, exports, published, registry, services
from . import datapackage as datapackage_module
from .filters import ProjectFilters
from .forms import SubscribeForm, UploadForm
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
        "api/data.html",
        {
            "datasets": datasets,
            "reports": published.reports(),
            "subscribe_form": SubscribeForm(),
            "action_fields": published.action_fields(),
            "may_round_trip": request.user.has_perm("api.round_trip"),
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
        lambda d, fmt: site.absolute(reverse("api:download", args=[d.slug, fmt]), request),
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


# alerts -----------------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def subscribe(request):
    form = SubscribeForm(request.POST or None, initial=request.GET.dict() or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.subscribe(
                email=form.cleaned_data["email"], scope=form.cleaned_data["scope"], target=form.cleaned_data["target"]
            )
        except ProblemError as exc:
            form.add_error("target", exc.detail)
        else:
            return render(request, "api/subscription.html", {"state": "requested"})
    return render(request, "api/subscribe.html", {"form": form}, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def confirm(request, token: str):
    # GET only shows a button: mail scanners that follow links must not confirm on someone's behalf.
    try:
        if request.method == "POST":
            subscription = services.confirm(token)
            return render(request, "api/subscription.html", {"state": "confirmed", "subscription": subscription})
        subscription = services.subscription_for_confirmation(token)
    except services.SubscriptionError as exc:
        return render(request, "api/subscription.html", {"state": "error", "message": str(exc)}, status=400)
    return render(request, "api/subscription.html", {"state": "confirm", "subscription": subscription})


@csrf_exempt  # RFC 8058: mail clients POST "List-Unsubscribe=One-Click" without a session; the signed token authorises
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token: str):
    try:
        if request.method == "POST":
            subscription = services.unsubscribe(token)
            return render(request, "api/subscription.html", {"state": "unsubscribed", "subscription": subscription})
        subscription = services.subscription_for_unsubscribe(token)
    except services.SubscriptionError as exc:
        return render(request, "api/subscription.html", {"state": "error", "message": str(exc)}, status=400)
    return render(request, "api/subscription.html", {"state": "unsubscribe", "subscription": subscription})


# the office's round trip ------------------------------------------------------------------------------


def _office(request) -> None:
    if not request.user.has_perm("api.round_trip"):
        raise PermissionDenied


@login_required
@require_http_methods(["GET", "POST"])
def round_trip(request):
    _office(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        created = services.create_upload(
            filename=upload.name,
            content=upload.read(),
            dataset=form.cleaned_data.get("dataset") or "",
            acting_user=request.user,
        )
        return redirect("api:upload", key=created.key)
    return render(
        request,
        "api/round_trip.html",
        {
            "form": form,
            "datasets": [DATASETS[slug] for slug in ROUND_TRIP],
            "uploads": Upload.objects.select_related("uploaded_by", "applied_by")[:20],
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_GET
def round_trip_export(request, fmt: str):
    _office(request)
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


@login_required
@require_http_methods(["GET", "POST"])
def upload_detail(request, key):
    _office(request)
    upload = get_object_or_404(Upload.objects.select_related("uploaded_by", "applied_by"), key=key)
    if request.method == "POST":
        if request.POST.get("action") == "discard":
            services.discard_upload(upload, acting_user=request.user)
            messages.info(request, "Der Upload wurde verworfen; nichts wurde geändert.")
            return redirect("api:round_trip")
        try:
            services.apply_upload(upload, acting_user=request.user, reason=request.POST.get("reason", ""))
        except services.UploadError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, f"{len(upload.changes)} Änderungen übernommen.")
        return redirect("api:upload", key=upload.key)
    return render(
        request,
        "api/upload.html",
        {
            "upload": upload,
            "pending": upload.status == UploadStatus.PENDING,
            "corrects_published": any(c["dataset"] == "funding-statements" for c in upload.changes),
            "round_trip_url": reverse("api:round_trip"),
        },
    )


def api_not_found(request, *args, **kwargs):
    return ProblemError(404, "Diese Adresse gibt es in der API nicht; siehe /api/v1/docs.").response(request.path)
