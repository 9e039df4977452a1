"""Answers to parliamentary questions per place: the public answer for a municipality or district, the office's
ad-hoc query (it reads unpublished projects, so only the workspace roles may open it: rule answers.query_answers)
and its saved queries, each as a page or a Word, Excel or CSV table."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from accounts.permissions import permission_required
from places.models import District, Municipality

from .models import SavedQuery
from .place_answers import AnswerError, Filters, build_answer, resolve_as_of
from .place_documents import GENERATORS, filename_stem
from .query_forms import AnswerQueryForm, SaveQueryForm


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
    return _respond(request, answer, "answers/places/answer.html", {})


def district_answer(request, slug: str):
    district = get_object_or_404(District, slug=slug)
    as_of, label = _as_of(request)
    answer = build_answer(Filters(district=district, as_of=as_of, as_of_label=label))
    return _respond(request, answer, "answers/places/answer.html", {})


def index(request):
    return render(
        request,
        "answers/places/index.html",
        {"municipalities": Municipality.objects.select_related("district"), "districts": District.objects.all()},
    )


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


@permission_required("answers.query_answers")
def query(request):
    form = AnswerQueryForm(request.GET or None)
    answer = None
    if form.is_bound and form.is_valid():
        try:
            answer = build_answer(_filters_from(form, request.user))
        except AnswerError as exc:
            form.add_error("as_of", str(exc))
    if answer is None:
        return render(
            request, "answers/places/query.html", {"form": form, "answer": None, "save_form": SaveQueryForm()}
        )
    return _respond(request, answer, "answers/places/query.html", {"form": form, "save_form": SaveQueryForm()})


@permission_required("answers.query_answers")
@require_POST
def save_query(request):
    form = SaveQueryForm(request.POST)
    params = {k: v for k, v in request.GET.items() if k != "format" and v}
    if not form.is_valid() or not params:
        return redirect(f"{reverse('answers:query')}?{urlencode(params)}")
    saved = SavedQuery.objects.create(title=form.cleaned_data["title"], params=params, created_by=request.user)
    return redirect(saved.get_absolute_url())


@permission_required("answers.query_answers")
def saved_query(request, key):
    saved = get_object_or_404(SavedQuery, key=key)
    return redirect(f"{reverse('answers:query')}?{urlencode(saved.params)}")
