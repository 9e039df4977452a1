"""The report itself: plain text (and its round trip through the real parser), PDF, Word, XLSX, cache, jobs."""

from __future__ import annotations

import io
import json
import os
import subprocess
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import translation
from openpyxl import load_workbook
from pypdf import PdfReader

from accounts.actors import SYSTEM
from importers import ProgressReportImporter
from reporting.documents import jobs
from reporting.documents.charts import status_palette
from reporting.documents.content import ReportText, build_content
from reporting.documents.overview_xlsx import PeriodOverviewXlsx
from reporting.documents.pdf import ProgressReportPdf
from reporting.documents.storage import cached, is_cached
from reporting.documents.text import ProgressReportTextFile
from reporting.documents.word import ProgressReportDocx
from reporting.from_document import create_period_from_document
from reporting.models import RenderJob, RenderState
from sources.parsers.progress_report import parse_progress_report

pytestmark = pytest.mark.django_db

FIXED_HEADINGS = ("Mehrwert", "Vorgehen", "Zielgruppe", "Jüngste Entwicklung", "Aktueller Stand", "Projektvolumen")


@pytest.fixture
def period_2024(report_path):
    document = ProgressReportImporter().run(report_path).document
    period, _created = create_period_from_document(document, acting_user=SYSTEM)
    return period


def _pdf_text(data: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(data))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


def test_the_imported_2024_report_regenerates_with_all_23_projects(period_2024):
    content = build_content(period_2024)
    assert len(content.entries) == 23 and not content.draft
    assert [g.short_name for g in content.groups] == ["Wirtschaft", "Vielfalt", "Energie", "Bildung", "Mobilität"]

    text = ReportText(content).render().decode()
    for heading in (
        "Inhalt",
        "Editorial",
        "Überblick: Stand der Ruhr-Konferenz",
        "Projektberichte",
        "Rückblick und Ausblick",
        "Impressum",
        "Stand der Ressortprojekte",
    ):
        assert f"\n{heading}\n" in text
    assert "Start4Chem-Labs (05-02a)" in text and "Mobil in der Stadt (13-06)" in text

    pdf = ProgressReportPdf(content).render()
    reader, pdf_text = _pdf_text(pdf)
    assert len(reader.pages) > 25  # 23 projects set one after another, not one page each
    flat = " ".join(pdf_text.split())
    for entry in content.entries:
        assert f"({entry.code})" in flat, entry.code
    for heading in (*FIXED_HEADINGS, "Inhalt", "Editorial", "Impressum", "Ausblick 2025"):
        assert heading in flat
    # accessible PDF: tagged, with language and title
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert str(root["/Lang"]).startswith("de")
    assert reader.metadata.title == "Fortschrittsbericht 2024 – Ruhr-Konferenz"
    # table of contents with page numbers that point at the project pages
    toc_page = next(i for i, page in enumerate(reader.pages) if "Inhalt" in page.extract_text()[:200])
    assert "Start4Chem-Labs (05-02a)" in " ".join(reader.pages[toc_page].extract_text().split())


def _body_lines(page) -> list[str]:
    """The lines of a page without its running head and foot (first and last line)."""
    lines = [line for line in page.extract_text().splitlines() if line.strip()]
    return lines[1:-1]


def test_the_printed_2024_report_has_no_layout_defects(period_2024):
    """The defects of the earlier layout stay fixed: near-empty overflow pages, doubled contents or
    action-field headings, Markdown printed raw, dead links, fonts not embedded, months lost, the cover
    title hyphenated."""
    content = build_content(period_2024)
    assert_no_layout_defects(content, ProgressReportPdf(content).render())


