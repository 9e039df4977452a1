"""The progress report as an editable Word file (python-docx)."""

from __future__ import annotations

import io

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
    Block,
    Entry,
)


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

        self.doc = Document()
        self._styles()
        self._properties()
        self._page_frame()
        self._cover()
        self._contents()
        self._editorial()
        self._overview()
        self._projects()
        self._closing_chapters()
        out = io.BytesIO()
        self.doc.save(out)
        return out.getvalue()

    def _styles(self) -> None:
        from docx.shared import Pt, RGBColor

        normal = self.doc.styles["Normal"]
        normal.font.name = "Arial"
        normal.font.size = Pt(10.5)
        for level, size in ((1, 20), (2, 15), (3, 13), (4, 11)):
            style = self.doc.styles[f"Heading {level}"]
            style.font.name = "Arial"
            style.font.size = Pt(size)
            style.font.color.rgb = RGBColor(0x00, 0x4B, 0x76)

    def _properties(self) -> None:
        c, props = self.content, self.doc.core_properties
        props.title = c.title
        props.subject = c.subtitle or "Fortschrittsbericht der Ruhr-Konferenz"
        props.language = "de-DE"
        props.author = "Landesregierung Nordrhein-Westfalen – Ruhr-Monitor"

    def _page_frame(self) -> None:
        """Margins, running head (with ENTWURF on a draft) and page number."""
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Cm, Pt

        c = self.content
        section = self.doc.sections[0]
        section.left_margin = section.right_margin = Cm(2.3)
        section.top_margin, section.bottom_margin = Cm(2.5), Cm(2.2)
        section.different_first_page_header_footer = True
        header = section.header.paragraphs[0]
        header.text = f"Ruhr-Konferenz · {c.title}" + (" · ENTWURF" if c.draft else "")
        header.runs[0].font.size = Pt(8.5)
        footer = section.footer.paragraphs[0]
        footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _add_field(footer, "PAGE")

    def _cover(self) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Pt, RGBColor

        c, doc = self.content, self.doc
        if c.draft:
            warn = doc.add_paragraph()
            run = warn.add_run("ENTWURF – nicht zur Veröffentlichung")
            run.bold, run.font.color.rgb = True, RGBColor(0xB0, 0x00, 0x20)
        if c.subtitle:
            doc.add_paragraph(c.subtitle).runs[0].font.size = Pt(14)
        title = doc.add_heading(c.title, level=0)
        title.alignment = WD_ALIGN_PARAGRAPH.LEFT
        doc.add_paragraph(f"Ruhr-Konferenz · Stand {_german_date(c.cut_off)}")
        self._page_break()

    def _contents(self) -> None:
        self.doc.add_heading("Inhalt", level=1)
        toc = self.doc.add_paragraph()
        _add_field(toc, 'TOC \\o "1-3" \\h \\z \\u', placeholder="Verzeichnis wird beim Öffnen aktualisiert (F9).")
        _update_fields_on_open(self.doc)
        self._page_break()

    def _page_break(self) -> None:
        from docx.enum.text import WD_BREAK

        self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def _editorial(self) -> None:
        c = self.content
        if not (c.editorial or c.editorial_heading):
            return
        self.doc.add_heading(CHAPTER_EDITORIAL, level=1)
        if c.editorial_heading:
            self.doc.add_heading(c.editorial_heading, level=2)
        _add_blocks(self.doc, c.editorial)

    def _overview(self) -> None:
        c, doc = self.content, self.doc
        doc.add_heading(CHAPTER_OVERVIEW, level=1)
        if c.overview_heading:
            doc.add_heading(c.overview_heading, level=2)
        _add_blocks(doc, c.overview_before_chart)
        doc.add_heading(CHART_MARKER, level=3)
        self._status_chart()
        if c.changes_headline:
            doc.add_paragraph(f"Veränderung seit dem letzten Bericht: {c.changes_headline}")
        _add_blocks(doc, c.overview_after_chart)

    def _status_chart(self) -> None:
        """The chart as a picture, and its numbers as a table (the picture has no text a reader can use)."""
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Cm

        c, doc = self.content, self.doc
        picture = StatusChart.by_status(c.counts).png()
        if picture:
            doc.add_picture(io.BytesIO(picture), width=Cm(14))
            doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
        table = doc.add_table(rows=1, cols=2)
        table.style = "Light List Accent 1"
        table.rows[0].cells[0].text, table.rows[0].cells[1].text = "Status", "Projekte"
        for label, count in [*((row["label"], row["count"]) for row in c.counts), ("insgesamt", c.total)]:
            cells = table.add_row().cells
            cells[0].text, cells[1].text = label, str(count)
            cells[1].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT

    def _projects(self) -> None:
        from docx.enum.section import WD_SECTION

        self.doc.add_section(WD_SECTION.NEW_PAGE)
        self.doc.add_heading(CHAPTER_PROJECTS, level=1)
        for group in self.content.groups:
            self.doc.add_heading(group.name, level=2)
            for entry in group.entries:
                self._project(entry)

    def _project(self, entry: Entry) -> None:
        doc = self.doc
        heading = doc.add_heading(f"{entry.title} ({entry.code})", level=3)
        heading.paragraph_format.page_break_before = True
        self._project_facts(entry)
        if entry.summary:
            lead = doc.add_paragraph(entry.summary)
            lead.runs[0].italic = True
        if entry.milestones:
            doc.add_heading(HEADING_MILESTONES, level=4)
            for year in entry.milestones:
                doc.add_paragraph().add_run(year.label).bold = True
                self._bullets(year.items)
        for s in entry.sections:
            doc.add_heading(s.heading, level=4)
            _add_blocks(doc, s.blocks)
        if entry.indicators:
            doc.add_heading(HEADING_INDICATORS, level=4)
            self._bullets(entry.indicators)
        if entry.funding_text:
            doc.add_heading(HEADING_FUNDING, level=4)
            doc.add_paragraph(entry.funding_text)
        if entry.links:
            doc.add_heading(HEADING_LINKS, level=4)
            for link in entry.links:
                doc.add_paragraph(link)

    def _project_facts(self, entry: Entry) -> None:
        """Status, responsible ministry and places in one paragraph, each with its bold label."""
        meta = self.doc.add_paragraph()
        for label, value in (
            ("Projektstatus: ", entry.status_label),
            ("\nVerantwortlich: ", entry.responsible),
            ("\nOrtsbezug: ", ", ".join(entry.places)),
        ):
            if value:
                meta.add_run(label).bold = True
                meta.add_run(value)

    def _bullets(self, items: list[str]) -> None:
        for item in items:
            self.doc.add_paragraph(item, style="List Bullet")

    def _closing_chapters(self) -> None:
        c, doc = self.content, self.doc
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
