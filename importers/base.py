"""The import machinery every source document goes through.

A subclass names its document kind and implements two hooks: `parse` (calls a
plain-Python parser) and `apply` (writes the parsed tree into the registry).
The base class does the rest the same way for all: read the file (text or
PDF), fingerprint it, refuse nothing silently, run `apply` in one transaction
so that a failure writes nothing, skip a document already imported, and
record an ImportRun with the counts and the parser's warnings.
"""

from __future__ import annotations

import fcntl
import hashlib
import logging
import os
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import models, transaction

from accounts.actors import SYSTEM, person
from operations.caching import public_data_changed
from sources.models import ImportRun, ImportStatus, Provenance, SourceDocument, writing_statements_of
from sources.parsers.checks import check_kind
from sources.parsers.pdf import PdfLimits, PdfTextError, is_pdf, pdf_to_text
from sources.parsers.results import DocumentInfo, ParseWarning

log = logging.getLogger(__name__)


class ImportFailed(Exception):
    """An import that could not be done; the message is German and names file and line."""


class ImportNeedsConfirmation(ImportFailed):
    """The import would change more existing public fields than the threshold; nothing was written.

    `changes` lists them (record, field, before, after) for the office to review before `--confirm`."""

    def __init__(self, message: str, changes: list[dict[str, str]]):
        super().__init__(message)
        self.changes = changes


def import_limits() -> dict[str, Any]:
    """Bounds on what an import reads (settings IMPORT_*; docs/operations.md, "Imports")."""
    return {
        "text_bytes": getattr(settings, "IMPORT_MAX_TEXT_BYTES", 5 * 1024 * 1024),
        "pdf": PdfLimits(
            max_bytes=getattr(settings, "IMPORT_MAX_PDF_BYTES", 50 * 1024 * 1024),
            max_pages=getattr(settings, "IMPORT_MAX_PDF_PAGES", 2_000),
            max_seconds=getattr(settings, "IMPORT_PDF_SECONDS", 60),
            max_memory_bytes=getattr(settings, "IMPORT_PDF_MEMORY_BYTES", 1024 * 1024 * 1024),
        ),
        # a re-import that changes more than this share of the existing public fields needs --confirm
        "confirm_share": getattr(settings, "IMPORT_CONFIRM_SHARE", 0.05),
        "confirm_min": getattr(settings, "IMPORT_CONFIRM_MIN_FIELDS", 3),
    }


@dataclass
class ImportResult:
    status: str  # "dry_run", "succeeded", "unchanged"
    parsed: Any
    document: SourceDocument | None = None
    run: ImportRun | None = None
    counts: Counter = field(default_factory=Counter)
    warnings: list[ParseWarning] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        data = self.parsed.to_dict()
        data["import"] = {
            "status": self.status,
            "document_id": self.document.pk if self.document else None,
            "run_id": self.run.pk if self.run else None,
            "changes": dict(sorted(self.counts.items())),
        }
        return data


