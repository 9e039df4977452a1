"""Rendered files on disk: the content-hash cache under MEDIA_ROOT (`cached`: a second download of an
unchanged report costs a file read) and complete-or-nothing writes of a file a command names (`write_file`).
"""

from __future__ import annotations

import errno
import logging
import os
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from .base import ReportGenerator

log = logging.getLogger(__name__)


class ReportStorageError(OSError):
    """A rendered report could not be stored; the message is German and names the file."""


def storage_error_message(exc: OSError, path: str | Path) -> str:
    if exc.errno == errno.ENOSPC:
        return f"Kein Speicherplatz mehr auf dem Datenträger: {path} konnte nicht vollständig geschrieben werden."
    return f"{path} konnte nicht geschrieben werden ({exc.strerror or exc})."


def write_file(out: Path, data: bytes) -> None:
    """Write a file completely or not at all: into a temporary file beside it, then renamed into place.

    A device or pipe (/dev/stdout) is written to directly; there is nothing to replace. On failure the
    temporary file is removed and ReportStorageError says why, naming `out`.
    """
    try:
        if out.exists() and not out.is_file():
            with out.open("wb") as fh:
                fh.write(data)
            return
        part = out.with_name(f".{out.name}.{os.getpid()}.part")
        try:
            with part.open("wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(part, out)
        finally:
            part.unlink(missing_ok=True)
    except OSError as exc:
        message = storage_error_message(exc, out)
        log.error("%s", message, exc_info=True)
        raise ReportStorageError(exc.errno, message) from exc


def cached(generator: ReportGenerator, *, must_store: bool = False) -> bytes:
    """Render once per content hash; later requests read the stored file.

    When the file cannot be stored (disk full, read-only), no partial file stays behind to be served
    later as if complete, and the error is logged; a download still gets its bytes, a background job
    (`must_store`, it hands over the stored file) gets ReportStorageError with a German message.
    """
    path = f"{settings.REPORT_CACHE_DIR}/{generator.cache_key()}.{generator.extension}"
    if default_storage.exists(path):
        with default_storage.open(path, "rb") as fh:
            return fh.read()
    data = generator.render()
    try:
        default_storage.save(path, ContentFile(data))
    except OSError as exc:
        _discard_partial(path, len(data))
        try:
            where = default_storage.path(path)
        except NotImplementedError:
            where = path
        message = storage_error_message(exc, where)
        log.error("Bericht konnte nicht zwischengespeichert werden: %s", message, exc_info=True)
        if must_store:
            raise ReportStorageError(exc.errno, message) from exc
    return data


def _discard_partial(path: str, size: int) -> None:
    # FileSystemStorage writes in place: an interrupted save leaves a truncated file under the final name.
    try:
        if default_storage.exists(path) and default_storage.size(path) != size:
            default_storage.delete(path)
    except OSError:
        log.exception("Unvollständige Datei %s konnte nicht entfernt werden", path)


def is_cached(generator: ReportGenerator) -> bool:
    return default_storage.exists(f"{settings.REPORT_CACHE_DIR}/{generator.cache_key()}.{generator.extension}")
