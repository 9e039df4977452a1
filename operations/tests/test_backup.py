"""Backup and restore: a round trip of the imported real documents gives the identical dataset, row by row."""

from __future__ import annotations

import hashlib
import io
import json
import tarfile
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import CommandError

from accounts.models import Role, User
from importers import ParliamentaryAnswerImporter, ProgressReportImporter, ProposalListImporter
from operations.backup import MOVED_MODELS, BackupError, backed_up_models, create_backup, restore_backup
from portal.models import SearchDocument

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def dataset(media, report_path, answer_path, proposals_path):
    ProgressReportImporter().run(report_path)
    ParliamentaryAnswerImporter().run(answer_path)
    ProposalListImporter().run(proposals_path)
    user = User.objects.create_user("redaktion", "r@example.org", "sehr-geheimes-passwort", role=Role.PROGRAMME_OFFICE)
    user.user_permissions.add(Permission.objects.get(codename="view_project"))
    (media / "reporting" / "cache").mkdir(parents=True)
    (media / "reporting" / "cache" / "abc.pdf").write_bytes(b"%PDF-1.7 rendered")


def snapshot() -> dict:
    """Every row of every backed-up model and every many-to-many table, with content types and permissions
    by their natural keys (their ids may differ after migrate), plus the search index without its ids."""
    content_types = {ct.pk: (ct.app_label, ct.model) for ct in ContentType.objects.all()}
    permissions = {
        p.pk: (p.content_type.app_label, p.codename) for p in Permission.objects.select_related("content_type")
    }
    rows: dict[str, list] = {}
    models = list(backed_up_models()) + [m for m in apps.get_models(include_auto_created=True) if m._meta.auto_created]
    for model in models:
        remap = {}
        for f in model._meta.concrete_fields:
            if f.is_relation and f.related_model is ContentType:
                remap[f.attname] = content_types
            elif f.is_relation and f.related_model is Permission:
                remap[f.attname] = permissions
        values = []
        for row in model._base_manager.order_by("pk").values():
            for attname, mapping in remap.items():
                row[attname] = mapping.get(row[attname], row[attname])
            if model._meta.auto_created:
                row.pop("id", None)
            values.append(row)
        if model._meta.auto_created:
            values.sort(key=repr)
        rows[model._meta.label_lower] = values
    rows["portal.searchdocument"] = sorted(SearchDocument.objects.postings())
    return rows


def media_files(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in root.rglob("*")
        if p.is_file()
    }


def test_round_trip_restores_an_identical_dataset(dataset, media, tmp_path, capsys):
    before = snapshot()
    files_before = media_files(media)
    assert len(before["programmes.project"]) >= 30 and len(before["proposals.proposal"]) >= 40
    assert len(files_before) >= 4  # three source documents and the rendered report

    archive = tmp_path / "sicherung.tar.gz"
    call_command("backup", str(archive), "--format", "json")
    written = json.loads(capsys.readouterr().out)
    assert written["models"]["programmes.project"] == len(before["programmes.project"])
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
    assert {f["name"] for f in manifest["files"] if f["name"].startswith("media/")} == {
        f"media/{name}" for name in files_before
    }
    assert all(len(f["sha256"]) == 64 for f in manifest["files"])

    # an empty database (flush re-creates content types and permissions) and an empty media folder
    call_command("flush", interactive=False, verbosity=0)
    for path in sorted(media.rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()
    assert not SearchDocument.objects.exists()

    call_command("restore", str(archive), "--format", "json")
    restored = json.loads(capsys.readouterr().out)
    assert restored["files"] == len(files_before)

    after = snapshot()
    assert after.keys() == before.keys()
    for label in before:
        assert after[label] == before[label], label
    assert media_files(media) == files_before


def test_restore_refuses_a_database_with_data(dataset, tmp_path):
    archive = tmp_path / "b.tar.gz"
    create_backup(archive)
    with pytest.raises(BackupError, match="nicht leer"):
        restore_backup(archive)
    with pytest.raises(CommandError, match="nicht leer"):
        call_command("restore", str(archive))


def test_restore_refuses_a_tampered_archive_and_changes_nothing(dataset, media, tmp_path):
    archive = tmp_path / "b.tar.gz"
    create_backup(archive)
    tampered = tmp_path / "t.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(tampered, "w:gz") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name == "db/programmes.project.exactjson":
                data = data.replace(b"Ruhr", b"Rhein", 1)
            member.size = len(data)
            target.addfile(member, io.BytesIO(data))
    call_command("flush", interactive=False, verbosity=0)
    with pytest.raises(BackupError, match="Prüfsumme"):
        restore_backup(tampered)
    assert not apps.get_model("programmes.project").objects.exists()


def test_restore_refuses_path_traversal(media, tmp_path):
    evil = tmp_path / "evil.tar.gz"
    manifest = json.dumps({"format": "ruhr-monitor-backup/1", "models": {}, "files": []}).encode()
    with tarfile.open(evil, "w:gz") as tar:
        for name, data in (("manifest.json", manifest), ("media/../../etc/x", b"x")):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    with pytest.raises(BackupError, match="Unerwarteter Eintrag"):
        restore_backup(evil)


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40
# An archive from before the photos moved to programmes (issue 19) names them so: in file names, rows, the manifest
# and the natural keys of content types ("programmes", "projectphoto") and permissions (…, "programmes", "projectphoto").
BEFORE_THE_PHOTO_MOVE = {
    "programmes.projectphoto": "portal.projectphoto",
    "programmes.historicalprojectphoto": "portal.historicalprojectphoto",
    '"programmes", "projectphoto"': '"portal", "projectphoto"',
    '"programmes", "historicalprojectphoto"': '"portal", "historicalprojectphoto"',
}


def _as_written_before_the_photo_move(archive: Path, target: Path) -> None:
    def old(text: str) -> str:
        for new_label, old_label in BEFORE_THE_PHOTO_MOVE.items():
            text = text.replace(new_label, old_label)
        return text

    members = {}
    with tarfile.open(archive) as source:
        manifest = json.load(source.extractfile("manifest.json"))
        for entry in manifest["files"]:
            data = source.extractfile(entry["name"]).read()
            if entry["name"].startswith("db/"):
                data = old(data.decode()).encode()
            members[old(entry["name"])] = data
    assert {"db/portal.projectphoto.exactjson", "db/portal.historicalprojectphoto.exactjson"} <= members.keys()
    assert '["portal", "projectphoto"]' in members["db/admin.logentry.exactjson"].decode()
    assert '"portal", "projectphoto"]' in members["db/accounts.user.exactjson"].decode()
    manifest["models"] = {old(label): count for label, count in manifest["models"].items()}
    manifest["files"] = [
        {"name": name, "sha256": hashlib.sha256(data).hexdigest(), "size": len(data)} for name, data in members.items()
    ]
    with tarfile.open(target, "w:gz") as tar:
        for name, data in [("manifest.json", json.dumps(manifest).encode()), *members.items()]:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))


