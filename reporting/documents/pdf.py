"""The progress report as PDF (Typst) and Word (python-docx), and the period overview as XLSX.

One small generator class per document: it takes the content (reporting.documents.content), names its
template, and renders to bytes. The engines stay behind these classes. `cached()` keeps rendered
files under MEDIA_ROOT by the hash of everything that goes into them (content, templates, engine
version), so a second download of an unchanged report costs a file read, and any change – an
edit, an erratum, a new stylesheet – renders afresh.
"""

from __future__ import annotations

import datetime
import errno
import hashlib
import io
import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.template.loader import get_template
from django.utils import timezone, translation

from programmes import funding

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
    Block,
    ReportContent,
    ReportText,
)

log = logging.getLogger(__name__)


STATUS_COLOURS = {
    "completed": "#1f6f43",
    "continued": "#2f7fa8",
    "in_progress": "#d28a00",
    "not_pursued": "#8a8f98",
    "under_review": "#7a4fa0",
}


class ReportGenerator:
    """Base: a generator knows its format, its templates and how to turn content into bytes."""

    extension = ""
    content_type = ""
    templates: tuple[str, ...] = ()
    engine_version = ""

    def __init__(self, content: ReportContent):
        self.content = content

    def render(self) -> bytes:
        raise NotImplementedError

    def cache_key(self) -> str:
        digest = hashlib.sha256()
        digest.update(type(self).__name__.encode())
        digest.update(self.engine_version.encode())
        digest.update(self.content.to_json().encode())
        for name in self.templates:
            digest.update(Path(get_template(name).origin.name).read_bytes())
        digest.update(Path(__file__).read_bytes())  # the generator code itself
        return digest.hexdigest()

    def filename(self) -> str:
        suffix = "-entwurf" if self.content.draft else ""
        return f"{self.content.slug}{suffix}.{self.extension}"


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
        """The fixed headings, from report_content, so the text output and the PDF cannot drift apart."""
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


