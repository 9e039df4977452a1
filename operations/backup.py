"""Backup and restore of everything: the database (one JSON file per model) and the files under MEDIA_ROOT.

An archive is a gzipped tar:

    manifest.json              format, time, Django version, database vendor, row count per model,
                               and the SHA-256 and size of every other member
    db/<app>.<model>.exactjson `dumpdata` of one model (base manager: drafts included) as JSON with exact
                               times (operations/serializer.py), natural foreign keys for content types
                               and permissions, so their ids may differ in the target
    media/<path>               the files under MEDIA_ROOT (source documents, uploads, rendered reports)

Content types and permissions are not dumped (migrate creates them; references use natural keys), nor
sessions (short-lived) nor the search index (derived; rebuilt after the restore). `restore_backup`
refuses a database that already holds data and an archive whose members do not match the manifest,
loads all models in one transaction (all or nothing) and then copies the files. An archive written before a
model moved to another app is read under the model's new label (`MOVED_MODELS`).
"""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import tarfile
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import django
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import signals
from django.utils import timezone

from .caching import public_data_changed

FORMAT = "ruhr-monitor-backup/1"
SERIAL_FORMAT = "exactjson"  # registered in settings.SERIALIZATION_MODULES
EXCLUDED = {
    "contenttypes.contenttype",
    "auth.permission",
    "sessions.session",
    # the search index (one document of stems per project) is derived; rebuilt after the restore
    "portal.searchdocument",
}
# Models that moved to another app (issue 19). An archive written before a move names such a model by its old label:
# in the manifest, in each of its rows and in the natural keys of content types and permissions that point at it
# (admin log, user and group permissions, provenance). The restore reads those under the new label.
MOVED_MODELS = {
    "api.subscription": "alerts.subscription",
    "api.upload": "opendata.upload",
    "portal.historicalprojectphoto": "programmes.historicalprojectphoto",
    "portal.projectphoto": "programmes.projectphoto",
    "reporting.fundingallocation": "places.fundingallocation",
    "reporting.historicalfundingallocation": "places.historicalfundingallocation",
    "reporting.savedquery": "answers.savedquery",
}


class BackupError(Exception):
    """A backup or restore that cannot go on; the message is for the operator (German)."""


@dataclass
class BackupSummary:
    path: str
    models: dict[str, int] = field(default_factory=dict)
    files: int = 0
    bytes: int = 0
    sha256: str = ""

    def to_dict(self) -> dict:
        return {
            "path": self.path,
            "models": self.models,
            "files": self.files,
            "bytes": self.bytes,
            "sha256": self.sha256,
        }


def backed_up_models() -> list:
    """Every concrete model of every app except the derived and the re-created ones, in a stable order."""
    return sorted(
        (m for m in apps.get_models() if m._meta.label_lower not in EXCLUDED and not m._meta.proxy and m._meta.managed),
        key=lambda m: m._meta.label_lower,
    )


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def create_backup(path: Path | str) -> BackupSummary:
    """Write the archive to `path` (atomically: a temporary file next to it, renamed at the end)."""
    path = Path(path)
    media_root = Path(settings.MEDIA_ROOT)
    summary = BackupSummary(path=str(path))
    with tempfile.TemporaryDirectory(prefix="ruhr-backup-") as work:
        work_dir = Path(work)
        members: list[tuple[Path, str]] = []
        # One consistent view of the database across all models.
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            for model in backed_up_models():
                label = model._meta.label_lower
                target = work_dir / f"{label}.{SERIAL_FORMAT}"
                call_command(
                    "dumpdata",
                    label,
                    output=str(target),
                    format=SERIAL_FORMAT,
                    use_natural_foreign_keys=True,
                    use_base_manager=True,
                    indent=None,
                    verbosity=0,
                )
                summary.models[label] = model._base_manager.count()
                members.append((target, f"db/{label}.{SERIAL_FORMAT}"))
        if media_root.is_dir():
            for file in sorted(p for p in media_root.rglob("*") if p.is_file()):
                members.append((file, "media/" + file.relative_to(media_root).as_posix()))
                summary.files += 1

        files = []
        for source, name in members:
            size = source.stat().st_size
            files.append({"name": name, "sha256": _sha256(source), "size": size})
            summary.bytes += size
        manifest = {
            "format": FORMAT,
            "created": timezone.now().isoformat(),
            "django": django.get_version(),
            "database": connection.vendor,
            "models": summary.models,
            "files": files,
        }
        partial = path.with_name(path.name + ".partial")
        path.parent.mkdir(parents=True, exist_ok=True)
        with tarfile.open(partial, "w:gz") as archive:
            data = json.dumps(manifest, indent=2, ensure_ascii=False).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(data)
            info.mtime = int(timezone.now().timestamp())
            archive.addfile(info, io.BytesIO(data))
            for source, name in members:
                archive.add(source, arcname=name, recursive=False)
        partial.replace(path)
    summary.sha256 = _sha256(path)
    return summary


def _safe_name(name: str) -> bool:
    pure = PurePosixPath(name)
    return not pure.is_absolute() and ".." not in pure.parts and pure.parts[:1] in (("db",), ("media",))


def read_manifest(archive: tarfile.TarFile) -> dict:
    try:
        member = archive.getmember("manifest.json")
    except KeyError as exc:
        raise BackupError("Das Archiv enthält kein manifest.json; es ist keine Ruhr-Monitor-Sicherung.") from exc
    manifest = json.load(archive.extractfile(member))
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Unbekanntes Sicherungsformat {manifest.get('format')!r} (erwartet {FORMAT}).")
    return manifest