class DocumentImporter:
    kind: str = ""
    label: str = ""

    def __init__(self) -> None:
        self.counts: Counter = Counter()
        self.warnings: list[ParseWarning] = []
        # Who the writes of `apply` are recorded for: the operator's command (the system) unless `run` is told.
        self.acting_user = SYSTEM

    # hooks ---------------------------------------------------------------
    def parse(self, text: str, filename: str) -> Any:
        raise NotImplementedError

    def apply(self, parsed: Any, document: SourceDocument) -> None:
        raise NotImplementedError

    def as_of(self, info: DocumentInfo) -> date | None:
        return info.date

    def check_text(self, text: str, filename: str) -> None:
        """Before parsing: refuse an empty text and one recognisably of another kind (ValueError, German)."""
        check_kind(text, self.kind, filename)

    def check(self, parsed: Any, filename: str) -> None:
        """After parsing, before writing: refuse a structure that does not make sense (ValueError, German)."""

    def public_fields(self) -> dict[tuple[str, str, str], str]:
        """The public fields this importer may overwrite, keyed by (record label, key, field); for the
        confirmation threshold. Empty: the importer only adds."""
        return {}

    # the run -----------------------------------------------------------------
    def run(
        self, path: Path | str, *, acting_user=SYSTEM, dry_run: bool = False, confirmed: bool = False
    ) -> ImportResult:
        # An import runs from the command line under the operator's authority: the system acts, never "nobody".
        if acting_user is None:
            raise ImportFailed("Ein Import braucht eine handelnde Person oder das System (accounts.actors.SYSTEM).")
        self.acting_user = acting_user
        path = Path(path)
        data = self._read_bytes(path)
        text, media_type = self._decode(data, path)
        try:
            self.check_text(text, path.name)
            parsed = self.parse(text, path.name)
            self.check(parsed, path.name)
        except ValueError as exc:
            message = str(exc)
            raise ImportFailed(message if message.startswith(path.name) else f"{path.name}: {message}") from exc
        self.warnings = list(parsed.warnings)
        if dry_run:
            return ImportResult("dry_run", parsed, warnings=self.warnings)

        remove_orphaned_media()
        sha256 = hashlib.sha256(data).hexdigest()
        existing = SourceDocument.objects.filter(sha256=sha256).first()
        if existing is not None and existing.runs.filter(status=ImportStatus.SUCCEEDED).exists():
            return ImportResult("unchanged", parsed, document=existing, warnings=self.warnings)

        try:
            # the journal outlives the transaction: removed only after the commit (or the rollback)
            with media_journal() as journal, transaction.atomic():
                self._journal = journal
                before = self.public_fields()
                document = existing or self._create_document(parsed.document, path, data, text, media_type, sha256)
                self._record_own_date(parsed.document, document)
                with writing_statements_of(document):
                    self.apply(parsed, document)
                if not confirmed:
                    self._refuse_large_change(before, self.public_fields(), path.name)
                _build_derived_data()
                # the portal's cached pages are stale once this transaction commits (operations/caching.py)
                public_data_changed()
                run = ImportRun.objects.create(
                    document=document,
                    importer=type(self).__name__,
                    filename=path.name,
                    sha256=sha256,
                    status=ImportStatus.SUCCEEDED,
                    acting_user=person(acting_user),
                    counts=dict(self.counts),
                    warnings=[w.to_dict() for w in self.warnings],
                )
        except ImportFailed:
            raise
        except Exception as exc:
            log.exception("Import von %s fehlgeschlagen", path)
            raise ImportFailed(
                f"{path.name}: Import abgebrochen, nichts wurde gespeichert ({type(exc).__name__}: {exc})."
            ) from exc
        return ImportResult("succeeded", parsed, document=document, run=run, counts=self.counts, warnings=self.warnings)

    def _refuse_large_change(self, before: dict, after: dict, filename: str) -> None:
        changed = [key for key, value in before.items() if key in after and after[key] != value]
        limits = import_limits()
        if not before or len(changed) < max(limits["confirm_min"], limits["confirm_share"] * len(before)):
            return
        changes = [
            {
                "record": record,
                "key": key,
                "field": name,
                "before": before[(record, key, name)],
                "after": after[(record, key, name)],
            }
            for record, key, name in changed
        ]
        raise ImportNeedsConfirmation(
            f"{filename}: Der Import würde {len(changed)} von {len(before)} bestehenden öffentlichen Angaben ändern "
            f"(Schwelle {limits['confirm_share']:.0%}); nichts wurde gespeichert. Bitte die Änderungen prüfen und "
            "den Import mit --confirm bestätigen.",
            changes,
        )

    def _read_bytes(self, path: Path) -> bytes:
        limits = import_limits()
        try:
            size = path.stat().st_size
            if size > max(limits["text_bytes"], limits["pdf"].max_bytes):
                raise ImportFailed(
                    f"{path.name}: Die Datei ist {size / 1048576:.0f} MB groß; erlaubt sind höchstens "
                    f"{limits['pdf'].max_bytes / 1048576:.0f} MB (PDF) bzw. {limits['text_bytes'] / 1048576:.0f} MB (Text)."
                )
            return path.read_bytes()
        except FileNotFoundError as exc:
            raise ImportFailed(f"Datei nicht gefunden: {path}") from exc
        except IsADirectoryError as exc:
            raise ImportFailed(f"{path} ist ein Verzeichnis, keine Datei.") from exc
        except OSError as exc:
            raise ImportFailed(f"{path}: Datei nicht lesbar ({exc.strerror}).") from exc

    def _decode(self, data: bytes, path: Path) -> tuple[str, str]:
        limits = import_limits()
        if is_pdf(data):
            try:
                return pdf_to_text(data, limits["pdf"]), "application/pdf"
            except PdfTextError as exc:
                raise ImportFailed(f"{path.name}: {exc}") from exc
        if len(data) > limits["text_bytes"]:
            # the parsers read a report of 100 KB in a second; 50 MB of text is no report and would take minutes
            raise ImportFailed(
                f"{path.name}: Die Textdatei ist {len(data) / 1048576:.1f} MB groß; erlaubt sind höchstens "
                f"{limits['text_bytes'] / 1048576:.0f} MB."
            )
        try:
            return data.decode("utf-8-sig"), "text/plain"
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            raise ImportFailed(
                f"{path.name}, Zeile {line}: Die Datei ist weder UTF-8-Text noch PDF (ungültiges Byte an Position {exc.start})."
            ) from exc

    def _create_document(
        self, info: DocumentInfo, path: Path, data: bytes, text: str, media_type: str, sha256: str
    ) -> SourceDocument:
        document = SourceDocument(
            kind=self.kind,
            title=info.title or path.stem,
            filename=path.name,
            sha256=sha256,
            media_type=media_type,
            date=info.date,
            as_of=self.as_of(info),
            year=info.year,
            reference=info.reference,
            text=text,
            line_count=len(text.splitlines()),
        )
        document.file.save(path.name, ContentFile(data), save=False)
        journal = getattr(self, "_journal", None)
        if journal is not None:
            journal.write(document.file.name + "\n")
            journal.flush()
        document.save()
        return document

    def _record_own_date(self, info: DocumentInfo, document: SourceDocument) -> None:
        """A date the document states on a line of its own text is its date, with that line as provenance."""
        if info.date is None or info.date_line is None:
            return
        document.date, document.date_source = info.date, document
        document.save(update_fields=["date", "date_source"])
        self.record_provenance(document, "date", document, info.date_line, info.date_line, f"{info.date:%d.%m.%Y}")

    # helpers for apply() -------------------------------------------------
    def warn(self, line: int | None, message: str) -> None:
        self.warnings.append(ParseWarning(line, message))

    def upsert(
        self,
        model: type[models.Model],
        lookup: dict[str, Any],
        values: dict[str, Any],
        *,
        create_only: dict[str, Any] | None = None,
    ) -> tuple[models.Model, str]:
        """Create or update one row; save only what differs so that a re-import leaves no trace in the history.

        `create_only` values are used when the row is new and never overwrite an existing one.
        """
        obj = model.objects.filter(**lookup).first()
        label = model._meta.model_name
        if obj is None:
            obj = model.objects.create(**lookup, **(create_only or {}), **values)
            self.counts[f"{label}.created"] += 1
            return obj, "created"
        changed = [key for key, value in values.items() if not _same(getattr(obj, key), value)]
        if not changed:
            self.counts[f"{label}.unchanged"] += 1
            return obj, "unchanged"
        for key in changed:
            setattr(obj, key, values[key])
        obj.save()
        self.counts[f"{label}.updated"] += 1
        return obj, "updated"

    def record_provenance(
        self, record: models.Model, field_name: str, document: SourceDocument, start: int, end: int, value: Any
    ) -> None:
        Provenance.objects.update_or_create(
            content_type=ContentType.objects.get_for_model(record),
            object_id=record.pk,
            field=field_name,
            document=document,
            defaults={"start_line": start, "end_line": max(start, end), "value": "" if value is None else str(value)},
        )

    def is_newest_source(self, record: models.Model, field_name: str, document: SourceDocument) -> bool:
        """True when no other document with a later date of reference has stated this field."""
        others = Provenance.objects.for_record(record).filter(field=field_name).exclude(document=document)
        for prov in others:
            if document.as_of is None or (prov.document.as_of is not None and prov.document.as_of > document.as_of):
                return False
        return True


