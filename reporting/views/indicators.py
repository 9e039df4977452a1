"""The Kennzahlen of a project's report: the editor (htmx or plain pages), one entry's definition and value,
removing a value or an entry. Reading them needs `reporting.view_report`, changing them
`reporting.change_indicators`."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.actors import require
from accounts.permissions import permission_required
from programmes.models import Indicator

from .. import services
from ..forms import IndicatorForm, IndicatorValueForm
from ..indicator_entries import as_date, describe, entries, format_date, format_number
from .common import as_int, report_of


def indicator_rows(report) -> list[dict]:
    rows = []
    for index, item in enumerate(entries(report.indicators)):
        previous = item["previous"] or {}
        rows.append(
            {
                "index": index,
                "item": item,
                "value": format_number(item["value"], item["qualifier"]),
                "as_of": format_date(item["as_of"]) or format_date(report.period.cut_off),
                "baseline": format_number(item["baseline"]),
                "baseline_date": format_date(item["baseline_date"]),
                "target": format_number(item["target"], item["target_qualifier"]),
                "target_date": format_date(item["target_date"]),
                "previous": format_number(previous.get("value"), previous.get("qualifier", "")),
                "previous_as_of": format_date(previous.get("as_of")),
                "line": describe(item, default_as_of=report.period.cut_off),
            }
        )
    return rows


def _registry_only(report) -> list[Indicator]:
    """Indicators the registry knows for the project (e.g. confirmed by the office) that the report lacks."""
    named = {item["name"].casefold() for item in entries(report.indicators)}
    return [
        i for i in Indicator.objects.filter(project=report.project).order_by("name") if i.name.casefold() not in named
    ]


def _is_htmx(request) -> bool:
    return bool(request.headers.get("HX-Request")) and not request.headers.get("HX-History-Restore-Request")


def _indicator_page(request, report, *, add_form=None, status=200, notice="", conflict=""):
    can_edit = request.user.has_perm("reporting.change_indicators", report)
    if add_form is None and can_edit:
        add_form = IndicatorForm(initial=_add_initial(request, report), report=report, with_value=True, prefix="neu")
    context = {
        "report": report,
        "period": report.period,
        "rows": indicator_rows(report),
        "registry_only": _registry_only(report) if can_edit else [],
        "can_edit": can_edit,
        "add_form": add_form if can_edit else None,
        "notice": notice,
        "conflict": conflict,
    }
    template = "reporting/cycle/_indicator_editor.html" if _is_htmx(request) else "reporting/cycle/indicators.html"
    response = render(request, template, context, status=status)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _add_initial(request, report) -> dict:
    initial = {"version": report.version}
    source = as_int(request.GET.get("uebernehmen"))
    indicator = Indicator.objects.filter(project=report.project, pk=source).first() if source else None
    if indicator is not None:
        initial.update(
            name=indicator.name,
            unit=indicator.unit,
            direction=indicator.direction,
            baseline=indicator.baseline,
            baseline_date=indicator.baseline_date,
            target=indicator.target,
            target_qualifier=indicator.target_qualifier,
            target_date=indicator.target_date,
        )
    return initial


def _conflict_form(form_class, request, current, **kwargs):
    """The editor's input kept after a lost race, with the lock moved to the version stored now."""
    data = request.POST.copy()
    data[f"{kwargs['prefix']}-version" if kwargs.get("prefix") else "version"] = str(current.version)
    form = form_class(data, report=current, **kwargs)
    form.is_valid()
    return form


@permission_required("reporting.view_report", obj=report_of)
def indicators(request, pk: int):
    """The report's Kennzahlen: definition, baseline, target and this period's value; add one (htmx or not)."""
    report = report_of(request, pk)
    if request.method != "POST":
        return _indicator_page(request, report)
    require(
        request.user,
        "reporting.change_indicators",
        report,
        message=_("Dafür fehlt Ihnen die Berechtigung."),
    )
    form = IndicatorForm(request.POST, report=report, with_value=True, prefix="neu")
    if not form.is_valid():
        return _indicator_page(request, report, add_form=form, status=200 if _is_htmx(request) else 400)
    try:
        report = services.add_indicator(
            report,
            acting_user=request.user,
            data=form.definition(),
            value=form.value_data(),
            expected_version=form.cleaned_data["version"],
        )
    except services.EditConflict as exc:
        form = _conflict_form(IndicatorForm, request, exc.current, with_value=True, prefix="neu")
        return _indicator_page(
            request, exc.current, add_form=form, conflict=str(exc), status=200 if _is_htmx(request) else 409
        )
    except services.WorkflowError as exc:
        form.add_error(None, str(exc))
        return _indicator_page(request, report, add_form=form, status=200 if _is_htmx(request) else 400)
    notice = _("Kennzahl „%(name)s“ angelegt.") % {"name": form.cleaned_data["name"]}
    if _is_htmx(request):
        return _indicator_page(request, report, notice=notice)
    messages.success(request, notice)
    return redirect("reporting:indicators", pk=report.pk)