def assert_no_layout_defects(content, pdf: bytes) -> None:
    reader, text = _pdf_text(pdf)
    flat = " ".join(text.split())

    # no page (but the cover) carries just a few stray lines
    thin = {i + 1: _body_lines(page) for i, page in enumerate(reader.pages[1:], start=1)}
    assert {n: lines for n, lines in thin.items() if len(lines) <= 3} == {}

    # bookmarks: every chapter, action field and project once, nothing twice
    def titles(items):
        for item in items:
            if isinstance(item, list):
                yield from titles(item)
            else:
                yield item.title

    bookmarks = list(titles(reader.outline))
    assert len(bookmarks) == len(set(bookmarks))
    for expected in ("Editorial", "Projektberichte", "Impressum", *(g.name for g in content.groups)):
        assert expected in bookmarks
    assert sum(1 for b in bookmarks if "(05-02a)" in b) == 1
    assert sum(1 for page in reader.pages if page.extract_text().lstrip().startswith("Inhalt")) == 1
    for group in content.groups:
        assert flat.count(f"Handlungsfeld {group.name}") == 1, group.name

    # Markdown read as links, not printed raw; the links are clickable
    assert "<https://" not in text and "](https://" not in text and "*From Lab" not in text
    assert "From Lab to Market Challenge" in flat
    uris = {
        annotation.get_object()["/A"].get("/URI")
        for page in reader.pages
        for annotation in page.get("/Annots", []) or []
        if annotation.get_object().get("/Subtype") == "/Link" and "/A" in annotation.get_object()
    }
    assert "https://www.studio47.de/nrreporter.html" in uris
    assert "https://twitter.com/RuhrKonferenz" in uris
    # the table of contents links to the pages it names
    assert any(
        annotation.get_object().get("/Dest") or "/D" in (annotation.get_object().get("/A") or {})
        for annotation in reader.pages[1].get("/Annots", []) or []
    )

    # every font embedded
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts") or [font]
            for d in descendants:
                descriptor = d.get_object()["/FontDescriptor"].get_object()
                assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), font["/BaseFont"]

    # PDF/UA-1 identification, language, title shown in the window
    root = reader.trailer["/Root"]
    assert b"pdfuaid:part" in root["/Metadata"].get_object().get_data()
    assert root["/ViewerPreferences"]["/DisplayDocTitle"]
    # the cover sets its subtitle without hyphenating
    assert "Umset-" not in reader.pages[0].extract_text() and "Umset‐" not in reader.pages[0].extract_text()


def test_a_large_report_is_set_in_parts_and_joined_into_one_tagged_pdf(period_2024, monkeypatch, settings, tmp_path):
    """Above its budget a report is set in parts (one Typst process each, so the peak memory stays a
    part's) and joined: the result must read as one report, checked here on the 2024 report cut small."""
    import pikepdf

    from reporting.documents import parts as pdf_parts

    settings.MEDIA_ROOT = tmp_path
    _add_photo("16-01", alt_text="Künstlerinnen im Atelier der Neuen Künste Ruhr", caption="Atelier")
    content = build_content(period_2024)
    monkeypatch.setattr(ProgressReportPdf, "part_budget", 40_000)
    monkeypatch.setattr(ProgressReportPdf, "single_run_budget", 0)
    assert len(pdf_parts.plan(json.loads(content.to_json()), 40_000)) >= 4
    pdf = ProgressReportPdf(content).render()
    assert_no_layout_defects(content, pdf)
    reader, text = _pdf_text(pdf)
    flat = " ".join(text.split())
    for entry in content.entries:
        assert flat.count(f"({entry.code})") >= 2, entry.code  # in the table of contents and on its page

    # Page numbers run on across the parts: each page's foot names its place in the file.
    for number, page in enumerate(reader.pages[1:], start=2):
        assert page.extract_text().split()[-1] == str(number)
    # The running head names the chapter also where a part starts inside one.
    projects_start = next(
        i for i, p in enumerate(reader.pages) if p.extract_text().lstrip().startswith("Projektberichte")
    )
    assert all("Projektberichte" in p.extract_text().splitlines()[0] for p in reader.pages[projects_start + 1 : -3])

    # The table of contents links every project to its page, and says which page in its description.
    toc_links = {}
    for page in reader.pages[1:3]:
        for annotation in page.get("/Annots", []) or []:
            annotation = annotation.get_object()
            if "/Dest" in annotation:
                target = reader.get_page_number(annotation["/Dest"][0].get_object())
                toc_links[str(annotation["/Contents"])] = target
    assert len(toc_links) >= len(content.entries)
    for entry in content.entries:
        description = next(d for d in toc_links if f"({entry.code})" in d)
        target = toc_links[description]
        assert description.endswith(f"Seite {target + 1}")
        assert f"({entry.code})" in " ".join(reader.pages[target].extract_text().split())
    # Bookmarks nest as in a single run: chapters, action fields, projects.
    chapters = [item for item in reader.outline if not isinstance(item, list)]
    assert [c.title for c in chapters][:3] == ["Editorial", "Überblick: Stand der Ruhr-Konferenz", "Projektberichte"]
    fields = reader.outline[reader.outline.index(chapters[2]) + 1]
    assert [f.title for f in fields if not isinstance(f, list)] == [g.name for g in content.groups]
    # A named destination per project, as a single run writes them.
    assert {e.anchor for e in content.entries} <= set(reader.named_destinations)

    # One structure tree: every page's marked content reaches it, every element points at a page of
    # this file, one Document element holds the parts' elements.
    joined = pikepdf.open(io.BytesIO(pdf))
    assert joined.check_pdf_syntax() == []
    tree = joined.Root.StructTreeRoot
    nums = tree.ParentTree.Nums
    keys = {int(nums[i]) for i in range(0, len(nums), 2)}
    assert all(int(page.obj.StructParents) in keys for page in joined.pages)
    assert len(keys) == int(tree.ParentTreeNextKey)
    # A photo in a later part keeps its alternative text in the joined structure tree.
    assert "Künstlerinnen im Atelier der Neuen Künste Ruhr" in [
        str(e.get("/Alt", "")) for e in _structure_elements(joined) if str(e.S) == "/Figure"
    ]
    # The same headings in the same order as the report set in one run.
    monkeypatch.setattr(ProgressReportPdf, "single_run_budget", 10**9)
    assert _structure_headings(joined) == _structure_headings(
        pikepdf.open(io.BytesIO(ProgressReportPdf(content).render()))
    )