def test_an_archive_from_before_the_photo_move_restores_photos_history_permissions_and_log(
    media, tmp_path, monkeypatch
):
    from django.contrib.admin.models import ADDITION, LogEntry
    from django.core.files.uploadedfile import SimpleUploadedFile

    from operations import backup
    from programmes.models import ProjectPhoto
    from tests.factories import StatedProjectFactory

    project = StatedProjectFactory(stated_in=None)
    photo = ProjectPhoto.objects.create(
        project=project,
        image=SimpleUploadedFile("bild.png", PNG),
        alt_text="Studierende im neuen Gründungslabor",
        credit="Foto: Katja Marquard/RUB",
        licence="CC BY 4.0",
    )
    photo.published = True
    photo.save()
    office = User.objects.create_user(
        "leitstelle", "l@example.org", "sehr-geheimes-passwort", role=Role.PROGRAMME_OFFICE
    )
    office.user_permissions.add(Permission.objects.get(codename="change_projectphoto"))
    LogEntry.objects.create(
        user=office,
        content_type=ContentType.objects.get_for_model(ProjectPhoto),
        object_id=str(photo.pk),
        object_repr=str(photo),
        action_flag=ADDITION,
    )
    stored, file_hash = photo.image.name, hashlib.sha256(PNG).hexdigest()
    create_backup(tmp_path / "heute.tar.gz")
    archive = tmp_path / "vorher.tar.gz"
    _as_written_before_the_photo_move(tmp_path / "heute.tar.gz", archive)

    call_command("flush", interactive=False, verbosity=0)
    for path in sorted(media.rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()
    # Without the mapping of old labels the archive cannot be read at all, and nothing is written.
    monkeypatch.setattr(backup, "MOVED_MODELS", {})
    with pytest.raises(Exception, match=r"Invalid model identifier: portal\.(historical)?projectphoto"):
        restore_backup(archive)
    assert not ProjectPhoto.objects.exists() and not User.objects.exists()
    monkeypatch.undo()

    summary = restore_backup(archive)
    assert summary.models["programmes.projectphoto"] == 1 and "portal.projectphoto" not in summary.models
    restored = ProjectPhoto.objects.get(pk=photo.pk)
    assert (restored.project_id, restored.image.name, restored.alt_text, restored.published, restored.updated_at) == (
        project.pk,
        stored,
        "Studierende im neuen Gründungslabor",
        True,
        photo.updated_at,
    )
    assert [h.history_type for h in restored.history.order_by("history_id")] == ["+", "~"]
    assert User.objects.get(username="leitstelle").has_perm("programmes.change_projectphoto")
    assert LogEntry.objects.get().get_edited_object() == restored
    assert media_files(media)[stored] == file_hash


def test_moved_models_name_todays_models_under_their_new_label():
    for old, new in MOVED_MODELS.items():
        with pytest.raises(LookupError):
            apps.get_model(old)
        assert apps.get_model(new)._meta.label_lower == new
