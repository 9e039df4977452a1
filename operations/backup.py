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
loads all models in one transaction (all or nothing) and then copies the files.
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
        with transaction.atomic(), signals_muted():
            if fixtures:
                call_command("loaddata", *fixtures, verbosity=0)
            for label, count in manifest["models"].items():
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
