"""State changes of Kleine Anfragen: one function each, atomic, checked against `answers/rules.py`."""

from __future__ import annotations

import re
from datetime import date

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.actors import person, require
from operations.caching import changes_public_data
from operations.errors import ServiceError
from programmes.models import Project

from .drafting import asks_for_projects, build_draft, project_answer_intro
from .models import ParliamentaryQuestion, Question, QuestionStatus
from .splitter import SplitQuestion, government_remark, read_pasted_question


class AnswerWorkflowError(ServiceError):
    """A change the question's state or the data does not allow; the German message names the reason."""


class EditConflict(AnswerWorkflowError):
    """Someone saved the draft since the form was loaded; `current` is the question as stored now."""

    def __init__(self, message: str, current: ParliamentaryQuestion):
        super().__init__(message)
        self.current = current


def _authorize(user, perm: str, obj=None) -> None:
    require(user, perm, obj, message=f"Keine Berechtigung: {perm}")


@transaction.atomic
def register_question(
    *,
    acting_user,
    number: int,
    title: str,
    askers: str,
    text: str,
    electoral_term: int = 18,
    printed_paper: str = "",
    parties: str = "",
    asked_on: date | None = None,
    municipality=None,
    district=None,
    ministry=None,
    due_on: date | None = None,
    questions: list[SplitQuestion] | None = None,
) -> ParliamentaryQuestion:
    """A pasted Kleine Anfrage becomes a record with its numbered questions and a first draft of each answer."""
    _authorize(acting_user, "answers.register_question")
    if (municipality is None) == (district is None):
        raise AnswerWorkflowError(
            _("Bitte genau eine Kommune oder einen Kreis angeben, auf die sich die Anfrage bezieht.")
        )
    pasted = read_pasted_question(text)
    questions = questions if questions is not None else pasted.questions
    if not questions:
        raise AnswerWorkflowError(
            _("Im Text wurden keine nummerierten Fragen gefunden (erwartet: „1. …“, „2) …“ oder „Frage 3 …“).")
        )
    if ParliamentaryQuestion.objects.filter(electoral_term=electoral_term, number=number).exists():
        raise AnswerWorkflowError(
            _("Die Kleine Anfrage %(number)s der %(term)s. Wahlperiode ist bereits erfasst.")
            % {"number": number, "term": electoral_term}
        )
    question = ParliamentaryQuestion(
        electoral_term=electoral_term,
        number=number,
        printed_paper=printed_paper,
        title=title,
        asked_on=asked_on,
        askers=askers,
        parties=parties,
        text=text,
        questioner_remark=pasted.remark,
        municipality=municipality,
        district=district,
        ministry=ministry,
        due_on=due_on,
        status=QuestionStatus.RECEIVED,
        created_by=person(acting_user),
    )
    try:
        question.save()
    except IntegrityError as exc:
        raise AnswerWorkflowError(f"Die Kleine Anfrage {number} konnte nicht gespeichert werden: {exc}") from exc
    place = municipality or district
    first_listing = next((q.number for q in questions if asks_for_projects(q.text)), None)
    Question.objects.bulk_create(
        Question(
            parliamentary_question=question,
            number=q.number,
            text=q.text,
            lists_projects=q.number == first_listing,
            answer=project_answer_intro(place) if q.number == first_listing else "",
        )
        for q in questions
    )
    return question


@transaction.atomic
def save_draft(
    question: ParliamentaryQuestion,
    *,
    acting_user,
    version: int,
    preliminary_remark: str,
    answers: dict[int, str],
    lists_projects: set[int],
    included_project_ids: set[int],
) -> ParliamentaryQuestion:
    """The office's edits of the draft: Vorbemerkung, the answer per question, which projects go in.

    Compare-and-swap on `version`: of two people saving the same draft, one wins, the other gets EditConflict
    with the stored state, and nothing is overwritten silently.
    """
    _authorize(acting_user, "answers.change_question", question)
    updated = ParliamentaryQuestion.objects.filter(pk=question.pk, version=version).update(version=F("version") + 1)
    if not updated:
        current = ParliamentaryQuestion.objects.get(pk=question.pk)
        raise EditConflict(
            _(
                "Der Entwurf wurde inzwischen von jemand anderem gespeichert. Ihre Eingaben sind unten erhalten; "
                "bitte mit dem aktuellen Stand abgleichen und erneut speichern."
            ),
            current,
        )
    question.refresh_from_db()
    candidates = {e.project.pk for e in build_draft(question).entries}
    # before the save, so that the version written by it holds the new choice of projects
    question.excluded_projects.set(Project.objects.filter(pk__in=candidates - set(included_project_ids)))
    question.preliminary_remark = preliminary_remark.strip()
    if question.status == QuestionStatus.RECEIVED:
        question.status = QuestionStatus.DRAFTING
    question._change_reason = "Entwurf gespeichert"
    question.save()
    for item in question.questions.all():
        new_answer = answers.get(item.number, item.answer).strip()
        new_lists = item.number in lists_projects
        if (new_answer, new_lists) != (item.answer, item.lists_projects):
            item.answer, item.lists_projects = new_answer, new_lists
            item.save()
    return question


