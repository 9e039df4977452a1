"""The office's round trip: export → edit in Excel → upload the same format → preview → apply, all or nothing."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from accounts.actors import SYSTEM
from opendata import services
from opendata.models import Upload, UploadStatus
from places.models import LocalReference
from programmes.models import FundingStatement, Milestone, Project

EXPORT = "/daten/abgleich/export.xlsx"


def _workbook(client):
    response = client.get(EXPORT)
    assert response.status_code == 200
    return load_workbook(io.BytesIO(response.content))


def _save(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _set(workbook, sheet: str, key: str, header: str, value) -> int:
    """Set one cell of the row whose first column is `key`; returns the row number."""
    ws = workbook[sheet]
    headers = [c.value for c in ws[1]]
    for row in ws.iter_rows(min_row=2):
        if row[0].value == key:
            row[headers.index(header)].value = value
            return row[0].row
    raise AssertionError(f"{key} not in {sheet}")


def _upload(client, content: bytes, name: str = "bearbeitet.xlsx", dataset: str = "") -> Upload:
    response = client.post(
        "/daten/abgleich/", {"file": io.BytesIO(content), "dataset": dataset} | {"file": _named(content, name)}
    )
    assert response.status_code == 302, response.content[:500]
    return Upload.objects.latest("uploaded_at")


def _named(content: bytes, name: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content)


def test_only_the_programme_office(client, public_and_secret, django_user_model):
    assert client.get("/daten/abgleich/").status_code == 302  # to the login
    editor = django_user_model.objects.create_user("redaktion", password="ein-langes-passwort", role="ministry_editor")
    client.force_login(editor)
    assert client.get("/daten/abgleich/").status_code == 403
    assert client.get(EXPORT).status_code == 403


def test_export_then_import_without_edits_changes_nothing(office_client, public_and_secret):
    workbook = _workbook(office_client)
    assert workbook.sheetnames == ["Projekte", "Meilensteine", "Projektvolumen", "Ortsbezüge", "Hinweise"]
    upload = _upload(office_client, _save(workbook))
    assert upload.errors == [] and upload.changes == []
    assert upload.status == UploadStatus.REJECTED  # nothing to apply


def test_the_office_sees_unpublished_projects_too(office_client, public_and_secret):
    codes = [r[0].value for r in _workbook(office_client)["Projekte"].iter_rows(min_row=2)]
    assert "99-99" in codes


def test_one_changed_cell_is_exactly_one_change_and_becomes_a_correction(office_client, public_and_secret, people):
    workbook = _workbook(office_client)
    row = _set(workbook, "Projektvolumen", "13-03", "Landesmittel (Euro)", 1250000.5)
    edited = _save(workbook)
    upload = _upload(office_client, edited)
    assert upload.errors == []
    assert len(upload.changes) == 1
    change = upload.changes[0]
    assert (change["sheet"], change["row"], change["header"]) == ("Projektvolumen", row, "Landesmittel (Euro)")
    assert (change["old"], change["new"]) == ("1200000,00", "1250000,50")
    # the preview shows it in German and says what will happen; nothing is written yet
    preview = office_client.get(f"/daten/abgleich/{upload.key}/").content.decode()
    assert "1.250.000,50" in preview and "Korrektur der Leitstelle" in preview
    published = FundingStatement.objects.get(project=public_and_secret.project, document=public_and_secret.report)
    assert published.state_eur == Decimal("1200000.00")

    # A correction needs its reason; without one nothing is applied.
    refused = office_client.post(f"/daten/abgleich/{upload.key}/", {"action": "apply"}, follow=True)
    assert "braucht einen Grund" in refused.content.decode()
    assert public_and_secret.project.current_funding().pk == published.pk
    office_client.post(f"/daten/abgleich/{upload.key}/", {"action": "apply", "reason": "Nachmeldung des MUNV"})
    # The published statement is untouched; the correction is a statement of its own, with who, when, why.
    published.refresh_from_db()
    assert published.state_eur == Decimal("1200000.00")
    assert published.history.count() == 1
    current = public_and_secret.project.current_funding()
    assert current.pk != published.pk and current.state_eur == Decimal("1250000.50")
    assert current.volume_eur == published.volume_eur and current.spent_eur == published.spent_eur
    assert current.correction.acting_user == people.office and current.correction.corrects == public_and_secret.report
    assert current.correction.reason == "Nachmeldung des MUNV (Tabellen-Upload „bearbeitet.xlsx“)"
    record = current.history.latest()
    assert record.history_user == people.office and "Korrektur der Leitstelle" in record.history_change_reason
    upload.refresh_from_db()
    assert upload.status == UploadStatus.APPLIED and upload.applied_by == people.office
    # applying twice is refused
    with pytest.raises(services.UploadError):
        services.apply_upload(upload, acting_user=people.office, reason="noch einmal")

    # The same file once more: nothing left to change, and the office is told so in words.
    again = _upload(office_client, edited)
    assert again.changes == [] and again.errors == []
    assert again.notes[0].startswith("Diese Datei wurde bereits am ")
    assert "übernommen" in again.notes[0]
    assert FundingStatement.objects.filter(project=public_and_secret.project).count() == 2


def test_published_milestones_are_refused_cell_by_cell(office_client, public_and_secret):
    workbook = _workbook(office_client)
    row = _set(workbook, "Meilensteine", "13-03", "Text", "Start der Koordinierung")
    _set(workbook, "Projekte", "13-03", "Titel", "Baustellenkoordinierung Ruhr (neu)")
    upload = _upload(office_client, _save(workbook))
    assert upload.status == UploadStatus.REJECTED
    assert upload.errors == [
        f"Tabelle „Meilensteine“, Zeile {row}, Spalte „Text“: „13-03 / {public_and_secret.report.pk} / 1“ steht so in "
        "„Fortschrittsbericht 2024“, einer veröffentlichten Ausgabe, und wird nicht geändert. "
        "Berichtigungen bitte als Erratum der Ausgabe."
    ]
    assert Milestone.objects.get(project=public_and_secret.project, position=1).text != "Start der Koordinierung"


def test_a_cell_nobody_touched_never_blocks_an_upload(office_client, public_and_secret):
    workbook = _workbook(office_client)
    _set(workbook, "Projekte", "13-03", "Kurzbeschreibung", "Neue Kurzbeschreibung aus Excel")
    # meanwhile the title of the same project and a funding figure nobody edited in the file change
    Project.objects.filter(code="13-03").update(title="Titel aus dem Admin")
    upload = _upload(office_client, _save(workbook))
    assert upload.errors == []
    assert [(c["dataset"], c["column"]) for c in upload.changes] == [("projects", "summary")]
    services.apply_upload(upload, acting_user=SYSTEM)
    project = Project.objects.get(code="13-03")
    assert (project.title, project.summary) == ("Titel aus dem Admin", "Neue Kurzbeschreibung aus Excel")


def test_every_sheet_of_registry_data_can_be_edited(office_client, public_and_secret):
    workbook = _workbook(office_client)
    _set(workbook, "Projekte", "13-03", "Titel", "Baustellenkoordinierung Ruhr (neu)")
    _set(workbook, "Projekte", "13-03", "Handlungsfeld", "wirtschaft")
    _set(workbook, "Ortsbezüge", "13-03", "Grundlage", "geschätzt (dokumentierte Aufteilung)")
    ws = workbook["Ortsbezüge"]
    headers = [c.value for c in ws[1]]
    new = [None] * len(headers)
    new[headers.index("Projektnummer")] = "09-02"
    new[headers.index("Gemeindeschlüssel")] = "05913000"
    new[headers.index("Was dort geschieht")] = "Schulen in Dortmund"
    ws.append(new)
    upload = _upload(office_client, _save(workbook))
    assert upload.errors == [], upload.errors
    assert {c["dataset"] for c in upload.changes} == {"projects", "local-references"}
    services.apply_upload(upload, acting_user=SYSTEM)
    project = Project.objects.get(code="13-03")
    assert project.title.endswith("(neu)") and project.action_field.slug == "wirtschaft"
    assert project.slug == "13-03-baustellenkoordinierung"  # identifiers never change
    assert LocalReference.objects.get(project=project, municipality__ags="05911000").funding_basis == "estimated"
    assert (
        LocalReference.objects.get(project__code="09-02", municipality__ags="05913000").description
        == "Schulen in Dortmund"
    )


@pytest.mark.parametrize(("typed", "euros"), [("1.250.000,50", "1250000.50"), ("1,3 Mio.", "1300000.00")])
def test_cells_typed_as_text_are_read_like_the_staff_forms(office_client, people, public_and_secret, typed, euros):
    workbook = _workbook(office_client)
    _set(workbook, "Projektvolumen", "13-03", "Landesmittel (Euro)", typed)
    upload = _upload(office_client, _save(workbook))
    assert upload.errors == []
    services.apply_upload(upload, acting_user=people.office, reason="Zahl aus dem Bescheid")
    # The published statement stays; the figure read from the German cell is the office's correction.
    assert public_and_secret.project.current_funding().state_eur == Decimal(euros)


def test_errors_name_sheet_row_and_column_and_nothing_is_written(office_client, public_and_secret):
    workbook = _workbook(office_client)
    _set(workbook, "Projekte", "13-03", "Titel", "Geänderter Titel")
    row = _set(workbook, "Projektvolumen", "13-03", "Volumen (Euro)", "viel Geld")
    _set(workbook, "Projekte", "09-02", "Säule", "Hobbyprojekt")
    upload = _upload(office_client, _save(workbook))
    assert upload.status == UploadStatus.REJECTED
    assert (
        f"Tabelle „Projektvolumen“, Zeile {row}, Spalte „Volumen (Euro)“: „viel Geld“ ist keine Zahl." in upload.errors
    )
    assert any("Spalte „Säule“" in e and "kein erlaubter Wert" in e for e in upload.errors)
    with pytest.raises(services.UploadError):
        services.apply_upload(upload, acting_user=SYSTEM)
    assert Project.objects.get(code="13-03").title != "Geänderter Titel"


def test_unknown_rows_and_missing_columns(office_client, public_and_secret):
    workbook = _workbook(office_client)
    workbook["Projekte"].append(["77-77", "Neu"])
    upload = _upload(office_client, _save(workbook))
    assert any("„77-77“ gibt es nicht" in e for e in upload.errors)

    workbook = _workbook(office_client)
    workbook["Meilensteine"].delete_cols(len(list(workbook["Meilensteine"][1])))  # the version column
    upload = _upload(office_client, _save(workbook))
    assert any("Version" in e and "fehlen" in e for e in upload.errors)


def test_concurrent_edit_is_not_overwritten(office_client, public_and_secret):
    workbook = _workbook(office_client)
    _set(workbook, "Projekte", "13-03", "Titel", "Titel aus Excel")
    # meanwhile someone edits the same project in the admin
    Project.objects.filter(code="13-03").update(title="Titel aus dem Admin")
    upload = _upload(office_client, _save(workbook))
    assert any("seit dem Export geändert" in e for e in upload.errors)
    assert Project.objects.get(code="13-03").title == "Titel aus dem Admin"


def test_data_changed_between_preview_and_apply(office_client, public_and_secret):
    workbook = _workbook(office_client)
    _set(workbook, "Projekte", "13-03", "Titel", "Titel aus Excel")
    upload = _upload(office_client, _save(workbook))
    assert upload.status == UploadStatus.PENDING
    Project.objects.filter(code="13-03").update(title="Titel aus dem Admin")
    response = office_client.post(f"/daten/abgleich/{upload.key}/", {"action": "apply"}, follow=True)
    assert "nicht mehr" in response.content.decode() or "geändert" in response.content.decode()
    assert Project.objects.get(code="13-03").title == "Titel aus dem Admin"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_rows_being_applied_are_locked_against_concurrent_edits(office_client, public_and_secret, people, monkeypatch):
    """While an upload is applied, a concurrent edit of the same row waits instead of being lost."""
    import psycopg
    from django.db import connection

    workbook = _workbook(office_client)
    _set(workbook, "Projekte", "13-03", "Titel", "Titel aus Excel")
    upload = _upload(office_client, _save(workbook))
    assert upload.status == UploadStatus.PENDING
    s = connection.settings_dict
    other = psycopg.connect(dbname=s["NAME"], user=s["USER"], host=s["HOST"], port=s["PORT"] or None, autocommit=True)
    blocked = []
    saving = Project.save

    def save_while_another_editor_tries(self, *args, **kwargs):
        # The moment the upload writes, a second editor tries to change the same row without waiting.
        try:
            other.execute("SET lock_timeout = '100ms'")
            other.execute("UPDATE programmes_project SET title = 'Zweite Redaktion' WHERE id = %s", [self.pk])
        except psycopg.errors.LockNotAvailable:
            blocked.append(self.pk)
        return saving(self, *args, **kwargs)

    monkeypatch.setattr(Project, "save", save_while_another_editor_tries)
    try:
        services.apply_upload(upload, acting_user=people.office)
    finally:
        other.close()
    assert blocked == [Project.objects.get(code="13-03").pk]
    assert Project.objects.get(code="13-03").title == "Titel aus Excel"


@pytest.mark.parametrize("fmt", ["csv", "excel.csv"])
def test_csv_round_trip(office_client, public_and_secret, fmt):
    exported = office_client.get(f"/daten/abgleich/export.{fmt}?datensatz=funding-statements").content
    upload = _upload(office_client, exported, name=f"projektvolumen.{fmt.replace('excel.', '')}")
    assert upload.errors == [] and upload.changes == []
    text = exported.decode("utf-8-sig")
    edited = text.replace("800000,00", "900000,00") if fmt == "excel.csv" else text.replace("800000.00", "900000.00")
    upload = _upload(office_client, edited.encode("utf-8-sig"), name="projektvolumen.csv")
    assert [(c["column"], c["new"]) for c in upload.changes] == [("spent_eur", "900000,00")]


def test_discard(office_client, public_and_secret):
    workbook = _workbook(office_client)
    _set(workbook, "Projekte", "13-03", "Titel", "Verworfen")
    upload = _upload(office_client, _save(workbook))
    office_client.post(f"/daten/abgleich/{upload.key}/", {"action": "discard"})
    upload.refresh_from_db()
    assert upload.status == UploadStatus.DISCARDED
    assert Project.objects.get(code="13-03").title != "Verworfen"