class ProgressReportDocx(ReportGenerator):
    """The report as an editable Word file, for the office's own finishing and for screen readers."""

    extension = "docx"
    content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

    @property
    def engine_version(self) -> str:  # type: ignore[override]
        import docx

        return getattr(docx, "__version__", "1")

    @translation.override("de")  # official documents are German in every interface language
    def render(self) -> bytes:
        from docx import Document
        from docx.enum.section import WD_SECTION
        from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
        from docx.shared import Cm, Pt, RGBColor

        c = self.content
        doc = Document()
        normal = doc.styles["Normal"]
        normal.font.name = "Arial"
        normal.font.size = Pt(10.5)
        for level, size in ((1, 20), (2, 15), (3, 13), (4, 11)):
            style = doc.styles[f"Heading {level}"]
            style.font.name = "Arial"
            style.font.size = Pt(size)
            style.font.color.rgb = RGBColor(0x00, 0x4B, 0x76)
        props = doc.core_properties
        props.title = c.title
        props.subject = c.subtitle or "Fortschrittsbericht der Ruhr-Konferenz"
        props.language = "de-DE"
        props.author = "Landesregierung Nordrhein-Westfalen – Ruhr-Monitor"
        section = doc.sections[0]
        section.left_margin = section.right_margin = Cm(2.3)
        section.top_margin, section.bottom_margin = Cm(2.5), Cm(2.2)
        section.different_first_page_header_footer = True

        header = section.header.paragraphs[0]
        header.text = f"Ruhr-Konferenz · {c.title}" + (" · ENTWURF" if c.draft else "")
        header.runs[0].font.size = Pt(8.5)
        footer = section.footer.paragraphs[0]
        footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _add_field(footer, "PAGE")

        # cover
        if c.draft:
            warn = doc.add_paragraph()
            run = warn.add_run("ENTWURF – nicht zur Veröffentlichung")
            run.bold, run.font.color.rgb = True, RGBColor(0xB0, 0x00, 0x20)
        if c.subtitle:
            doc.add_paragraph(c.subtitle).runs[0].font.size = Pt(14)
        title = doc.add_heading(c.title, level=0)
        title.alignment = WD_ALIGN_PARAGRAPH.LEFT
        doc.add_paragraph(f"Ruhr-Konferenz · Stand {_german_date(c.cut_off)}")
        doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

        doc.add_heading("Inhalt", level=1)
        toc = doc.add_paragraph()
        _add_field(toc, 'TOC \\o "1-3" \\h \\z \\u', placeholder="Verzeichnis wird beim Öffnen aktualisiert (F9).")
        _update_fields_on_open(doc)
        doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

        if c.editorial or c.editorial_heading:
            doc.add_heading(CHAPTER_EDITORIAL, level=1)
            if c.editorial_heading:
                doc.add_heading(c.editorial_heading, level=2)
            _add_blocks(doc, c.editorial)

        doc.add_heading(CHAPTER_OVERVIEW, level=1)
        if c.overview_heading:
            doc.add_heading(c.overview_heading, level=2)
        _add_blocks(doc, c.overview_before_chart)
        doc.add_heading(CHART_MARKER, level=3)
        picture = chart_png(c)
        if picture:
            doc.add_picture(io.BytesIO(picture), width=Cm(14))
            doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
        table = doc.add_table(rows=1, cols=2)
        table.style = "Light List Accent 1"
        table.rows[0].cells[0].text, table.rows[0].cells[1].text = "Status", "Projekte"
        for row in c.counts:
            cells = table.add_row().cells
            cells[0].text, cells[1].text = row["label"], str(row["count"])
            cells[1].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
        cells = table.add_row().cells
        cells[0].text, cells[1].text = "insgesamt", str(c.total)
        cells[1].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
        if c.changes_headline:
            doc.add_paragraph(f"Veränderung seit dem letzten Bericht: {c.changes_headline}")
        _add_blocks(doc, c.overview_after_chart)

        doc.add_section(WD_SECTION.NEW_PAGE)
        doc.add_heading(CHAPTER_PROJECTS, level=1)
        for group in c.groups:
            doc.add_heading(group.name, level=2)
            for entry in group.entries:
                heading = doc.add_heading(f"{entry.title} ({entry.code})", level=3)
                heading.paragraph_format.page_break_before = True
                meta = doc.add_paragraph()
                if entry.status_label:
                    meta.add_run("Projektstatus: ").bold = True
                    meta.add_run(entry.status_label)
                if entry.responsible:
                    meta.add_run("\nVerantwortlich: ").bold = True
                    meta.add_run(entry.responsible)
                if entry.places:
                    meta.add_run("\nOrtsbezug: ").bold = True
                    meta.add_run(", ".join(entry.places))
                if entry.summary:
                    lead = doc.add_paragraph(entry.summary)
                    lead.runs[0].italic = True
                if entry.milestones:
                    doc.add_heading(HEADING_MILESTONES, level=4)
                    for year in entry.milestones:
                        p = doc.add_paragraph()
                        p.add_run(year.label).bold = True
                        for item in year.items:
                            doc.add_paragraph(item, style="List Bullet")
                for s in entry.sections:
                    doc.add_heading(s.heading, level=4)
                    _add_blocks(doc, s.blocks)
                if entry.indicators:
                    doc.add_heading(HEADING_INDICATORS, level=4)
                    for line in entry.indicators:
                        doc.add_paragraph(line, style="List Bullet")
                if entry.funding_text:
                    doc.add_heading(HEADING_FUNDING, level=4)
                    doc.add_paragraph(entry.funding_text)
                if entry.links:
                    doc.add_heading(HEADING_LINKS, level=4)
                    for link in entry.links:
                        doc.add_paragraph(link)

        if c.outlook or c.outlook_heading:
            doc.add_heading(CHAPTER_OUTLOOK, level=1).paragraph_format.page_break_before = True
            if c.outlook_heading:
                doc.add_heading(c.outlook_heading, level=2)
            _add_blocks(doc, c.outlook)
        if c.errata:
            doc.add_heading(CHAPTER_ERRATA, level=1)
            for e in c.errata:
                doc.add_paragraph(f"{e.date}{' – ' + e.project if e.project else ''}: {e.text}")
        if c.imprint:
            doc.add_heading(CHAPTER_IMPRINT, level=1).paragraph_format.page_break_before = True
            for line in c.imprint:
                doc.add_paragraph(line)
        out = io.BytesIO()
        doc.save(out)
        return out.getvalue()


