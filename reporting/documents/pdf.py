"""The printed progress report: a PDF set by Typst (typst/progress_report.typ) in a child process
(typst_process.py), large reports in parts (parts.py), with print copies of the project photos (photos.py).
"""

from __future__ import annotations

import datetime
import hashlib
import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.files.storage import default_storage
from django.utils import translation

from .base import ReportGenerator
from .charts import StatusChart
from .content import (
    CHAPTER_EDITORIAL,
    CHAPTER_ERRATA,
    CHAPTER_IMPRINT,
    CHAPTER_OUTLOOK,
    CHAPTER_OVERVIEW,
    CHAPTER_PROJECTS,
    CHART_MARKER,
    HEADING_FUNDING,
    HEADING_INDICATORS,
    HEADING_LINKS,
    HEADING_MILESTONES,
    HEADING_RESPONSIBLE,
    ReportContent,
)

log = logging.getLogger(__name__)


# Fonts of the printed report: Open Sans from Debian (fonts-open-sans, installed by the Makefile), DejaVu
# Sans for any glyph Open Sans lacks. Only these two folders: Typst reads every font it is offered.
FONT_ROOT = Path(os.environ.get("REPORT_FONT_ROOT", "/usr/share/fonts/truetype"))
FONT_DIRS = ("open-sans", "dejavu")
TYPST_TEMPLATE = Path(__file__).resolve().parent / "typst" / "progress_report.typ"


def _font_dirs() -> tuple[list[str], bool]:
    """The font folders for Typst, and whether Typst must fall back on its own fonts."""
    dirs = [str(FONT_ROOT / name) for name in FONT_DIRS if (FONT_ROOT / name).is_dir()]
    missing = not (FONT_ROOT / "open-sans").is_dir()
    if missing:
        log.warning(
            "Open Sans fehlt (%s): der Bericht wird in Typsts eigenen Schriften gesetzt.", FONT_ROOT / "open-sans"
        )
    return dirs, missing


# Photos are printed at most 100 mm wide and 75 mm high, from a copy of at most 800 px on its longer
# side (about 200 dpi at that size): an upload of 10 MB would otherwise be decoded and embedded as it
# is, once per report and part. The copies are kept beside the rendered reports, named by the upload.
PHOTO_MAX_MM = (100, 75)


def _photo_dir() -> tuple[Path, bool]:
    """The folder of the print copies, and whether it is a temporary one (storage without local paths)."""
    try:
        folder = Path(default_storage.path(f"{settings.REPORT_CACHE_DIR}/fotos"))
    except NotImplementedError:
        return Path(tempfile.mkdtemp(prefix="ruhr-monitor-fotos-")), True
    folder.mkdir(parents=True, exist_ok=True)
    return folder, False


def print_copies(names: list[str], folder: Path) -> dict[str, tuple[str, int, int]]:
    """The print copies of uploaded photos in `folder`, made once (reporting/documents/photos.py): by
    upload name, the copy's file name, width and height in pixels.

    An upload that is gone or is no readable image has none, and a warning in the log: the report is
    printed without it rather than not at all.
    """
    from PIL import Image, UnidentifiedImageError

    from . import photos as print_photos

    size = print_photos.MAX_PX
    targets = {name: folder / f"{hashlib.sha256(name.encode()).hexdigest()[:32]}-{size}.jpg" for name in names}
    missing = [name for name, target in targets.items() if not target.exists()]
    problems: dict[str, str] = {}
    try:
        pairs = [(default_storage.path(name), str(targets[name])) for name in missing]
    except NotImplementedError:  # a storage without local files: one after another, through the storage
        for name in missing:
            try:
                with default_storage.open(name, "rb") as fh:
                    print_photos.make(fh, str(targets[name]))
            except (OSError, UnidentifiedImageError, Image.DecompressionBombError) as exc:
                problems[str(targets[name])] = str(exc)
    else:
        problems = print_photos.make_many(pairs)
    copies = {}
    for name, target in targets.items():
        if str(target) in problems or not target.exists():
            log.warning("Foto %s wird nicht gedruckt: %s", name, problems.get(str(target), "keine Druckfassung"))
            continue
        with Image.open(target) as copy:
            copies[name] = (target.name, copy.width, copy.height)
    return copies


def _printed_photos(content: ReportContent, folder: Path) -> dict[str, dict]:
    """Each photo's print copy by upload name: file under Typst's root and printed width. Photos
    without a copy are not in it (and not printed). Typst looks the photos of a project up here, so
    the content's JSON is handed on as it is, not read and written again (40 MB for 1,000 projects)."""
    max_w, max_h = PHOTO_MAX_MM
    copies = print_copies(sorted({p.image for e in content.entries for p in e.photos}), folder)
    return {
        name: {"file": f"/{file}", "width_mm": round(min(max_w, max_h * width / height), 1)}
        for name, (file, width, height) in copies.items()
    }


class ReportRenderError(RuntimeError):
    """The typesetter refused the report; the message is German and names the template line."""


