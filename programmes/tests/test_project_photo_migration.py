"""Project photos survive their move from portal to programmes (issue 19): an existing database keeps every photo,
its version history, the admin's content types and permissions, the uploaded files stay where they are and are
still served and printed, and the move can be undone."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import timezone

from programmes.models import ProjectPhoto
from reporting.documents.content import _published_photos
from tests.factories import StatedProjectFactory
from tests.migrating import migrate

BEFORE = [("portal", "0008_search_documents"), ("programmes", "0006_funding_statement_qualifiers")]
AFTER = [("programmes", "0007_projectphoto_from_portal")]
MODELS = ("projectphoto", "historicalprojectphoto")
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40


def test_photos_move_with_their_history_files_and_content_types(back_to_newest, client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    old = migrate(BEFORE)
    # Real models for the apps whose tables are not rolled back; the photo is written as the portal model did.
    project = StatedProjectFactory(stated_in=None)
    stored = f"fotos/{project.pk}/0123456789abcdef.png"
    (tmp_path / "fotos" / str(project.pk)).mkdir(parents=True)
    (tmp_path / stored).write_bytes(PNG)
    fields = {
        "project_id": project.pk,
        "image": stored,
        "alt_text": "Studierende im neuen Gründungslabor",
        "credit": "Foto: Katja Marquard/RUB",
        "licence": "CC BY 4.0",
        "published": True,
    }
    photo = old.get_model("portal", "ProjectPhoto").objects.create(**fields)
    old.get_model("portal", "HistoricalProjectPhoto").objects.create(
        id=photo.pk, updated_at=photo.updated_at, history_date=timezone.now(), history_type="+", **fields
    )
    ContentType = old.get_model("contenttypes", "ContentType")
    Permission = old.get_model("auth", "Permission")
    for model in MODELS:
        content_type, _ = ContentType.objects.get_or_create(app_label="portal", model=model)
        Permission.objects.get_or_create(
            content_type=content_type, codename=f"change_{model}", defaults={"name": f"Can change {model}"}
        )

    migrate(AFTER)
    moved = ProjectPhoto.objects.get(project=project)
    assert (moved.pk, moved.image.name, moved.alt_text) == (photo.pk, stored, "Studierende im neuen Gründungslabor")
    assert [h.history_type for h in moved.history.all()] == ["+"]
    assert _published_photos(project) == [moved]  # what the printed report reads
    response = client.get(f"/fotos/{moved.pk}")  # the public page's image, from the file where it always was
    assert response.status_code == 200 and b"".join(response.streaming_content) == PNG
    tables = set(connection.introspection.table_names())
    assert {"programmes_projectphoto", "programmes_historicalprojectphoto"} <= tables
    assert not {"portal_projectphoto", "portal_historicalprojectphoto"} & tables
    for model in MODELS:
        assert ContentType.objects.filter(app_label="programmes", model=model).count() == 1
        assert not ContentType.objects.filter(app_label="portal", model=model).exists()
        assert Permission.objects.get(codename=f"change_{model}").content_type.app_label == "programmes"
    # A new photo takes the next key of the renamed table (its sequence on PostgreSQL) and is stored beside the old.
    added = ProjectPhoto.objects.create(
        project=project, image=SimpleUploadedFile("neu.png", PNG), alt_text="Das Labor von außen", credit="RUB"
    )
    assert added.pk > moved.pk and added.image.name.startswith(f"fotos/{project.pk}/")
    added.delete()

    back = migrate(BEFORE)
    assert back.get_model("portal", "ProjectPhoto").objects.get(project_id=project.pk).image == stored
    assert back.get_model("portal", "HistoricalProjectPhoto").objects.filter(id=photo.pk).count() == 1
    assert ContentType.objects.filter(app_label="portal", model="projectphoto").count() == 1