def _german_date(iso: str) -> str:
    y, m, d = iso.split("-")
    return f"{d}.{m}.{y}"


def _add_blocks(doc, blocks: list[Block]) -> None:
    for block in blocks:
        if block.kind == "ul":
            for item in block.items:
                doc.add_paragraph(item, style="List Bullet")
        else:
            doc.add_paragraph(block.text)


def _add_field(paragraph, instruction: str, placeholder: str = "1") -> None:
    """A Word field (page number, table of contents) that Word computes when it lays out the pages."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def element(tag, **attrs):
        el = OxmlElement(tag)
        for key, value in attrs.items():
            el.set(qn(key), value)
        return el

    run = paragraph.add_run()
    run._r.append(element("w:fldChar", **{"w:fldCharType": "begin"}))
    instr = element("w:instrText", **{"xml:space": "preserve"})
    instr.text = f" {instruction} "
    run._r.append(instr)
    run._r.append(element("w:fldChar", **{"w:fldCharType": "separate"}))
    text = element("w:t")
    text.text = placeholder
    run._r.append(text)
    run._r.append(element("w:fldChar", **{"w:fldCharType": "end"}))


def _update_fields_on_open(doc) -> None:
    # python-docx cannot paginate; Word fills the table of contents with page numbers when it opens the file.
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    doc.settings.element.append(update)


def chart_png(content: ReportContent) -> bytes:
    """The status chart as PNG for Word (python-docx takes raster pictures only)."""
    try:
        from PIL import Image, ImageDraw, ImageFont
    except ImportError:  # pragma: no cover - Pillow comes with python-docx's neighbours; the table carries the data
        return b""
    rows = content.counts
    scale = 2
    width, bar_h, gap, label_w = 920, 44, 20, 300
    height = 20 + len(rows) * (bar_h + gap)
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    try:
        font = ImageFont.truetype("DejaVuSans.ttf", 13 * scale)
        bold = ImageFont.truetype("DejaVuSans-Bold.ttf", 14 * scale)
    except OSError:
        font = bold = ImageFont.load_default()
    biggest = max((r["count"] for r in rows), default=1) or 1
    for i, row in enumerate(rows):
        y = 10 + i * (bar_h + gap)
        w = max(4, round((width - label_w - 90) * row["count"] / biggest))
        draw.text((label_w - 16, y + bar_h / 2), row["label"], fill="#1b1b1b", font=font, anchor="rm")
        draw.rectangle([label_w, y, label_w + w, y + bar_h], fill=STATUS_COLOURS.get(row["key"], "#555"))
        draw.text((label_w + w + 12, y + bar_h / 2), str(row["count"]), fill="#1b1b1b", font=bold, anchor="lm")
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


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


class ProgressReportTextFile(ReportGenerator):
    """The plain text, exactly as stored as the SourceDocument of a published period."""

    extension = "txt"
    content_type = "text/plain; charset=utf-8"

    @translation.override("de")  # official documents are German in every interface language
    def render(self) -> bytes:
        return ReportText(self.content).render()


GENERATORS = {g.extension: g for g in (ProgressReportPdf, ProgressReportDocx, ProgressReportTextFile)}


# --- the office's overview of a period ---------------------------------------------------------------

_FUNDING_FORMAT = {
    funding.AMOUNT: "eur",
    funding.PERCENT: "percent",
    funding.DATE: "date",
    funding.TEXT: "text",
}


class PeriodOverviewXlsx:
    """One row per project: state, status, funding figures, who submitted and approved when."""

    extension = "xlsx"
    content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

    # (header, width, kind): kind "eur", "percent", "date", "datetime" sets the number format. The funding
    # columns come from the one definition of a funding statement (programmes.funding), in its order.
    COLUMNS = (
        ("Projekt-Nr.", 12, ""),
        ("Projekt", 48, "wrap"),
        ("Handlungsfeld", 30, ""),
        ("Ressort", 14, ""),
        ("Bearbeitungsstand", 18, ""),
        ("Projektstatus", 18, ""),
        ("Status vorher", 18, ""),
        *(
            (f.draft_label or f.label, 60 if f.kind == funding.TEXT else 16, _FUNDING_FORMAT.get(f.kind, ""))
            for f in funding.FUNDING_FIELDS
        ),
        ("eingereicht von", 20, ""),
        ("eingereicht am", 18, "datetime"),
        ("freigegeben von", 20, ""),
        ("freigegeben am", 18, "datetime"),
        ("zuletzt geändert", 18, "datetime"),
        ("Version", 9, ""),
    )

    def __init__(self, period):
        self.period = period

    def filename(self) -> str:
        return f"{self.period.slug}-uebersicht.xlsx"

    @translation.override("de")  # official documents are German in every interface language
    def render(self) -> bytes:
        from openpyxl import Workbook
        from openpyxl.styles import Alignment, Font
        from openpyxl.utils import get_column_letter

        from operations.cells import append_row
        from programmes.models import ProjectStatus

        labels = dict(ProjectStatus.choices)
        wb = Workbook()
        ws = wb.active
        ws.title = "Projektberichte"[:31]
        append_row(ws, [str(name) for name, _w, _k in self.COLUMNS])
        for cell in ws[1]:
            cell.font = Font(bold=True)
        reports = self.period.reports.select_related(
            "project", "project__ministry", "action_field", "submitted_by", "approved_by"
        ).order_by("position", "project__code")
        for r in reports:
            append_row(
                ws,
                [
                    r.project.code,
                    r.title,
                    r.action_field.name if r.action_field else "",
                    r.project.ministry.abbreviation if r.project.ministry else "",
                    str(r.get_state_display()),
                    str(labels.get(r.status, "")),
                    str(labels.get(r.previous_status, "")),
                    *(_cell(f, getattr(r, f.draft)) for f in funding.FUNDING_FIELDS),
                    _who(r.submitted_by),
                    _naive(r.submitted_at),
                    _who(r.approved_by),
                    _naive(r.approved_at),
                    _naive(r.updated_at),
                    r.version,
                ],
            )
        formats = {"eur": "#,##0.00 €", "percent": "0.##", "date": "DD.MM.YYYY", "datetime": "DD.MM.YYYY HH:MM"}
        for i, (_name, width, _kind) in enumerate(self.COLUMNS, start=1):
            ws.column_dimensions[get_column_letter(i)].width = width
        for row in ws.iter_rows(min_row=2):
            for cell, (_name, _width, kind) in zip(row, self.COLUMNS, strict=False):
                cell.alignment = Alignment(vertical="top", wrap_text=kind in ("wrap", "text"))
                if kind in formats:
                    cell.number_format = formats[kind]
        ws.freeze_panes = "C2"
        ws.auto_filter.ref = ws.dimensions
        info = wb.create_sheet("Periode")
        for label, value in (
            ("Titel", self.period.title),
            ("Stichtag", self.period.cut_off),
            ("Abgabefrist", self.period.due),
            ("Zustand", str(self.period.get_state_display())),
            ("erstellt", _naive(timezone.now())),
        ):
            info.append([label, value])
        out = io.BytesIO()
        wb.save(out)
        return out.getvalue()


def _cell(f: funding.FundingField, value):
    if f.kind in (funding.AMOUNT, funding.PERCENT):
        return _num(value)
    if f.kind == funding.FLAG:
        return "ja" if value else "nein"
    if f.kind == funding.QUALIFIER:
        return funding.QUALIFIER_WORDS.get(value, value)
    return value


def _num(value: Decimal | None):
    return float(value) if value is not None else None


def _who(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.username


def _naive(value):
    # Excel has no time zones: local time, as the office reads it.
    return timezone.localtime(value).replace(tzinfo=None) if value else None


__all__ = [
    "GENERATORS",
    "PeriodOverviewXlsx",
    "ProgressReportDocx",
    "ProgressReportPdf",
    "ProgressReportTextFile",
    "cached",
]