def _project_headings() -> dict[str, str]:
    return {
        "responsible": HEADING_RESPONSIBLE,
        "milestones": HEADING_MILESTONES,
        "funding": HEADING_FUNDING,
        "links": HEADING_LINKS,
        "indicators": HEADING_INDICATORS,
    }


class ProgressReportPdf(ReportGenerator):
    """The printed report: A4, running heads, page numbers, a table of contents with page numbers and
    links, bookmarks, clickable links, tagged PDF/UA-1 with language and title. The draft preview
    carries a watermark on every page.

    Typst sets it from `reporting/documents/typst/progress_report.typ`, which receives the content as JSON:
    texts stay data and are never read as markup. Typst lays out the 2024 report in about half a
    second and a thousand projects in seconds (bench/report_rendering.py), so the PDF is made
    while the reader waits.
    """

    extension = "pdf"
    content_type = "application/pdf"
    # Characters of content JSON (a photo counts 8,000) one Typst run sets (reporting/documents/parts.py).
    # A report up to `single_run_budget` is set in one run: the 2024 report (150,000 characters) and
    # the whole programme of 73 projects (470,000, a run's peak of about 190 MB). A larger one is set
    # in parts of `part_budget`, about 60 projects and a peak of about 140 MB each, beside the
    # joining process: 1,000 projects take 15 parts.
    single_run_budget = 600_000
    part_budget = 400_000

    @property
    def engine_version(self) -> str:  # type: ignore[override]
        import typst

        return f"typst {typst.__version__}"

    def cache_key(self) -> str:
        digest = hashlib.sha256(super().cache_key().encode())
        digest.update(TYPST_TEMPLATE.read_bytes())
        for module in ("typst_process.py", "parts.py"):  # how the parts are set and joined
            digest.update((Path(__file__).resolve().parent / module).read_bytes())
        return digest.hexdigest()

    def labels(self) -> dict[str, str]:
        """The fixed headings, from documents.content, so the text output and the PDF cannot drift apart."""
        return {
            "contents": "Inhalt",
            "editorial": CHAPTER_EDITORIAL,
            "overview": CHAPTER_OVERVIEW,
            "projects": CHAPTER_PROJECTS,
            "outlook": CHAPTER_OUTLOOK,
            "imprint": CHAPTER_IMPRINT,
            "errata": CHAPTER_ERRATA,
            "chart": CHART_MARKER,
            "status": "Projektstatus",
            "responsible": HEADING_RESPONSIBLE.rstrip(":"),
            "places": "Ortsbezug",
            "milestones": HEADING_MILESTONES,
            "funding": HEADING_FUNDING,
            "links": HEADING_LINKS,
            "indicators": HEADING_INDICATORS,
        }

    def timestamp(self) -> datetime.datetime:
        # The PDF's creation date is the publication date (or the cut-off date of a draft), never the
        # render time: the same content gives the same bytes.
        day = datetime.date.fromisoformat(self.content.generated or self.content.cut_off)
        return datetime.datetime(day.year, day.month, day.day, 12, tzinfo=datetime.UTC)

    @translation.override("de")  # official documents are German in every interface language
    def render(self) -> bytes:
        # In a child process (reporting/documents/typst_process.py): Typst's memo cache would otherwise stay in
        # this long-running web or task worker and grow with every report.
        font_dirs, embedded = _font_dirs()
        folder, temporary, photos = None, False, {}
        if any(e.photos for e in self.content.entries):
            # Typst reads files under its root only: the print copies' folder.
            folder, temporary = _photo_dir()
            photos = _printed_photos(self.content, folder)
        try:
            return self._typeset(photos, folder or TYPST_TEMPLATE.parent, font_dirs, embedded)
        finally:
            if temporary:
                shutil.rmtree(folder, ignore_errors=True)

    def _typeset(self, photos: dict[str, dict], root: Path, font_dirs: list[str], embedded: bool) -> bytes:
        job = {
            "template": str(TYPST_TEMPLATE),
            "root": str(root),
            "font_dirs": font_dirs,
            "embedded_fonts": embedded,
            "inputs": {
                "content": self.content.to_json(),
                "labels": json.dumps(self.labels()),
                "photos": json.dumps(photos, ensure_ascii=False),
                "chart": json.dumps(StatusChart.by_status(self.content.counts).for_typst(), ensure_ascii=False),
            },
            "timestamp": self.timestamp().isoformat(),
            "pdf_standards": ["ua-1"],
            "part_budget": self.part_budget,
            "single_run_budget": self.single_run_budget,
        }
        done = subprocess.run(
            [sys.executable, "-m", "reporting.documents.typst_process"],
            input=json.dumps(job).encode(),
            capture_output=True,
            cwd=settings.BASE_DIR,
            timeout=settings.REPORT_RENDER_TIMEOUT,
            check=False,
        )
        if done.returncode != 0 or not done.stdout.startswith(b"%PDF"):
            problem = done.stderr.decode(errors="replace").strip()[-600:] or f"Exit-Status {done.returncode}"
            raise ReportRenderError(
                f"Der Bericht „{self.content.title}“ konnte nicht als PDF gesetzt werden "
                f"({TYPST_TEMPLATE.name}): {problem}"
            )
        return done.stdout