def _structure_headings(pdf) -> list[str]:
    """The headings of a tagged PDF's structure tree in reading order, checking on the way that the tree
    is one tree (each element's parent is the element that holds it) and only points at its own pages."""
    import pikepdf

    tree = pdf.Root.StructTreeRoot
    pages = {page.obj.objgen for page in pdf.pages}
    document = tree.K[0] if isinstance(tree.K, pikepdf.Array) else tree.K
    assert document.S == "/Document"
    headings, stack = [], [document]
    while stack:
        element = stack.pop()
        if "/Pg" in element:
            assert element.Pg.objgen in pages
        if str(element.S) in ("/H1", "/H2", "/H3", "/H4"):
            headings.append(str(element.S))
        kids = element.get("/K")
        elements = [
            k for k in (kids if isinstance(kids, pikepdf.Array) else [kids]) if isinstance(k, pikepdf.Dictionary)
        ]
        for kid in reversed([k for k in elements if "/S" in k]):
            assert kid.P.objgen == element.objgen
            stack.append(kid)
    return headings


def _photo_bytes(size=(2400, 1600), fmt="JPEG") -> bytes:
    from PIL import Image

    image = Image.linear_gradient("L").resize(size).convert("RGB")
    out = io.BytesIO()
    image.save(out, fmt)
    return out.getvalue()


def _add_photo(code, *, image=None, published=True, **fields):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from programmes.models import Project, ProjectPhoto

    values = {
        "alt_text": "Studierende im neuen Gründungslabor an der Ruhr-Universität",
        "caption": "Eröffnung der Start4Chem-Labs",
        "credit": "Foto: Katja Marquard/RUB",
        "licence": "alle Rechte vorbehalten",
        **fields,
    }
    return ProjectPhoto.objects.create(
        project=Project.objects.get(code=code),
        image=SimpleUploadedFile("bild.jpg", image or _photo_bytes()),
        published=published,
        **values,
    )