def database_is_empty() -> list[str]:
    """The models that already hold rows (an empty list for an empty database)."""
    return [m._meta.label_lower for m in backed_up_models() if m._base_manager.exists()]


# Every model signal a receiver could use to write a row of its own while the archive is loaded.
MODEL_SIGNALS = (
    signals.pre_save,
    signals.post_save,
    signals.pre_delete,
    signals.post_delete,
    signals.m2m_changed,
)


@contextmanager
def signals_muted():
    """Load raw: no receiver runs while the archive is loaded.

    `loaddata` passes raw=True to pre/post_save, but not to m2m_changed: django-simple-history's m2m history
    (ProgrammeIndicator.contributions) wrote a history row per restored link on top of the restored history
    rows, so the counts no longer matched the manifest (SQLite) or the primary key collided (PostgreSQL). The
    archive already holds every derived row (history, audit trail) exactly as it was; nothing may add to it.
    Restore runs in its own command process, so emptying the signals for its duration touches no request.
    """
    saved = [(signal, signal.receivers, signal.sender_receivers_cache.copy()) for signal in MODEL_SIGNALS]
    try:
        for signal in MODEL_SIGNALS:
            signal.receivers = []
            signal.sender_receivers_cache.clear()
        yield
    finally:
        for signal, receivers, cache in saved:
            signal.receivers = receivers
            signal.sender_receivers_cache.clear()
            signal.sender_receivers_cache.update(cache)


def _moved_key(key, moved: dict[str, str]):
    """A natural key of a content type (app, model) or a permission (codename, app, model), with a moved model's app."""
    if isinstance(key, list) and len(key) in (2, 3) and all(isinstance(part, str) for part in key):
        label = moved.get(f"{key[-2]}.{key[-1]}")
        if label:
            return [*key[:-2], *label.split(".")]
    return key


def _relabel_moved_models(fixtures: list[str], moved: dict[str, str]) -> None:
    """Rewrite the rows of an archive written before `moved` (old label -> new label) as today's dumpdata would."""
    names = tuple(f'"{old.split(".")[1]}"' for old in moved) + tuple(f'"{old}"' for old in moved)
    keyed = (apps.get_model("contenttypes", "ContentType"), apps.get_model("auth", "Permission"))
    keyed_fields: dict[str, dict[str, bool]] = {}  # label -> {field that points at a keyed model: many-to-many?}
    for fixture in map(Path, fixtures):
        text = fixture.read_text(encoding="utf-8")
        if not any(name in text for name in names):
            continue  # neither a moved model's rows nor a key that names it
        rows = json.loads(text)
        for row in rows:
            label = row["model"] = moved.get(row["model"], row["model"])
            if label not in keyed_fields:
                try:
                    fields = apps.get_model(label)._meta.get_fields()
                except LookupError:
                    fields = []  # loaddata names the unknown model
                keyed_fields[label] = {
                    f.name: f.many_to_many for f in fields if f.concrete and f.is_relation and f.related_model in keyed
                }
            for name, many in keyed_fields[label].items():
                if name in row["fields"]:
                    value = row["fields"][name]
                    row["fields"][name] = [_moved_key(k, moved) for k in value] if many else _moved_key(value, moved)
        fixture.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")


def restore_backup(path: Path | str) -> BackupSummary:
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"Sicherung nicht gefunden: {path}")
    filled = database_is_empty()
    if filled:
        raise BackupError(
            "Die Datenbank ist nicht leer (z. B. "
            + ", ".join(filled[:5])
            + "). Wiederherstellen nur in eine leere, migrierte Datenbank (manage.py flush)."
        )
    summary = BackupSummary(path=str(path), sha256=_sha256(path))
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix="ruhr-restore-") as work, tarfile.open(path, "r:gz") as archive:
        work_dir = Path(work)
        manifest = read_manifest(archive)
        expected = {f["name"]: f for f in manifest["files"]}
        for member in archive.getmembers():
            if member.name == "manifest.json":
                continue
            if not member.isfile() or not _safe_name(member.name) or member.name not in expected:
                raise BackupError(f"Unerwarteter Eintrag im Archiv: {member.name}")
            archive.extract(member, work_dir, filter="data")
        for name, entry in expected.items():
            extracted = work_dir / name
            if not extracted.is_file():
                raise BackupError(f"Im Archiv fehlt {name}.")
            if _sha256(extracted) != entry["sha256"]:
                raise BackupError(f"Prüfsumme von {name} stimmt nicht mit dem Manifest überein; nichts wurde geändert.")
            summary.bytes += entry["size"]

        fixtures = (
            sorted(str(p) for p in (work_dir / "db").glob(f"*.{SERIAL_FORMAT}")) if (work_dir / "db").is_dir() else []
        )
        moved = {old: new for old, new in MOVED_MODELS.items() if old in manifest["models"]}
        if moved:
            _relabel_moved_models(fixtures, moved)
        with transaction.atomic(), signals_muted():
            if fixtures:
                call_command("loaddata", *fixtures, verbosity=0)
            for label, count in manifest["models"].items():
                label = moved.get(label, label)
                model = apps.get_model(label)
                found = model._base_manager.count()
                if found != count:
                    raise BackupError(f"{label}: {found} Zeilen geladen, {count} laut Manifest.")
                summary.models[label] = found
            public_data_changed()  # a restored database is new public data: no page cached before may answer

        media_dir = work_dir / "media"
        if media_dir.is_dir():
            for file in sorted(p for p in media_dir.rglob("*") if p.is_file()):
                target = media_root / file.relative_to(media_dir)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(file, target)
                summary.files += 1

    from .signals import database_restored

    database_restored.send(sender=restore_backup)  # derived data (the search index) is rebuilt by its owner
    return summary