# --- media files of imports that never committed ------------------------------------------------------------------
#
# The source file is stored before the import's transaction commits (the document row points at it). Killed in
# between (kill -9, OOM, power), the row is rolled back and the file stays behind, unreferenced. Each run keeps a
# journal of the files it wrote, locked (flock) for as long as the process lives; the kernel drops the lock of a
# killed process, so the next import finds unlocked journals, removes their files that no document references,
# and the journals. Running imports hold their lock and are never touched.

JOURNAL_DIR = ".imports"


@contextmanager
def media_journal() -> Iterator[Any]:
    directory = Path(settings.MEDIA_ROOT) / JOURNAL_DIR
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{os.getpid()}-{uuid.uuid4().hex}.journal"
    with path.open("a+", encoding="utf-8") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield handle
        except BaseException:
            _remove_unreferenced(path)  # a failed import: its transaction is rolled back, so are its files
            raise
        finally:
            path.unlink(missing_ok=True)


def remove_orphaned_media() -> list[str]:
    """Remove the files of imports that died before their commit; returns their names (relative to MEDIA_ROOT)."""
    directory = Path(settings.MEDIA_ROOT) / JOURNAL_DIR
    if not directory.is_dir():
        return []
    removed = []
    for journal in sorted(directory.glob("*.journal")):
        try:
            handle = journal.open("r", encoding="utf-8")
        except FileNotFoundError:
            continue  # finished meanwhile
        with handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                continue  # its import is still running
            removed += _remove_unreferenced(journal)
            journal.unlink(missing_ok=True)
    if removed:
        log.warning("Verwaiste Dateien abgebrochener Importe entfernt: %s", ", ".join(removed))
    return removed


def _remove_unreferenced(journal: Path) -> list[str]:
    from django.core.files.storage import default_storage

    removed = []
    for name in (line.strip() for line in journal.read_text(encoding="utf-8").splitlines()):
        if name and not SourceDocument.objects.filter(file=name).exists() and default_storage.exists(name):
            default_storage.delete(name)
            removed.append(name)
    return removed


def _build_derived_data() -> None:
    """Build now, inside the import's transaction, what registry saves otherwise schedule for the commit
    (the portal's search index). Killed between its commit and an on-commit rebuild, an import would leave
    the registry imported but not searchable, and a rerun skips a document already imported
    (tests/test_fault_crash.py)."""
    if apps.is_installed("portal"):
        from portal import indexing

        indexing.flush()


def _same(current: Any, new: Any) -> bool:
    if isinstance(current, models.Model) or isinstance(new, models.Model):
        return getattr(current, "pk", None) == getattr(new, "pk", None)
    return current == new
