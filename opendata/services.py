"""State changes of the opendata app: the office's uploads of edited spreadsheets (round trip).

Each is one named function, called by the views and the tests alike: read and keep an upload for the preview,
apply it all or nothing, discard it.
"""

from __future__ import annotations

import hashlib
import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from accounts.actors import person, require
from operations.caching import changes_public_data
from operations.errors import ServiceError
from programmes.models import FundingStatement
from programmes.services import correct_funding_statement

from .models import Upload, UploadStatus
from .roundtrip import Analysis, UnreadableFile, analyse, fingerprint, read_tables

log = logging.getLogger(__name__)


# the office's uploads ------------------------------------------------------------------------------------


class UploadError(ServiceError, ValueError):
    """An upload that cannot be applied; German message."""


def _analyse(filename: str, content: bytes, dataset: str) -> Analysis:
    try:
        return analyse(read_tables(filename, content, dataset))
    except UnreadableFile as exc:
        return Analysis(errors=[str(exc)])


def _may_round_trip(acting_user) -> None:
    require(
        acting_user, "opendata.round_trip", message=gettext("Nur die Leitstelle kann bearbeitete Tabellen hochladen.")
    )


@transaction.atomic
def create_upload(*, filename: str, content: bytes, dataset: str = "", acting_user) -> Upload:
    """Read an edited file and keep it with every change found, for the preview. Writes nothing to the registry."""
    _may_round_trip(acting_user)
    analysis = _analyse(filename, content, dataset)
    if analysis.ok and not analysis.changes:
        applied = _applied_before(content)
        if applied is not None:
            user = applied.applied_by
            who = (user.get_full_name() or user.get_username()) if user is not None else ""
            analysis.notes.insert(
                0,
                f"Diese Datei wurde bereits am {timezone.localtime(applied.applied_at):%d.%m.%Y um %H:%M} Uhr"
                + (f" von {who}" if who else "")
                + " übernommen; ihre Änderungen stehen schon im Datenbestand. Es gibt nichts mehr zu übernehmen.",
            )
    return Upload.objects.create(
        filename=filename[:255],
        content=content,
        dataset=dataset,
        status=UploadStatus.PENDING if analysis.ok and analysis.changes else UploadStatus.REJECTED,
        changes=[c.to_dict() for c in analysis.changes],
        errors=analysis.errors,
        notes=analysis.notes,
        uploaded_by=person(acting_user),
    )


def _applied_before(content: bytes) -> Upload | None:
    digest = hashlib.sha256(content).digest()
    for upload in (
        Upload.objects.filter(status=UploadStatus.APPLIED)
        .order_by("-applied_at")
        .only("content", "applied_at", "applied_by")
    ):
        if hashlib.sha256(bytes(upload.content)).digest() == digest:
            return upload
    return None


def _lock_rows(analysis: Analysis) -> int:
    """Lock (SELECT … FOR UPDATE) the existing rows the upload would change, until the transaction ends."""
    keys: dict[type, list] = {}
    for obj, _fields in analysis.pending.values():
        if obj.pk is not None:
            keys.setdefault(type(obj), []).append(obj.pk)
    for model, pks in keys.items():
        list(model._default_manager.select_for_update().filter(pk__in=pks).order_by("pk").values_list("pk"))
    return sum(len(pks) for pks in keys.values())


@changes_public_data
@transaction.atomic
def apply_upload(upload: Upload, *, acting_user, reason: str = "") -> Upload:
    """Apply exactly the previewed changes, all or nothing, each saved record versioned with the acting user."""
    _may_round_trip(acting_user)
    upload = Upload.objects.select_for_update().get(pk=upload.pk)
    if upload.status != UploadStatus.PENDING:
        raise UploadError(f"Dieser Upload ist „{upload.get_status_display()}“ und kann nicht mehr übernommen werden.")
    analysis = _analyse(upload.filename, bytes(upload.content), upload.dataset)
    if analysis.ok and _lock_rows(analysis):
        # Read again under the row locks: an edit committed between the first read and the locks would
        # otherwise be overwritten by values computed from what it replaced (a lost update).
        analysis = _analyse(upload.filename, bytes(upload.content), upload.dataset)
    if not analysis.ok:
        raise UploadError("Die Datei passt nicht mehr zu den Daten: " + " ".join(analysis.errors[:5]))
    if analysis.fingerprint() != fingerprint(upload.changes):
        raise UploadError(
            "Die Daten wurden seit der Vorschau geändert; die Änderungen wären andere als angezeigt. "
            "Bitte die Datei erneut hochladen und die neue Vorschau prüfen."
        )
    reason = " ".join(reason.split())
    if not reason and any(isinstance(obj, FundingStatement) for obj, _fields in analysis.pending.values()):
        raise UploadError(
            "Die Datei berichtigt veröffentlichte Angaben zum Projektvolumen. Eine Korrektur der Leitstelle "
            "braucht einen Grund; bitte angeben, warum die Zahlen berichtigt werden."
        )
    for obj, fields in analysis.pending.values():
        if isinstance(obj, FundingStatement) and obj.pk is not None:
            # A published statement stays as published; the upload records the office's correction beside it.
            correct_funding_statement(
                FundingStatement.objects.select_related("project", "document").get(pk=obj.pk),
                changes={name: getattr(obj, name) for name in fields},
                reason=f"{reason} (Tabellen-Upload „{upload.filename}“)",
                acting_user=acting_user,
            )
            continue
        obj._history_user = person(acting_user)
        obj._change_reason = f"Tabellen-Upload „{upload.filename}“"
        obj.save()
    upload.status = UploadStatus.APPLIED
    upload.applied_by = person(acting_user)
    upload.applied_at = timezone.now()
    upload.save(update_fields=["status", "applied_by", "applied_at"])
    log.info("Upload %s übernommen: %d Änderungen", upload.key, len(upload.changes))
    return upload


@transaction.atomic
def discard_upload(upload: Upload, *, acting_user) -> Upload:
    _may_round_trip(acting_user)
    if upload.status == UploadStatus.PENDING:
        upload.status = UploadStatus.DISCARDED
        upload.save(update_fields=["status"])
    return upload