def test_photos_are_printed_downscaled_with_alt_text_caption_and_credit(period_2024, settings, tmp_path):
    import pikepdf

    settings.MEDIA_ROOT = tmp_path
    _add_photo("05-02a")
    _add_photo("11-04", caption="", credit="Stadt Bochum", licence="CC BY 4.0", alt_text="Brachfläche in Bochum")
    _add_photo("11-04", published=False, alt_text="Noch nicht freigegeben")
    content = build_content(period_2024)
    entries = {e.code: e for e in content.entries}
    assert [p.credit for p in entries["11-04"].photos] == ["Foto: Stadt Bochum, CC BY 4.0"]

    pdf = ProgressReportPdf(content).render()
    assert_no_layout_defects(content, pdf)
    reader, text = _pdf_text(pdf)
    flat = " ".join(text.split())
    assert "Eröffnung der Start4Chem-Labs Foto: Katja Marquard/RUB, alle Rechte vorbehalten" in flat
    assert "Foto: Stadt Bochum, CC BY 4.0" in flat and "Foto: Foto:" not in flat

    # Each photo sits above its credit line, downscaled from 2,400 px to the print copy.
    for credit in ("Foto: Katja Marquard/RUB", "Foto: Stadt Bochum"):
        page = next(p for p in reader.pages if credit in p.extract_text())
        (image,) = page.images
        assert image.image.size == (800, 533)
    assert sum(len(page.images) for page in reader.pages) == 2
    # Tagged as figures with their alternative text; the unpublished photo is not printed.
    figures = [
        str(element.get("/Alt", ""))
        for element in _structure_elements(pikepdf.open(io.BytesIO(pdf)))
        if str(element.S) == "/Figure"
    ]
    assert "Studierende im neuen Gründungslabor an der Ruhr-Universität" in figures
    assert "Brachfläche in Bochum" in figures and "Noch nicht freigegeben" not in figures
    assert "Noch nicht freigegeben" not in flat

    # The print copies are kept beside the rendered reports; an upload that is gone (with its copy)
    # leaves the report printable, without that photo.
    copies = list((tmp_path / "reporting" / "cache" / "fotos").glob("*.jpg"))
    assert len(copies) == 2
    (tmp_path / entries["05-02a"].photos[0].image).unlink()
    for copy in copies:
        copy.unlink()
    flat = " ".join(_pdf_text(ProgressReportPdf(content).render())[1].split())
    assert "Katja Marquard" not in flat and "Foto: Stadt Bochum, CC BY 4.0" in flat


def test_print_copies_are_made_in_a_pool_downscaled_upright_and_on_white(tmp_path):
    from PIL import Image

    from reporting.documents import photos as print_photos

    pairs = []
    for i in range(print_photos.POOL_FROM):
        source = tmp_path / f"upload-{i}.png"
        Image.new("RGBA", (1600, 2000), (200, 30, 30, 0 if i == 0 else 255)).save(source)
        pairs.append((str(source), str(tmp_path / f"copy-{i}.jpg")))
    (tmp_path / "broken.jpg").write_bytes(b"no image")
    pairs.append((str(tmp_path / "broken.jpg"), str(tmp_path / "copy-broken.jpg")))
    problems = print_photos.make_many(pairs)
    assert list(problems) == [str(tmp_path / "copy-broken.jpg")]
    assert not (tmp_path / "copy-broken.jpg").exists() and not list(tmp_path.glob(".*part"))
    with Image.open(tmp_path / "copy-0.jpg") as copy:
        assert (copy.format, copy.size) == ("JPEG", (640, 800))
        assert copy.getpixel((10, 10)) >= (250, 250, 250)  # transparent became white, not black
    with Image.open(tmp_path / "copy-1.jpg") as copy:
        red, green, _blue = copy.getpixel((10, 10))
        assert red > 180 and green < 60


def _structure_elements(pdf):
    import pikepdf

    tree = pdf.Root.StructTreeRoot
    stack = list(tree.K) if isinstance(tree.K, pikepdf.Array) else [tree.K]
    while stack:
        element = stack.pop()
        yield element
        kids = element.get("/K")
        stack.extend(
            k
            for k in (kids if isinstance(kids, pikepdf.Array) else [kids])
            if isinstance(k, pikepdf.Dictionary) and "/S" in k
        )


def test_parts_keep_every_project_once_in_order_within_their_budget():
    from reporting.documents import parts as pdf_parts

    def entry(code, size):
        return {"code": code, "anchor": f"projekt-{code}", "title": "x" * size}

    content = {
        "editorial": [],
        "overview_before_chart": [],
        "overview_after_chart": [],
        "counts": [],
        "outlook": [],
        "imprint": [],
        "errata": [],
        "groups": [
            {"name": "A", "anchor": "feld-1", "entries": [entry(f"a{i}", 900) for i in range(7)]},
            {"name": "B", "anchor": "feld-2", "entries": [entry(f"b{i}", 900) for i in range(3)]},
        ],
    }
    parts = pdf_parts.plan(content, 3_000)
    assert [e for p in parts for e in p.entries] == [(0, i) for i in range(7)] + [(1, i) for i in range(3)]
    assert all(len(p.entries) == 3 for p in parts[:-1]) and parts[0].first and parts[-1].last
    assert not any(p.first for p in parts[1:]) and not any(p.last for p in parts[:-1])
    # a part continuing an action field has no banner for it; the next field's has
    second = pdf_parts.part_content(content, parts[2])
    assert [(g["name"], g["banner"], len(g["entries"])) for g in second["groups"]] == [("A", False, 1), ("B", True, 2)]
    # a project moved on to the next part because its last lines would stand alone
    assert pdf_parts.move_last_entry(parts, 0)
    assert parts[0].entries == [(0, 0), (0, 1)] and parts[1].entries[0] == (0, 2)
    assert pdf_parts.plan(content, 10**6)[0].entries == [e for p in parts for e in p.entries]
    # small enough for one run, it stays in one part whatever the parts' size
    assert len(pdf_parts.plan(content, 3_000, single=10**6)) == 1
    assert len(pdf_parts.plan(content, 3_000, single=5_000)) == 4


