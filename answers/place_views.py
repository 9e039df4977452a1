"""Answers to parliamentary questions: the public answer per place, the office's ad-hoc query, downloads."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from answers.place_documents import GENERATORS, filename_stem
from places.models import District, Municipality

from .answers import AnswerError, Filters, build_answer, resolve_as_of
from .forms import AnswerQueryForm, SaveQueryForm
from .models import SavedQuery


def _respond(request, answer, template: str, extra: dict):
    fmt = request.GET.get("format")
    if fmt:
        generator = GENERATORS.get(fmt)
        if generator is None:
            raise Http404("Unbekanntes Format")
        response = HttpResponse(generator(answer).render(), content_type=generator.content_type)
        response["Content-Disposition"] = f'attachment; filename="{filename_stem(answer)}.{generator.extension}"'
        return response
    query = request.GET.copy()
    downloads = []
    for ext, label in (("docx", "Word"), ("xlsx", "Excel"), ("csv", "CSV")):
        query["format"] = ext
        downloads.append((label, f"?{query.urlencode()}"))
    return render(request, template, {"answer": answer, "downloads": downloads, **extra})


def _as_of(request):
    try:
        return resolve_as_of(request.GET.get("stichtag"))
    except AnswerError as exc:
        raise Http404(str(exc)) from exc


def municipality_answer(request, slug: str):
    municipality = get_object_or_404(Municipality, slug=slug)
    as_of, label = _as_of(request)
    answer = build_answer(Filters(municipality=municipality, as_of=as_of, as_of_label=label))
    return _respond(request, answer, "reporting/answer.html", {})


def district_answer(request, slug: str):
    district = get_object_or_404(District, slug=slug)
    as_of, label = _as_of(request)
    answer = build_answer(Filters(district=district, as_of=as_of, as_of_label=label))
    return _respond(request, answer, "reporting/answer.html", {})


def index(request):
    return render(
        request,
        "reporting/index.html",
        {"municipalities": Municipality.objects.select_related("district"), "districts": District.objects.all()},
    )


def _office_query(view):
    """The ad-hoc query reads unpublished projects: log-in first, then the role (`reporting.query_answers`).

    A signed-in account without that role gets 403, not a log-in page it could do nothing with.
    """
    return login_required(permission_required("reporting.query_answers", raise_exception=True)(view))


def _filters_from(form: AnswerQueryForm, user) -> Filters:
    data = form.cleaned_data
    as_of, label = resolve_as_of(data.get("as_of"))
    return Filters(
        municipality=data.get("municipality"),
        district=data.get("district"),
        action_field=data.get("action_field"),
        ministry_id=data["ministry"].pk if data.get("ministry") else None,
        status=data.get("status") or "",
        as_of=as_of,
        as_of_label=label,
        funding_min=data.get("funding_min"),
        funding_max=data.get("funding_max"),
        viewer=user,
    )


@_office_query
def query(request):
    form = AnswerQueryForm(request.GET or None)
    answer = None
    if form.is_bound and form.is_valid():
        try:
            answer = build_answer(_filters_from(form, request.user))
        except AnswerError as exc:
            form.add_error("as_of", str(exc))
    if answer is None:
        return render(request, "reporting/query.html", {"form": form, "answer": None, "save_form": SaveQueryForm()})
    return _respond(request, answer, "reporting/query.html", {"form": form, "save_form": SaveQueryForm()})


@_office_query
@require_POST
def save_query(request):
    form = SaveQueryForm(request.POST)
    params = {k: v for k, v in request.GET.items() if k != "format" and v}
    if not form.is_valid() or not params:
        return redirect(f"{reverse('reporting:query')}?{urlencode(params)}")
    saved = SavedQuery.objects.create(title=form.cleaned_data["title"], params=params, created_by=request.user)
    return redirect(saved.get_absolute_url())


@_office_query
def saved_query(request, key):
    saved = get_object_or_404(SavedQuery, key=key)
    return redirect(f"{reverse('reporting:query')}?{urlencode(saved.params)}")
