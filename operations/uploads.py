"""Checks for files people upload: the type is read from the content, never from the name, and the size is bounded.

Used by the round-trip upload (`opendata.forms.UploadForm`) and the admin form of `SourceDocument`. Uploaded and
imported files are only ever handed out by views that answer with `Content-Disposition: attachment`, a fixed
safe content type, `X-Content-Type-Options: nosniff` and a sandboxing policy (`attachment_headers`); MEDIA_ROOT
itself is never served (docs/operations.md).
"""

from __future__ import annotations

import io
import zipfile

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

PDF, XLSX, TEXT = "pdf", "xlsx", "text"
MEDIA_TYPES = {PDF: "application/pdf", XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
TEXT_MEDIA_TYPE = "text/plain; charset=utf-8"
# An XLSX is a zip: refuse archives that unpack to more than this (zip bombs) or hold too many members.
MAX_XLSX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_XLSX_MEMBERS = 10_000
# Text that a browser would take for markup if it were ever rendered inline.
MARKUP_STARTS = (b"<!doctype", b"<html", b"<head", b"<body", b"<script", b"<svg", b"<?xml", b"<iframe")
DOWNLOAD_POLICY = "default-src 'none'; sandbox; frame-ancestors 'none'"


def sniff(data: bytes) -> str | None:
    """The kind of a file from its bytes: PDF, XLSX (an OOXML workbook), plain text (UTF-8), or None."""
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
                infos = archive.infolist()
        except (zipfile.BadZipFile, ValueError, OSError):
            return None
        if len(infos) > MAX_XLSX_MEMBERS or sum(i.file_size for i in infos) > MAX_XLSX_UNPACKED_BYTES:
            return None
        if "[Content_Types].xml" in names and any(n.startswith("xl/") for n in names):
            return XLSX
        return None
    if b"\x00" in data:
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    if text.lstrip()[:20].lower().encode().startswith(MARKUP_STARTS):
        return None
    return TEXT


VIDEO_TYPES = {"mp4": "video/mp4", "webm": "video/webm"}
CAPTIONS_MEDIA_TYPE = "text/vtt; charset=utf-8"


def sniff_video(data: bytes) -> str | None:
    """MP4 (an ISO media file: "ftyp" box first) or WebM (an EBML header) from the first bytes, else None."""
    if len(data) >= 12 and data[4:8] == b"ftyp":
        return "mp4"
    if data.startswith(b"\x1a\x45\xdf\xa3"):
        return "webm"
    return None


IMAGE_TYPES = {"jpg": "image/jpeg", "png": "image/png", "webp": "image/webp"}


def sniff_image(data: bytes) -> str | None:
    """JPEG, PNG or WebP from the first bytes (never SVG: it can carry script), else None."""
    if data.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if len(data) >= 12 and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    return None


def is_webvtt(data: bytes) -> bool:
    """A WebVTT caption file: UTF-8 text whose first line is "WEBVTT" (RFC: optional BOM, then the signature)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    first = text.split("\n", 1)[0].rstrip("\r")
    return first == "WEBVTT" or first.startswith(("WEBVTT ", "WEBVTT\t"))


def check_upload(upload, *, allowed: set[str], max_bytes: int) -> str:
    """Validate an uploaded file (Django `UploadedFile`); return its kind or raise `ValidationError` in German."""
    if upload.size is not None and upload.size > max_bytes:
        raise ValidationError(
            _("Die Datei ist größer als %(limit)s MB.") % {"limit": max_bytes // (1024 * 1024)}, code="too_large"
        )
    upload.seek(0)
    data = upload.read(max_bytes + 1)
    upload.seek(0)
    if len(data) > max_bytes:
        raise ValidationError(
            _("Die Datei ist größer als %(limit)s MB.") % {"limit": max_bytes // (1024 * 1024)}, code="too_large"
        )
    kind = sniff(data)
    if kind not in allowed:
        names = ", ".join(sorted({PDF: "PDF", XLSX: "XLSX", TEXT: _("Text (UTF-8, z. B. CSV)")}[k] for k in allowed))
        raise ValidationError(
            _("Der Inhalt der Datei passt nicht zu den erlaubten Typen (%(types)s).") % {"types": names},
            code="wrong_type",
        )
    return kind


def safe_media_type(media_type: str) -> str:
    """The content type to send for a stored file: only types a browser will not render as a page."""
    base = (media_type or "").split(";")[0].strip().lower()
    if base == "text/plain":
        return TEXT_MEDIA_TYPE
    if base in MEDIA_TYPES.values():
        return base
    return "application/octet-stream"


def attachment_headers(response):
    """Mark a file response as a download that a browser must neither sniff nor run."""
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = DOWNLOAD_POLICY
    if not response.get("Content-Disposition", "").startswith("attachment"):
        response["Content-Disposition"] = "attachment"
    return response
