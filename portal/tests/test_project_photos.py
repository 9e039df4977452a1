"""Photos of a project: alt text, credit and licence required, type read from the bytes, shown only when published."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from programmes.forms import ProjectPhotoForm
from programmes.models import Project

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


def _form(project, data=None, image=PNG, name="bild.png"):
    values = {
        "project": project.pk,
        "alt_text": "Studierende im neuen Gründungslabor an der Ruhr-Universität",
        "caption": "Eröffnung der Start4Chem-Labs",
        "credit": "Foto: Katja Marquard/RUB",
        "licence": "alle Rechte vorbehalten",
        "position": 1,
        "published": "on",
        **(data or {}),
    }
    return ProjectPhotoForm(data=values, files={"image": SimpleUploadedFile(name, image)})


def test_uploads_are_checked_and_alt_text_credit_licence_required(imported, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    project = Project.objects.published().first()
    form = _form(project, image=SVG, name="bild.png")
    assert not form.is_valid() and "kein Bild" in str(form.errors["image"])
    form = _form(project, {"alt_text": "Foto"})
    assert not form.is_valid() and "alt_text" in form.errors
    form = _form(project, {"credit": "", "licence": ""})
    assert not form.is_valid() and {"credit", "licence"} <= set(form.errors)


def test_published_photo_on_the_project_page_with_caption_credit_and_licence(client, imported, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    project = Project.objects.published().first()
    form = _form(project, image=PNG, name="../../x.svg")
    assert form.is_valid(), form.errors
    photo = form.save()
    assert photo.image.name.endswith(".png") and "x.svg" not in photo.image.name
    html = client.get(project.get_absolute_url()).content.decode()
    assert f'<img src="/fotos/{photo.pk}" alt="Studierende im neuen Gründungslabor an der Ruhr-Universität"' in html
    assert "Foto: Katja Marquard/RUB · alle Rechte vorbehalten" in html
    response = client.get(f"/fotos/{photo.pk}")
    assert response["Content-Type"] == "image/png" and response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PNG
    photo.published = False
    photo.save()
    assert client.get(f"/fotos/{photo.pk}").status_code == 404
    assert "/fotos/" not in client.get(project.get_absolute_url()).content.decode()
