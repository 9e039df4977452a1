"""Uploaded files: type from the content, bounded size; stored files leave only as sniff-proof attachments."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from accounts.models import Role, User
from opendata.forms import MAX_UPLOAD_BYTES, UploadForm
from operations.uploads import DOWNLOAD_POLICY, PDF, TEXT, XLSX, check_upload, safe_media_type, sniff
from sources.admin import MAX_DOCUMENT_BYTES, SourceDocumentForm
from sources.models import SourceDocument


def xlsx_bytes() -> bytes:
    buffer = io.BytesIO()
    Workbook().save(buffer)
    return buffer.getvalue()


def test_sniff_reads_the_content_not_the_name():
    assert sniff(b"%PDF-1.7\n...") == PDF
    assert sniff(xlsx_bytes()) == XLSX
    assert sniff(b"Projekt;Status\n13-03;abgeschlossen\n") == TEXT
    assert sniff("\ufeffCode,Titel\n".encode()) == TEXT
    assert sniff(b"<!DOCTYPE html><script>alert(1)</script>") is None
    assert sniff(b"  <svg onload=alert(1)>") is None
    assert sniff(b"\x89PNG\r\n\x1a\n\x00\x00") is None
    assert sniff(b"MZ\x90\x00\x03") is None
    assert sniff(b"\xff\xfe\x00broken") is None
    plain_zip = io.BytesIO()
    with zipfile.ZipFile(plain_zip, "w") as archive:
        archive.writestr("evil.html", "<script>")
    assert sniff(plain_zip.getvalue()) is None  # a zip, but no workbook
    assert sniff(b"PK\x03\x04garbage") is None


def test_zip_bomb_is_refused():
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", b"\0" * (210 * 1024 * 1024))
    assert len(bomb.getvalue()) < 1024 * 1024
    assert sniff(bomb.getvalue()) is None


def test_check_upload_limits_size_and_type():
    with pytest.raises(ValidationError) as error:
        check_upload(SimpleUploadedFile("a.csv", b"x" * 101), allowed={TEXT}, max_bytes=100)
    assert error.value.code == "too_large"
    with pytest.raises(ValidationError) as error:
        check_upload(SimpleUploadedFile("a.pdf", b"<html>"), allowed={PDF}, max_bytes=100)
    assert error.value.code == "wrong_type"
    upload = SimpleUploadedFile("a.pdf", b"%PDF-1.4 ok")
    assert check_upload(upload, allowed={PDF, TEXT}, max_bytes=100) == PDF
    assert upload.read() == b"%PDF-1.4 ok"  # left at the start for the reader


@pytest.mark.parametrize(
    ("name", "content", "valid"),
    [
        ("bearbeitet.xlsx", None, True),
        ("bearbeitet.csv", "Code;Titel\n13-03;Mobilität\n".encode(), True),
        ("bearbeitet.xlsx", b"<html><script>alert(1)</script></html>", False),  # renamed HTML
        ("bearbeitet.csv", b"<!doctype html><p>hi", False),
        ("bearbeitet.csv", b"\x7fELF\x02\x01\x01\x00\x00", False),
        ("bearbeitet.xlsx", b"Code;Titel\n", False),  # text named .xlsx
    ],
)
def test_round_trip_upload_form_checks_content(name, content, valid):
    content = xlsx_bytes() if content is None else content
    form = UploadForm(data={"dataset": ""}, files={"file": SimpleUploadedFile(name, content)})
    assert form.is_valid() is valid, form.errors


def test_round_trip_upload_form_limits_size():
    big = SimpleUploadedFile("gross.csv", b"a;b\n" * (MAX_UPLOAD_BYTES // 4 + 1))
    form = UploadForm(data={"dataset": ""}, files={"file": big})
    assert not form.is_valid() and "10 MB" in str(form.errors)


@pytest.mark.django_db
def test_round_trip_view_refuses_disguised_file(client):
    office = User.objects.create_user(
        "leitstelle", "l@example.org", "sehr-geheimes-passwort", role=Role.PROGRAMME_OFFICE
    )
    client.force_login(office)
    response = client.post(
        "/daten/abgleich/", {"file": SimpleUploadedFile("x.xlsx", b"<html><script>alert(1)</script>"), "dataset": ""}
    )
    assert response.status_code == 400
    assert "passt nicht zu den erlaubten Typen" in response.content.decode()


@pytest.mark.parametrize(
    ("content", "valid"),
    [
        (b"%PDF-1.4\n", True),
        (b"Fortschrittsbericht 2024\n", True),
        (b"<html><body>x", False),
        (b"\x00\x01", False),
    ],
)
def test_admin_source_document_form_checks_content(content, valid):
    form = SourceDocumentForm(
        data={"kind": "progress_report", "title": "Bericht"},
        files={"file": SimpleUploadedFile("bericht.pdf", content, content_type="application/pdf")},
    )
    form.is_valid()
    assert ("file" not in form.errors) is valid, form.errors
    assert MAX_DOCUMENT_BYTES == 50 * 1024 * 1024


def test_safe_media_type_never_lets_a_browser_render_a_page():
    assert safe_media_type("text/plain") == "text/plain; charset=utf-8"
    assert safe_media_type("application/pdf") == "application/pdf"
    for dangerous in ("text/html", "image/svg+xml", "application/xhtml+xml", "text/xml", "", "application/javascript"):
        assert safe_media_type(dangerous) == "application/octet-stream"


@pytest.mark.django_db
def test_source_file_is_an_attachment_that_is_never_sniffed_or_run(imported, client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    document = SourceDocument.objects.get(kind="progress_report")
    response = client.get(f"/quellen/{document.pk}/datei/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == DOWNLOAD_POLICY

    # a stored file whose recorded type is HTML still goes out as an opaque download
    document.media_type = "text/html"
    document.file.save("boese.html", io.BytesIO(b"<script>alert(1)</script>"), save=True)
    response = client.get(f"/quellen/{document.pk}/datei/")
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Security-Policy"] == DOWNLOAD_POLICY


@pytest.mark.django_db
def test_media_root_is_not_served(imported, client):
    document = SourceDocument.objects.get(kind="progress_report")
    assert document.file.name
    assert client.get(f"/media/{document.file.name}").status_code == 404


@pytest.mark.django_db
def test_admin_refuses_html_as_source_document(admin_client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    assert admin_client.get("/admin/sources/sourcedocument/add/").status_code == 200
    response = admin_client.post(
        "/admin/sources/sourcedocument/add/",
        {
            "kind": "progress_report",
            "title": "Bericht",
            "file": SimpleUploadedFile("bericht.txt", b"<html><script>alert(1)</script>", content_type="text/plain"),
        },
    )
    assert response.status_code == 200  # the form again, with the error
    assert "passt nicht zu den erlaubten Typen" in response.content.decode()
    assert not SourceDocument.objects.exists()