@changes_public_data
@transaction.atomic
def send_answer(
    question: ParliamentaryQuestion, *, acting_user, answered_on: date | None = None, answer_printed_paper: str = ""
) -> ParliamentaryQuestion:
    """The answer has gone to the Landtag: the record is frozen and the projects it names link to it."""
    _authorize(acting_user, "answers.send_answer", question)
    from .documents import AnswerDocx, AnswerPdf, filename_stem

    question.status = QuestionStatus.ANSWERED
    question.answered_on = answered_on or timezone.localdate()
    question.answer_printed_paper = answer_printed_paper or question.answer_printed_paper
    question.version += 1
    question._change_reason = "Antwort versandt"
    draft = build_draft(question)
    stem = filename_stem(draft)
    question.sent_docx.save(f"{stem}.docx", ContentFile(AnswerDocx(draft).render()), save=False)
    question.sent_pdf.save(f"{stem}.pdf", ContentFile(AnswerPdf(draft).render()), save=False)
    question.save()
    if any(q.lists_projects for q in draft.questions):
        question.projects.set([e.project for e in draft.included])
    return question


@changes_public_data
@transaction.atomic
def withdraw_question(question: ParliamentaryQuestion, *, acting_user) -> ParliamentaryQuestion:
    _authorize(acting_user, "answers.withdraw_question", question)
    question.status = QuestionStatus.WITHDRAWN
    question.version += 1
    question.save()
    return question


_ANSWERING = re.compile(r"\b(?:Der|Die)\s+Minister(?:in)?\s+(?:der|des|für)\s+(?P<name>.+?)\s+hat\s+die", re.S)


def answering_ministry(text: str):
    """The ministry that signed an answer ("Der Minister für Bundes- und Europaangelegenheiten … hat die …"),
    found under any of its names: ministries are renamed after elections, the row stays the same."""
    from programmes.models import Ministry

    m = _ANSWERING.search(" ".join(text.split()))
    if m is None:
        return None
    words = m["name"].split()
    for size in (4, 3, 2):
        stem = " ".join(words[:size])
        found = Ministry.objects.filter(Q(name__icontains=stem) | Q(names__name__icontains=stem)).distinct()
        if found.count() == 1:
            return found.get()
    return None


def register_imported_answer(document, parsed) -> ParliamentaryQuestion | None:
    """An imported answer (importer `ParliamentaryAnswerImporter`) as a record like any other, already answered.

    Runs inside the import's transaction; a re-import updates the same record. `parsed` is the parser's
    `ParliamentaryAnswer`; the questions are read from the document's text by the same splitter the office uses.
    """
    if not parsed.question_number.isdigit() or parsed.municipality is None:
        return None
    from places.models import Municipality

    pasted = read_pasted_question(document.text)
    term, _slash, _number = document.reference.removeprefix("Drucksache ").partition("/")
    lookup = {
        "electoral_term": int(term) if term.isdigit() else pasted.electoral_term or 17,
        "number": int(parsed.question_number),
    }
    values = {
        "printed_paper": parsed.question_reference.removeprefix("Drucksache ").strip(),
        "answer_printed_paper": document.reference.removeprefix("Drucksache ").strip(),
        "title": parsed.question_title or document.title,
        "askers": ", ".join(parsed.askers),
        "parties": parsed.party,
        "text": document.text,
        "questioner_remark": pasted.remark,
        "preliminary_remark": government_remark(document.text),
        "municipality": Municipality.objects.get(ags=parsed.municipality.ags),
        "status": QuestionStatus.ANSWERED,
        "answered_on": document.date,
        "source_document": document,
    }
    # Like the importers' upsert: a re-import that changes nothing writes nothing (and no history row).
    question = ParliamentaryQuestion.objects.filter(**lookup).first()
    if question is None:
        question = ParliamentaryQuestion.objects.create(**lookup, **values)
    elif any(getattr(question, name) != value for name, value in values.items()):
        for name, value in values.items():
            setattr(question, name, value)
        question.save()
    stored = {q.number: q for q in question.questions.all()}
    for item in pasted.questions:
        if item.number not in stored:
            Question.objects.create(parliamentary_question=question, number=item.number, text=item.text)
        elif stored[item.number].text != item.text:
            stored[item.number].text = item.text
            stored[item.number].save()
    if question.ministry_id is None:
        question.ministry = answering_ministry(document.text)
        if question.ministry is not None:
            question.save(update_fields=["ministry"])
    codes = [entry.code for entry in parsed.entries]
    question.projects.add(*Project.objects.filter(code__in=codes))
    return question


__all__ = [
    "AnswerWorkflowError",
    "EditConflict",
    "register_imported_answer",
    "register_question",
    "save_draft",
    "send_answer",
    "withdraw_question",
]
