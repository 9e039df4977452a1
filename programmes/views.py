"""The office's pages of the registry: the editor of programme indicators (Kennzahlen des Programms) under
/kennzahlen/leitstelle/ (define, change and delete what the programme counts), and the ministries under
/konto/ressorts/ beside the people pages (renamed after an election). Thin: programmes.services act; the public
pages of the indicators and ministries stay in the portal (portal/indicator_views.py, portal/views.py)."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from accounts.permissions import permission_required

from .forms import MinistryForm, ProgrammeIndicatorForm
from .models import Ministry, ProgrammeIndicator, Project
from .rollup import rollups
from .services import (
    MinistryError,
    ProgrammeIndicatorConflict,
    ProgrammeIndicatorError,
    change_ministry,
    define_programme_indicator,
    delete_programme_indicator,
    update_programme_indicator,
)


@require_safe
@permission_required("programmes.change_programme_indicator")
def indicator_manage(request):
    return render(
        request,
        "programmes/indicator_manage.html",
        {"results": rollups(projects=Project.objects.all())},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@permission_required("programmes.change_programme_indicator")
def indicator_edit(request, slug: str | None = None):
    indicator = get_object_or_404(ProgrammeIndicator, slug=slug) if slug else None
    if request.method == "POST":
        form = ProgrammeIndicatorForm(request.POST)
        if form.is_valid():
            try:
                if indicator is None:
                    indicator = define_programme_indicator(
                        acting_user=request.user, contributions=form.cleaned_data["contributions"], **form.definition()
                    )
                else:
                    indicator = update_programme_indicator(
                        indicator,
                        acting_user=request.user,
                        version=form.cleaned_data["version"],
                        contributions=form.cleaned_data["contributions"],
                        **form.definition(),
                    )
            except ProgrammeIndicatorConflict as exc:
                form.add_error(None, str(exc))
                return render(
                    request,
                    "programmes/indicator_form.html",
                    {"form": form, "indicator": indicator},
                    status=409,
                )
            except ProgrammeIndicatorError as exc:
                form.add_error(None, str(exc))
            else:
                return redirect("portal:programme_indicator", slug=indicator.slug)
    elif indicator is not None:
        form = ProgrammeIndicatorForm(
            initial={
                **{
                    key: getattr(indicator, key) for key in ProgrammeIndicatorForm.base_fields if key != "contributions"
                },
                "contributions": list(indicator.contributions.values_list("pk", flat=True)),
            }
        )
    else:
        form = ProgrammeIndicatorForm()
    return render(request, "programmes/indicator_form.html", {"form": form, "indicator": indicator})


@require_http_methods(["GET", "HEAD", "POST"])
@permission_required("programmes.change_programme_indicator")
def indicator_delete(request, slug: str):
    indicator = get_object_or_404(ProgrammeIndicator, slug=slug)
    if request.method == "POST":
        delete_programme_indicator(indicator, acting_user=request.user)
        return redirect("programmes:indicator_manage")
    return render(request, "programmes/indicator_delete.html", {"indicator": indicator})


# --- ministries (/konto/ressorts/) -------------------------------------------------------------------------------


@permission_required("programmes.rename_ministry")
def ministries(request):
    rows = Ministry.objects.annotate(
        n_projects=Count("projects", distinct=True), n_people=Count("members", distinct=True)
    )
    return render(request, "programmes/ministries.html", {"ministries": rows.prefetch_related("names")})


@permission_required("programmes.rename_ministry")
def ministry(request, pk: int):
    ministry = get_object_or_404(Ministry, pk=pk)
    form = MinistryForm(request.POST or None, initial={"name": ministry.name, "abbreviation": ministry.abbreviation})
    if request.method == "POST" and form.is_valid():
        try:
            change_ministry(ministry, acting_user=request.user, **form.cleaned_data)
        except MinistryError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Ressort gespeichert; der frühere Name bleibt erhalten."))
            return redirect("programmes:ministries")
    return render(request, "programmes/ministry.html", {"ministry": ministry, "form": form})