def test_milestone_months_are_printed():
    from reporting.documents.content import _milestone_years

    years = _milestone_years(
        [
            {"year": 2025, "month": 6, "text": "Baubeginn"},
            {"year": 2025, "month": 11, "day": 3, "text": "Eröffnung", "subproject": "Halle"},
            {"year": 2025, "month": 5, "text": "Start im Mai"},
            {"year": 2026, "text": "Abschluss"},
        ]
    )
    assert [(y.label, y.items) for y in years] == [
        ("2025", ["06/2025: Baubeginn", "03.11.2025: Halle: Eröffnung", "Start im Mai"]),
        ("2026", ["Abschluss"]),
    ]


def test_word_file_has_the_structure_and_fields(period_2024):
    data = ProgressReportDocx(build_content(period_2024)).render()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = archive.read("word/document.xml").decode()
        settings_xml = archive.read("word/settings.xml").decode()
        media = [n for n in archive.namelist() if n.startswith("word/media/")]
    assert "TOC \\o" in xml and "updateFields" in settings_xml  # Word fills in the page numbers
    assert "Start4Chem-Labs (05-02a)" in xml and "Projektvolumen" in xml and "Rückblick und Ausblick" in xml
    assert media  # the chart


def test_draft_preview_is_watermarked(open_period):
    content = build_content(open_period, draft=True)
    pdf = ProgressReportPdf(content).render()
    _reader, text = _pdf_text(pdf)
    assert "ENTWURF" in text
    assert "ENTWURF" in ReportText(content).render().decode()
    docx = ProgressReportDocx(content).render()
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        assert "ENTWURF" in archive.read("word/document.xml").decode()


def test_generated_text_reads_back_through_the_real_parser(period_2024):
    """The text a published period stores is a real progress report: the parser finds every page."""
    result = ReportText(build_content(period_2024)).render_with_lines()
    parsed = parse_progress_report(result.text, filename="fortschrittsbericht-2024-neu.txt")
    assert parsed.document.year == 2024
    assert [p.code for p in parsed.projects] == [e.code for e in build_content(period_2024).entries]
    by_code = {p.code: p for p in parsed.projects}
    assert by_code["05-02a"].funding.volume_eur == Decimal("3304000")
    assert by_code["13-03"].ministry.startswith("Ministerium für Umwelt")
    for code, lines in result.pages.items():
        assert result.text.splitlines()[lines.start - 1].endswith(f"({code})")


def test_cache_by_content_hash(open_period, people):
    from reporting import services

    generator = ProgressReportDocx(build_content(open_period, draft=True))
    assert not is_cached(generator)
    first = cached(generator)
    assert is_cached(generator) and cached(generator) == first
    report = open_period.reports.get(project__code="13-03")
    services.save_report(report, acting_user=people.editor, data={"outlook": "Geändert."}, expected_version=1)
    changed = ProgressReportDocx(build_content(open_period, draft=True))
    assert changed.cache_key() != generator.cache_key() and not is_cached(changed)


def test_background_job_reports_progress_and_stores_the_file(open_period):
    job = jobs.request_render(open_period, fmt="pdf", draft=True)
    assert job.state == RenderState.DONE and job.progress == 100
    assert jobs.request_render(open_period, fmt="pdf", draft=True).pk == job.pk  # same content: same job
    assert RenderJob.objects.count() == 1
    generator = ProgressReportPdf(build_content(open_period, draft=True))
    assert is_cached(generator) and generator.cache_key() == job.content_hash


