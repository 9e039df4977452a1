"""The office's pages for Kleine Anfragen (paste, pick the place, edit the draft, download) and the public record."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.actors import require
from accounts.permissions import SIGNED_IN, loaded_once, permission_required

from . import services
from .documents import GENERATORS, filename_stem
from .drafting import build_draft
from .forms import DraftForm, RegisterQuestionForm, SendAnswerForm
from .models import ParliamentaryQuestion


def _question(pk: int) -> ParliamentaryQuestion:
    return get_object_or_404(
        ParliamentaryQuestion.objects.select_related("municipality", "district", "ministry"), pk=pk
    )


@loaded_once
def _loaded_question(request, pk: int, *args, **kwargs) -> ParliamentaryQuestion:
    """The question of the URL for the guard, 404 if unknown; read once for the guard and the view."""
    return _question(pk)


@permission_required("answers.view_questions")
def question_list(request):
    questions = ParliamentaryQuestion.objects.select_related("municipality", "district", "ministry")
    return render(
        request,
        "answers/list.html",
        {
            "questions": questions,
            "today": timezone.localdate(),
            "can_register": request.user.has_perm("answers.register_question"),
        },
    )


@permission_required("answers.register_question")
def register(request):
    form = RegisterQuestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            question = services.register_question(
                acting_user=request.user,
                number=data["number"],
                electoral_term=data["electoral_term"],
                printed_paper=data.get("printed_paper") or "",
                title=data["title"],
                askers=data["askers"],
                parties=data.get("parties") or "",
                asked_on=data.get("asked_on"),
                text=data["text"],
                municipality=data.get("municipality"),
                district=data.get("district"),
                ministry=data.get("ministry"),
                due_on=data.get("due_on"),
                questions=data["questions"],
            )
        except services.AnswerWorkflowError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                _(
                    "Kleine Anfrage %(number)s erfasst: %(count)s Fragen erkannt. "
                    "Der Entwurf der Antwort ist aus dem Register vorbereitet."
                )
                % {"number": question.number, "count": question.questions.count()},
            )
            return redirect(question.get_absolute_url())
    return render(request, "answers/register.html", {"form": form})


@permission_required("answers.view_questions")
def draft(request, pk: int):
    question = _question(pk)
    can_change = request.user.has_perm("answers.change_question", question)
    current = build_draft(question)
    conflict = None
    if request.method == "POST":
        require(request.user, "answers.change_question", question, message=_("Dafür fehlt Ihnen die Berechtigung."))
        form = DraftForm(request.POST, draft=current)
        if form.is_valid():
            try:
                services.save_draft(question, acting_user=request.user, **form.service_arguments())
            except services.EditConflict as exc:
                conflict = str(exc)
                form.data = form.data.copy()
                form.data["version"] = exc.current.version
            else:
                messages.success(request, _("Entwurf gespeichert."))
                return redirect(question.get_absolute_url())
    else:
        form = DraftForm(draft=current)
    return render(
        request,
        "answers/draft.html",
        {
            "question": question,
            "draft": current,
            "form": form,
            "conflict": conflict,
            "can_change": can_change,
            "can_export": request.user.has_perm("answers.export_answer", question)
            and (question.status != "answered" or bool(question.sent_docx)),
            "can_send": request.user.has_perm("answers.send_answer", question),
            "can_withdraw": request.user.has_perm("answers.withdraw_question", question),
            "send_form": SendAnswerForm(initial={"answered_on": timezone.localdate()}),
        },
        status=409 if conflict else 200,
    )


@permission_required("answers.export_answer", obj=_loaded_question)
def document(request, pk: int, fmt: str):
    question = _loaded_question(request, pk)
    generator = GENERATORS.get(fmt)
    if generator is None:
        raise Http404(_("Unbekanntes Format"))
    if question.status == "answered":
        return _sent(question, fmt)
    current = build_draft(question)
    return _attachment(generator(current).render(), generator, f"{filename_stem(current)}.{generator.extension}")


def _attachment(content: bytes, generator, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=generator.content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _sent(question: ParliamentaryQuestion, fmt: str) -> HttpResponse:
    """The answer as sent, never regenerated from today's registry; an imported answer is its source document."""
    sent = question.sent_docx if fmt == "docx" else question.sent_pdf
    if not sent:
        raise Http404(_("Zu dieser Antwort gibt es kein erzeugtes Dokument; maßgeblich ist die Drucksache."))
    with sent.open("rb") as handle:
        return _attachment(handle.read(), GENERATORS[fmt], sent.name.rsplit("/", 1)[-1])


def public_document(request, term: int, number: int, fmt: str):
    question = get_object_or_404(ParliamentaryQuestion.objects.answered(), electoral_term=term, number=number)
    if fmt not in GENERATORS:
        raise Http404(_("Unbekanntes Format"))
    return _sent(question, fmt)


# Signed in first, then POST only, then the rule: a GET of a signed-in person answers 405 whatever her rights.
@permission_required(SIGNED_IN)
@require_POST
@permission_required("answers.send_answer", obj=_loaded_question)
def send(request, pk: int):
    question = _loaded_question(request, pk)
    form = SendAnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Bitte das Datum der Antwort angeben."))
        return redirect(question.get_absolute_url())
    services.send_answer(
        question,
        acting_user=request.user,
        answered_on=form.cleaned_data["answered_on"],
        answer_printed_paper=form.cleaned_data.get("answer_printed_paper") or "",
    )
    messages.success(request, _("Die Antwort ist als versandt erfasst; die genannten Projekte verweisen auf sie."))
    return redirect(question.get_absolute_url())


@permission_required(SIGNED_IN)
@require_POST
@permission_required("answers.withdraw_question", obj=_loaded_question)
def withdraw(request, pk: int):
    question = _loaded_question(request, pk)
    services.withdraw_question(question, acting_user=request.user)
    messages.success(request, _("Die Kleine Anfrage ist als zurückgezogen erfasst."))
    return redirect(question.get_absolute_url())


def public_answer(request, term: int, number: int):
    question = get_object_or_404(
        ParliamentaryQuestion.objects.answered().select_related("municipality", "district", "ministry"),
        electoral_term=term,
        number=number,
    )
    return render(
        request,
        "answers/public.html",
        {
            "question": question,
            "items": question.questions.all(),
            "projects": question.projects.published().order_by("code"),
        },
    )
