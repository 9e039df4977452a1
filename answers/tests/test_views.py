"""The office's flow: paste a Kleine Anfrage, pick the place, edit the draft, download; who may do what."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from docx import Document

from accounts.actors import SYSTEM
from accounts.models import Role, User
from answers.models import ParliamentaryQuestion, QuestionStatus
from answers.services import EditConflict, save_draft
from places.models import Municipality
from programmes.models import Ministry, Project

from .conftest import PASSWORD, PASTED


def _login(client, username, role="", ministry=None):
    client.force_login(User.objects.create_user(username=username, password=PASSWORD, role=role, ministry=ministry))
    return client


@pytest.fixture
def office(client, imported):
    return _login(client, "leitstelle", Role.PROGRAMME_OFFICE)


def test_the_imported_answer_of_2020_is_a_kleine_anfrage_on_record(imported, client):
    question = ParliamentaryQuestion.objects.get(electoral_term=17, number=4284)
    assert question.status == QuestionStatus.ANSWERED
    assert (question.printed_paper, question.answer_printed_paper) == ("17/10815", "17/11212")
    assert question.parties == "SPD" and question.municipality.name == "Bochum"
    assert question.ministry.abbreviation == "MBEIM"  # "Der Minister für Bundes- und Europaangelegenheiten …"
    assert [q.number for q in question.questions.all()] == [1, 2, 3, 4, 5]
    assert question.preliminary_remark.startswith("Die Ruhr-Konferenz der Landesregierung hat ein Gesamtkonzept")
    assert question.projects.filter(code="14-02").exists()
    # the project page links the answer, and its public page names the project
    project = Project.objects.get(code="14-02")
    page = client.get(project.get_absolute_url()).content.decode()
    assert question.get_public_url() in page
    public = client.get(question.get_public_url())
    assert public.status_code == 200 and project.get_absolute_url() in public.content.decode()


def test_paste_pick_edit_and_download(office):
    bochum = Municipality.objects.get(name="Bochum")
    response = office.post(
        reverse("answers:register"),
        {"text": PASTED.format(place="Bochum"), "municipality": bochum.pk, "electoral_term": "18"},
    )
    question = ParliamentaryQuestion.objects.get(number=4711)
    assert response.status_code == 302 and response["Location"] == question.get_absolute_url()
    assert (question.title, question.askers, question.parties) == (
        "Was bringt die Ruhr-Konferenz Bochum?",
        "Max Muster, Erika Beispiel",
        "SPD",
    )
    items = list(question.questions.all())
    assert [(q.number, q.lists_projects) for q in items] == [(1, True), (2, False)]

    page = office.get(question.get_absolute_url())
    assert page.status_code == 200
    form = page.context["form"]
    projects = form.fields["projects"].choices
    klima = Project.objects.get(code="14-02")
    assert klima.pk in dict(projects)
    data = {
        "version": question.version,
        "preliminary_remark": "Die Landesregierung antwortet gern.",
        "answer_1": "Die Projekte stehen in den Tabellen.",
        "lists_1": "on",
        "answer_2": "Jährlich im Fortschrittsbericht.",
        "projects": [pk for pk, _label in projects if pk != klima.pk],
    }
    assert office.post(question.get_absolute_url(), data).status_code == 302
    question.refresh_from_db()
    assert question.status == QuestionStatus.DRAFTING and question.version == 2
    assert list(question.excluded_projects.all()) == [klima]
    assert [row.project_id for row in question.history.first().excluded_projects.all()] == [klima.pk]

    download = office.get(reverse("answers:document", args=[question.pk, "docx"]))
    assert download["Content-Disposition"] == 'attachment; filename="antwort-kleine-anfrage-18-4711-bochum.docx"'
    texts = [p.text for p in Document(io.BytesIO(download.content)).paragraphs]
    assert "Die Landesregierung antwortet gern." in texts and "Jährlich im Fortschrittsbericht." in texts
    cells = [c.text for t in Document(io.BytesIO(download.content)).tables for r in t.rows for c in r.cells]
    assert not any("[14-02]" in c for c in cells)
    assert office.get(reverse("answers:document", args=[question.pk, "pdf"])).content.startswith(b"%PDF")

    # a second save from the same, now stale form changes nothing and says so
    stale = office.post(question.get_absolute_url(), {**data, "answer_2": "Überschrieben?"})
    assert stale.status_code == 409
    assert question.questions.get(number=2).answer == "Jährlich im Fortschrittsbericht."

    # sent: frozen, and the projects it names link to it
    sent = office.post(
        reverse("answers:send", args=[question.pk]), {"answered_on": "2026-04-01", "answer_printed_paper": "18/9999"}
    )
    assert sent.status_code == 302
    question.refresh_from_db()
    assert question.status == QuestionStatus.ANSWERED and question.answer_printed_paper == "18/9999"
    assert not question.projects.filter(pk=klima.pk).exists() and question.projects.exists()
    assert office.post(question.get_absolute_url(), {**data, "version": question.version}).status_code == 403
    # what was sent stays as sent, whatever the registry or the selection says later
    sent_docx = office.get(reverse("answers:document", args=[question.pk, "docx"])).content
    question.excluded_projects.clear()
    assert office.get(reverse("answers:document", args=[question.pk, "docx"])).content == sent_docx
    public = office.get(reverse("answers:public_document", args=[18, 4711, "docx"]))
    assert public.content == sent_docx and public["Content-Disposition"].startswith("attachment")
    assert "[14-02]" not in "\n".join(
        c.text for t in Document(io.BytesIO(sent_docx)).tables for r in t.rows for c in r.cells
    )


def test_pasted_text_without_questions_or_place_is_refused_with_reasons(office):
    response = office.post(reverse("answers:register"), {"text": "Nur eine Frage ohne Nummer?", "electoral_term": "18"})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "keine nummerierten Fragen" in errors["text"][0]
    assert "Kommune oder den Kreis" in errors["municipality"][0]
    assert "Nummer der Kleinen Anfrage" in errors["number"][0]
    assert not ParliamentaryQuestion.objects.filter(electoral_term=18).exists()


def test_who_may_see_and_change_a_draft(client, bochum_question):
    url = bochum_question.get_absolute_url()
    assert client.get(url).status_code == 302  # to the log-in
    _login(client, "niemand")
    assert client.get(url).status_code == 403
    other = Ministry.objects.get(abbreviation="MKW")
    _login(client, "redaktion-mkw", Role.MINISTRY_EDITOR, other)
    assert client.get(url).status_code == 200  # reads, as every editor may
    assert client.get(reverse("answers:document", args=[bochum_question.pk, "docx"])).status_code == 403
    assert client.post(url, {"version": 1}).status_code == 403
    _login(client, "redaktion-mwike", Role.MINISTRY_EDITOR, bochum_question.ministry)
    assert client.post(url, {"version": 1, "answer_2": "Vom Ressort.", "projects": []}).status_code == 302
    assert bochum_question.questions.get(number=2).answer == "Vom Ressort."
    assert (
        client.post(reverse("answers:send", args=[bochum_question.pk]), {"answered_on": "2026-04-01"}).status_code
        == 403
    )


def test_save_draft_is_compare_and_swap(bochum_question):
    arguments = {"preliminary_remark": "", "answers": {}, "lists_projects": {1}, "included_project_ids": set()}
    save_draft(bochum_question, acting_user=SYSTEM, version=1, **arguments)
    with pytest.raises(EditConflict):
        save_draft(bochum_question, acting_user=SYSTEM, version=1, **arguments)
    assert ParliamentaryQuestion.objects.get(pk=bochum_question.pk).version == 2


def test_a_withdrawn_question_is_no_longer_edited(office, bochum_question):
    url = reverse("answers:withdraw", args=[bochum_question.pk])
    assert office.get(url).status_code == 405
    assert office.post(url).status_code == 302
    bochum_question.refresh_from_db()
    assert bochum_question.status == QuestionStatus.WITHDRAWN
    assert office.post(bochum_question.get_absolute_url(), {"version": bochum_question.version}).status_code == 403
    assert office.post(url).status_code == 403


def test_a_kleine_anfrage_is_registered_once(office, bochum_question):
    response = office.post(
        reverse("answers:register"),
        {
            "text": PASTED.format(place="Bochum"),
            "municipality": bochum_question.municipality.pk,
            "electoral_term": "18",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Die Kleine Anfrage 4711 der 18. Wahlperiode ist bereits erfasst."
    ]
    assert ParliamentaryQuestion.objects.filter(number=4711).count() == 1


def test_the_data_migration_registers_answers_imported_before_the_app(imported):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("answers.migrations.0002_register_imported_answers")
    ParliamentaryQuestion.objects.filter(number=4284).delete()
    migration.register(apps, None)
    migration.register(apps, None)  # running twice changes nothing
    question = ParliamentaryQuestion.objects.get(electoral_term=17, number=4284)
    assert question.status == QuestionStatus.ANSWERED and question.questions.count() == 5
    assert question.source_document.reference == "Drucksache 17/11212"
    assert question.projects.filter(code="14-02").exists()