def test_xlsx_overview_has_one_row_per_project(open_period, people):
    from reporting import services

    report = open_period.reports.get(project__code="13-03")
    services.submit_report(report, acting_user=people.editor)
    book = load_workbook(io.BytesIO(PeriodOverviewXlsx(open_period).render()))
    sheet = book["Projektberichte"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Projekt-Nr." and len(rows) == 1 + 4
    mz = next(r for r in rows if r[0] == "13-03")
    header = rows[0]
    assert mz[header.index("Bearbeitungsstand")] == "eingereicht"
    assert mz[header.index("eingereicht von")] == "Max Verkehr"
    assert mz[header.index("Volumen (Euro)")] == 1900000


def test_a_typesetting_error_names_the_template_in_german(open_period, tmp_path, monkeypatch):
    from reporting.documents import pdf

    broken = tmp_path / "progress_report.typ"
    broken.write_text("#let c = json(bytes(sys.inputs.content))\n#c.nicht_da\n", encoding="utf-8")
    monkeypatch.setattr(pdf, "TYPST_TEMPLATE", broken)
    with pytest.raises(pdf.ReportRenderError) as raised:
        ProgressReportPdf(build_content(open_period, draft=True)).render()
    message = str(raised.value)
    assert "konnte nicht als PDF gesetzt werden" in message and "progress_report.typ" in message
    assert "nicht_da" in message


def test_the_report_stays_german_when_the_office_works_in_english(period_2024):
    german = ProgressReportTextFile(build_content(period_2024)).render()
    with translation.override("en"):
        content = build_content(period_2024)
        assert ProgressReportTextFile(content).render() == german
        with zipfile.ZipFile(io.BytesIO(ProgressReportDocx(content).render())) as archive:
            xml = archive.read("word/document.xml").decode()
    assert "Projektvolumen" in xml and "project volume" not in xml.lower()


# -- the 2024 report as rendered: text, PDF text and Word paragraphs, compared with stored snapshots ---------------

SNAPSHOTS = Path(__file__).resolve().parent / "snapshots"


def _docx_paragraphs(data: bytes) -> str:
    from docx import Document

    doc = Document(io.BytesIO(data))
    lines = [f"[{p.style.name}] {p.text}" for p in doc.paragraphs]
    for table in doc.tables:
        lines += [" | ".join(cell.text for cell in row.cells) for row in table.rows]
    return "\n".join(lines) + "\n"


def _pdftotext(data: bytes, tmp_path) -> str:
    pdf = tmp_path / "bericht.pdf"
    pdf.write_bytes(data)
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True, text=True).stdout


@pytest.mark.slow
def test_the_2024_report_renders_as_before(period_2024, tmp_path):
    """The generators were cut into reporting/documents/ (issue 19): the documents they make must read as they did.
    A deliberate change regenerates the snapshots (UPDATE_SNAPSHOTS=1) and the diff is reviewed with it."""
    content = build_content(period_2024)
    pdf = ProgressReportPdf(content).render()
    rendered = {
        "fortschrittsbericht-2024.pdf.txt": _pdftotext(pdf, tmp_path),
        "fortschrittsbericht-2024.docx.txt": _docx_paragraphs(ProgressReportDocx(content).render()),
        "fortschrittsbericht-2024.txt": ProgressReportTextFile(content).render().decode(),
    }
    if os.environ.get("UPDATE_SNAPSHOTS"):
        SNAPSHOTS.mkdir(exist_ok=True)
        for name, text in rendered.items():
            (SNAPSHOTS / name).write_text(text, encoding="utf-8")
    for name, text in rendered.items():
        assert text == (SNAPSHOTS / name).read_text(encoding="utf-8"), name
    # Only the colours changed: the chart's bars and the status badges are in the portal's palette.
    used = _fill_colours(pdf)
    for row in content.counts:
        assert _rgb(status_palette()[row["key"]]) in used, row["key"]


def _rgb(colour: str) -> tuple[float, float, float]:
    return tuple(round(int(colour[i : i + 2], 16) / 255, 3) for i in (1, 3, 5))


def _fill_colours(data: bytes) -> set[tuple[float, float, float]]:
    import pikepdf

    found = set()
    with pikepdf.open(io.BytesIO(data)) as doc:
        for page in doc.pages:
            for operands, operator in pikepdf.parse_content_stream(page):
                if str(operator) in ("scn", "rg") and len(operands) == 3:
                    found.add(tuple(round(float(v), 3) for v in operands))
    return found