def _indicator_item(report, index: int) -> dict:
    items = entries(report.indicators)
    if not 0 <= index < len(items):
        raise Http404
    return items[index]


def _indicator_form(
    request, pk: int, index: int, *, form_class, form_kwargs: dict, mode: str, service, data, notice, extra=None
):
    """One indicator entry changed through `form_class` and `service(report, index, data=data(form), …)`.

    GET shows the form filled from the entry; a POST that saves goes back to the editor, a
    lost race answers 409 with the input kept (lock moved on), an invalid or refused one 400.
    """
    report = report_of(request, pk)
    item = _indicator_item(report, index)
    status, conflict = 200, ""
    if request.method != "POST":
        form = form_class(initial=form_class.initial_for(report, item), report=report, **form_kwargs)
    else:
        form = form_class(request.POST, report=report, **form_kwargs)
        status = 400
        if form.is_valid():
            try:
                service(
                    report,
                    index,
                    acting_user=request.user,
                    data=data(form),
                    expected_version=form.cleaned_data["version"],
                )
            except services.EditConflict as exc:
                report, conflict, status = exc.current, str(exc), 409
                form = _conflict_form(form_class, request, report, **form_kwargs)
            except services.WorkflowError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, notice(form, item))
                return redirect("reporting:indicators", pk=report.pk)
    context = {"report": report, "period": report.period, "item": item, "form": form, "conflict": conflict}
    return render(
        request,
        "reporting/cycle/indicator_form.html",
        {**context, "mode": mode, **(extra(item) if extra else {})},
        status=status,
    )


@permission_required("reporting.change_indicators", obj=report_of)
def indicator_edit(request, pk: int, index: int):
    return _indicator_form(
        request,
        pk,
        index,
        form_class=IndicatorForm,
        form_kwargs={"index": index},
        mode="edit",
        service=services.change_indicator,
        data=IndicatorForm.definition,
        notice=lambda form, item: _("Kennzahl „%(name)s“ gespeichert.") % {"name": form.cleaned_data["name"]},
    )


def _previous_value(item) -> dict:
    previous = item["previous"] or {}
    return {
        "previous": format_number(previous.get("value"), previous.get("qualifier", "")),
        "previous_as_of": format_date(as_date(previous.get("as_of"))),
        "previous_period": previous.get("period", ""),
    }


@permission_required("reporting.change_indicators", obj=report_of)
def indicator_value(request, pk: int, index: int):
    return _indicator_form(
        request,
        pk,
        index,
        form_class=IndicatorValueForm,
        form_kwargs={},
        mode="value",
        service=services.set_indicator_value,
        data=IndicatorValueForm.value_data,
        notice=lambda form, item: _("Wert für „%(name)s“ gespeichert.") % {"name": item["name"]},
        extra=_previous_value,
    )


def _indicator_post(request, pk: int, index: int, service, done: str):
    """A POST-only change of one indicator entry: do it or say why not, then back to the editor."""
    report = report_of(request, pk)
    item = _indicator_item(report, index)
    try:
        service(report, index, acting_user=request.user, expected_version=as_int(request.POST.get("version")) or 0)
    except services.WorkflowError as exc:  # EditConflict included: nothing changed, the message says why
        messages.error(request, str(exc))
    else:
        messages.success(request, done % {"name": item["name"]})
    return redirect("reporting:indicators", pk=report.pk)


@require_POST
@permission_required("reporting.change_indicators", obj=report_of)
def indicator_value_remove(request, pk: int, index: int):
    return _indicator_post(request, pk, index, services.remove_indicator_value, _("Wert für „%(name)s“ entfernt."))


@require_POST
@permission_required("reporting.change_indicators", obj=report_of)
def indicator_remove(request, pk: int, index: int):
    return _indicator_post(request, pk, index, services.remove_indicator, _("„%(name)s“ aus dem Bericht genommen."))
