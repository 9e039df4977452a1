"""The answer to a Kleine Anfrage as the Landtag prints it: one generator class per document (Draft → bytes).

Both generators read the same `Draft` and the same table definitions (`tables()`), so Word and PDF say the
same thing. Word: python-docx with the house typography set on the styles themselves (Arial, black, no theme
colours), German as the document language, header rows that repeat on every page, fixed column widths
measured so that no word is split. PDF: WeasyPrint from an HTML template (see `AnswerPdf` for the choice).
"""

from __future__ import annotations

import io
import logging
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import escape
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from .drafting import Draft, ProjectEntry

FONT = "Arial"
TEXT_WIDTH_CM = 16.0  # A4 minus 2.5 cm left and right margins (the Landtag's layout)
TABLE_FONT_PT = 9.5
NUMERIC_MIN_CM = 2.4
CELL_PADDING_CM = 0.19 * 2 + 0.1  # Word's default cell margins left and right, plus a little air
FONT_FILES = {
    False: Path("/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf"),
    True: Path("/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf"),
}


# --- tables, shared by both formats ------------------------------------------------------------------------------


@dataclass
class Column:
    header: str
    flexible: bool = False  # takes the room the others leave; fixed columns get what their longest word needs
    numeric: bool = False


@dataclass
class Table:
    caption: str
    columns: list[Column]
    rows: list[list[list[tuple[str, bool]]]]  # row → cell → runs of (text, bold); "\n" in a run breaks the line
    note: str = ""
    kind: str = "relation"  # "relation": projects and their local relation; "money": figures
    widths: list[float] | None = None  # shared by tables of one kind, so their columns line up

    @property
    def html_rows(self) -> list[list[str]]:
        """The cells as HTML for the PDF: escaped, line breaks kept, project codes never broken at their hyphen."""
        return [[_html_cell(runs) for runs in row] for row in self.rows]

    @property
    def numeric_indexes(self) -> set[int]:
        return {i for i, c in enumerate(self.columns) if c.numeric}

    def widths_cm(self, text_width: float = TEXT_WIDTH_CM, font_pt: float = TABLE_FONT_PT) -> list[float]:
        return self.widths or self.measure(text_width, font_pt)

    def measure(self, text_width: float = TEXT_WIDTH_CM, font_pt: float = TABLE_FONT_PT) -> list[float]:
        """Column widths: every fixed column as wide as its longest word (never split), the rest shared by need."""
        needed = []
        for index, column in enumerate(self.columns):
            # Only spaces and line breaks separate words: a no-break space ("521.864 €", "Z. 1176") joins them.
            words = [(w, True) for w in _words(column.header)]
            for row in self.rows:
                words += [(w, bold) for text, bold in row[index] for w in _words(text)]
            needed.append(max((word_width_cm(w, font_pt, bold) for w, bold in words), default=1.0) + CELL_PADDING_CM)
        # A figure column wide enough for "rund 65.000 €" and its header in at most two lines.
        needed = [max(n, NUMERIC_MIN_CM) if c.numeric else n for n, c in zip(needed, self.columns, strict=True)]
        fixed = sum(n for n, c in zip(needed, self.columns, strict=True) if not c.flexible)
        flexible = [i for i, c in enumerate(self.columns) if c.flexible]
        spare = text_width - fixed - sum(needed[i] for i in flexible)
        widths = list(needed)
        if flexible and spare > 0:
            # The room left over goes to the flexible columns by the length of their text.
            # by the square root of their text's length: long relations get more room, short titles still enough
            volume = {
                i: (sum(len(t) for row in self.rows for t, _b in row[i]) + len(self.columns[i].header)) ** 0.5
                for i in flexible
            }
            total = sum(volume.values())
            for i in flexible:
                widths[i] += spare * volume[i] / total
        return [round(w, 2) for w in widths]


_CODE = re.compile(r"\[\d{2,3}-\d{2}[a-z]?\]")


def _html_cell(runs: list[tuple[str, bool]]) -> str:
    out = []
    for text, bold in runs:
        html = "<br>".join(
            _CODE.sub(lambda m: f'<span class="code">{m[0]}</span>', escape(line)) for line in text.split("\n")
        )
        out.append(f'<span class="places">{html}</span>' if bold else html)
    return "".join(out)


def _add_text(paragraph, text: str, bold: bool) -> None:
    """Runs of `text`; the hyphen of a project code is Word's no-break hyphen, so "[05-02]" stays on one line."""
    position = 0
    for m in _CODE.finditer(text):
        paragraph.add_run(text[position : m.start()]).bold = bold
        before, after = m[0].split("-", 1)
        paragraph.add_run(before).bold = bold
        run = paragraph.add_run()
        run.bold = bold
        run._r.append(OxmlElement("w:noBreakHyphen"))
        paragraph.add_run(after).bold = bold
        position = m.end()
    if position < len(text):
        paragraph.add_run(text[position:]).bold = bold


def _words(text: str) -> list[str]:
    return [w for w in re.split(r"[ \n\t]+", text) if w]


@lru_cache(maxsize=4096)
def word_width_cm(word: str, font_pt: float, bold: bool = False) -> float:
    """The printed width of a word in Arial (Liberation Sans has Arial's metrics), by the font's own advances."""
    try:
        from PIL import ImageFont

        font = ImageFont.truetype(str(FONT_FILES[bold]), size=int(font_pt * 20))
        return font.getlength(word) / 20 / 72 * 2.54
    except OSError:
        # Without the font file: a generous average (Arial's widest letters are about 0.72 em).
        return len(word) * font_pt * 0.62 / 72 * 2.54


def _place_runs(entry: ProjectEntry, district: bool) -> list[tuple[str, bool]]:
    runs: list[tuple[str, bool]] = []
    for line in entry.places:
        if runs:
            runs.append(("\n", False))
        if district and line.places:
            runs.append((", ".join(line.places) + ": ", True))
        runs.append((line.relation, False))
    return runs


def tables(draft: Draft) -> list[Table]:
    """The answer's tables: projects with their local relation per action field, money for the place, volumes."""
    subject = draft.subject
    district = draft.question.district is not None
    out: list[Table] = []
    for field_name, entries in draft.groups():
        out.append(
            Table(
                caption=f"Handlungsfeld „{field_name}“",
                columns=[
                    Column("Projekt [ID-Nr.]", flexible=True),
                    Column(f"Lokaler Bezug des Projektes zu {subject}", flexible=True),
                    Column("Fundstelle"),
                ],
                rows=[
                    [[(e.label, False)], _place_runs(e, district), [("\n".join(e.sources) or "–", False)]]
                    for e in entries
                ],
            )
        )
    if out:
        # One set of widths for all action-field tables, measured over all their rows.
        shared = Table("", out[0].columns, [row for t in out for row in t.rows]).measure()
        for table in out:
            table.widths = shared
    money = draft.money_entries
    if money:
        out.append(
            Table(
                caption=f"{subject} zurechenbare Fördermittel",
                columns=[
                    Column("Projekt [ID-Nr.]", flexible=True),
                    Column(f"Betrag für {subject}", numeric=True),
                    Column("Grundlage"),
                    Column("Fundstelle"),
                ],
                rows=[
                    [
                        [(e.label, False)],
                        [(e.money_text, False)],
                        [(e.basis_text, False)],
                        [("\n".join(e.sources) or "–", False)],
                    ]
                    for e in money
                ],
                kind="money",
                note="Geschätzte Beträge sind auf volle Tausend Euro gerundet und als „rund … (geschätzt)“ gekennzeichnet.",
            )
        )
    volumes = draft.volume_entries
    if volumes:
        out.append(
            Table(
                caption="Projektvolumen der Projekte insgesamt (nicht ortsbezogen)",
                columns=[
                    Column("Projekt [ID-Nr.]", flexible=True),
                    Column("Projektvolumen insgesamt", numeric=True),
                    Column("davon Landesmittel", numeric=True),
                    Column("verausgabt", numeric=True),
                    Column("Fundstelle"),
                ],
                rows=[
                    [
                        [(e.label, False)],
                        [(e.volume_text, False)],
                        [(e.state_text, False)],
                        [(e.spent_text, False)],
                        [(e.volume_source or "–", False)],
                    ]
                    for e in volumes
                ],
                kind="money",
                note=(
                    f"Das Projektvolumen gilt für das ganze Projekt, nicht für {subject}; "
                    "die Beträge dieser Tabelle sind keine Förderung des Ortes und nicht zu addieren."
                ),
            )
        )
    return out


def filename_stem(draft: Draft) -> str:
    q = draft.question
    subject = draft.subject.lower()
    for a, b in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss"), (" ", "-")):
        subject = subject.replace(a, b)
    number = f"{q.electoral_term}-{q.number}" if q.number else "entwurf"
    return f"antwort-kleine-anfrage-{number}-{subject}"


# --- Word ------------------------------------------------------------------------------------------------------


def _set_fonts(rpr, size_pt: float | None = None, bold: bool | None = None) -> None:
    """Arial for every script, without the theme fonts Word would otherwise prefer, black, German."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)
    for tag in ("w:color", "w:lang"):
        for old in rpr.findall(qn(tag)):
            rpr.remove(old)
    color = OxmlElement("w:color")
    color.set(qn("w:val"), "000000")
    rpr.append(color)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "de-DE")
    lang.set(qn("w:eastAsia"), "de-DE")
    lang.set(qn("w:bidi"), "ar-SA")
    rpr.append(lang)


class AnswerDocx:
    """Word file of the answer in the Landtag's form."""

    content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    extension = "docx"

    def __init__(self, draft: Draft):
        self.draft = draft

    @translation.override("de")  # official documents are German in every interface language
    def render(self) -> bytes:
        doc = Document()
        self._styles(doc)
        self._properties(doc)
        section = doc.sections[0]
        section.page_height, section.page_width = Cm(29.7), Cm(21.0)
        section.left_margin = section.right_margin = Cm(2.5)
        section.top_margin, section.bottom_margin = Cm(2.0), Cm(2.0)
        self._running_head(section)
        d = self.draft
        self._head_block(doc)
        p = doc.add_paragraph(style="Title")
        p.add_run("Antwort")
        doc.add_paragraph(d.opening_line, style="RM Opening")
        if d.question_paper:
            doc.add_paragraph(d.question_paper, style="RM Opening")
        doc.add_paragraph(d.question.title, style="RM Title")
        doc.add_paragraph(d.letter_line)
        if d.question.preliminary_remark.strip():
            doc.add_paragraph("Vorbemerkung der Landesregierung", style="Heading 1")
            for paragraph in _paragraphs(d.question.preliminary_remark):
                doc.add_paragraph(paragraph)
        tabled = False
        for q in d.questions:
            heading = doc.add_paragraph(style="Heading 2")
            heading.add_run(f"{q.number}.\t{q.text}")
            heading.paragraph_format.left_indent = Cm(0.75)
            heading.paragraph_format.first_line_indent = Cm(-0.75)
            for paragraph in q.answer_paragraphs:
                doc.add_paragraph(paragraph)
            if q.lists_projects and not tabled:
                tabled = True
                sentences = d.money_sentences()
                doc.add_paragraph(sentences[0])
                all_tables = tables(d)
                for table in all_tables:
                    if table.kind == "relation":
                        self._table(doc, table)
                for sentence in sentences[1:]:
                    doc.add_paragraph(sentence)
                for table in all_tables:
                    if table.kind == "money":
                        self._table(doc, table)
            elif q.lists_projects:
                doc.add_paragraph(f"Auf die Antwort zu Frage {_first_tabled(d)} wird verwiesen.")
        out = io.BytesIO()
        doc.save(out)
        return out.getvalue()

    # -- parts
    def _styles(self, doc) -> None:
        styles = doc.styles
        defaults = doc.styles.element.find(qn("w:docDefaults"))
        rpr_default = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
        _set_fonts(rpr_default)
        normal = styles["Normal"]
        normal.font.size = Pt(11)
        _set_fonts(normal.element.get_or_add_rPr())
        normal.paragraph_format.space_after = Pt(6)
        normal.paragraph_format.line_spacing = 1.15
        for name, size, bold, before, after in (
            ("Title", 16, True, 18, 6),
            ("Heading 1", 12, True, 18, 6),
            ("Heading 2", 11, True, 14, 6),
        ):
            style = styles[name]
            style.font.size = Pt(size)
            style.font.bold = bold
            style.font.italic = False
            _set_fonts(style.element.get_or_add_rPr())
            fmt = style.paragraph_format
            fmt.space_before, fmt.space_after = Pt(before), Pt(after)
            fmt.keep_with_next = True
            # the default template draws a blue rule under the title
            ppr = style.element.get_or_add_pPr()
            for border in ppr.findall(qn("w:pBdr")):
                ppr.remove(border)
        title = styles.add_style("RM Title", 1)
        title.base_style = normal
        title.font.size = Pt(12)
        title.font.bold = True
        title.paragraph_format.space_before = title.paragraph_format.space_after = Pt(12)
        opening = styles.add_style("RM Opening", 1)
        opening.base_style = normal
        opening.font.bold = True
        opening.paragraph_format.space_after = Pt(2)
        table_text = styles.add_style("RM Table", 1)
        table_text.base_style = normal
        table_text.font.size = Pt(TABLE_FONT_PT)
        table_text.paragraph_format.space_after = Pt(0)
        table_text.paragraph_format.line_spacing = 1.0
        caption = styles["Caption"]
        caption.font.size = Pt(10)
        caption.font.bold = True
        caption.font.italic = False
        _set_fonts(caption.element.get_or_add_rPr())
        caption.paragraph_format.keep_with_next = True
        caption.paragraph_format.space_before = Pt(10)
        settings = doc.settings.element
        lang = settings.find(qn("w:themeFontLang"))
        if lang is None:
            lang = OxmlElement("w:themeFontLang")
            settings.append(lang)
        lang.set(qn("w:val"), "de-DE")

    def _properties(self, doc) -> None:
        d = self.draft
        now = datetime.now(UTC).replace(tzinfo=None, microsecond=0)
        props = doc.core_properties
        props.title = d.document_title
        props.subject = f"Kleine Anfrage {d.question.number or '…'} – {d.subject}"
        props.author = d.ministry_name.removeprefix("Das ").removeprefix("Die ").removeprefix("Der ")
        props.last_modified_by = props.author
        props.created = props.modified = now
        props.revision = 1
        props.language = "de-DE"
        props.keywords = "Ruhr-Konferenz; Kleine Anfrage; Landtag Nordrhein-Westfalen"
        props.comments = ""
        props.category = "Antwort der Landesregierung"

    def _head_block(self, doc) -> None:
        d = self.draft
        right = Cm(TEXT_WIDTH_CM)
        for left_text, right_text, last in (
            ("LANDTAG NORDRHEIN-WESTFALEN", d.answer_paper, False),
            (f"{d.question.electoral_term}. Wahlperiode", d.document_date, True),
        ):
            p = doc.add_paragraph()
            p.paragraph_format.tab_stops.add_tab_stop(right, WD_TAB_ALIGNMENT.RIGHT)
            p.paragraph_format.space_after = Pt(0)
            first = p.add_run(left_text)
            first.bold = not last
            p.add_run("\t" + right_text).bold = not last
            if last:
                _bottom_border(p)
                p.paragraph_format.space_after = Pt(18)

    def _running_head(self, section) -> None:
        """Pages 2 ff. carry the paper's running head, as the Landtag prints it; every page its number."""
        section.different_first_page_header_footer = True
        d = self.draft
        head = section.header.paragraphs[0]
        head.style.paragraph_format.tab_stops.clear_all()
        head.paragraph_format.tab_stops.add_tab_stop(Cm(TEXT_WIDTH_CM), WD_TAB_ALIGNMENT.RIGHT)
        head.add_run(f"LANDTAG NORDRHEIN-WESTFALEN – {d.question.electoral_term}. Wahlperiode\t{d.answer_paper}")
        head.runs[0].font.size = Pt(9)
        _bottom_border(head)
        for footer in (section.footer, section.first_page_footer):
            p = footer.paragraphs[0]
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _page_field(p)

    def _table(self, doc, table: Table) -> None:
        doc.add_paragraph(table.caption, style="Caption")
        widths = [Cm(w) for w in table.widths_cm()]
        t = doc.add_table(rows=1, cols=len(table.columns))
        t.style = "Table Grid"
        t.alignment = WD_TABLE_ALIGNMENT.LEFT
        t.autofit = False
        tbl_pr = t._tbl.tblPr
        layout = OxmlElement("w:tblLayout")
        layout.set(qn("w:type"), "fixed")
        tbl_pr.append(layout)
        header = t.rows[0]
        _repeat_header(header)
        for cell, column in zip(header.cells, table.columns, strict=True):
            p = cell.paragraphs[0]
            p.style = "RM Table"
            p.add_run(column.header).bold = True
            _shade(cell, "E6E6E6")
            if column.numeric:
                p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        for values in table.rows:
            row = t.add_row()
            _cant_split(row)
            for cell, runs, column in zip(row.cells, values, table.columns, strict=True):
                p = cell.paragraphs[0]
                p.style = "RM Table"
                if column.numeric:
                    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                for text, bold in runs:
                    for i, part in enumerate(text.split("\n")):
                        if i:
                            p = cell.add_paragraph(style="RM Table")
                            if column.numeric:
                                p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                        if part:
                            _add_text(p, part, bold)
        # Word reads the cell widths, LibreOffice the grid: set both.
        for column, width in zip(t.columns, widths, strict=True):
            column.width = width
        for row in t.rows:
            for cell, width in zip(row.cells, widths, strict=True):
                cell.width = width
        if table.note:
            note = doc.add_paragraph(table.note, style="RM Table")
            note.paragraph_format.space_before = Pt(3)
            note.paragraph_format.space_after = Pt(6)
        else:
            doc.add_paragraph().paragraph_format.space_after = Pt(0)


def _first_tabled(draft: Draft) -> int:
    return next(q.number for q in draft.questions if q.lists_projects)


def _paragraphs(text: str) -> list[str]:
    return [" ".join(p.split()) for p in re.split(r"\n\s*\n", text) if p.strip()]


def _repeat_header(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)
    _cant_split(row)


def _cant_split(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    element = OxmlElement("w:cantSplit")
    element.set(qn("w:val"), "true")
    tr_pr.insert(0, element)


def _shade(cell, fill: str) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    tc_pr.append(shading)


def _bottom_border(paragraph) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "4"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    ppr.append(borders)


def _page_field(paragraph) -> None:
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, " PAGE "), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)
    run.font.size = Pt(9)


# --- PDF -------------------------------------------------------------------------------------------------------


class AnswerPdf:
    """PDF of the answer in the Landtag's form, from `answers/answer_pdf.html` with WeasyPrint.

    Chosen by measurement against Typst (`bench/answer_rendering.py`): an answer is a few pages, which WeasyPrint
    renders in well under a second, and it tags the PDF (PDF/UA) from the same semantic HTML, with repeating
    table heads from <thead>. The engine stays behind this class.
    """

    content_type = "application/pdf"
    extension = "pdf"

    def __init__(self, draft: Draft):
        self.draft = draft

    @translation.override("de")
    def html(self) -> str:
        d = self.draft
        blocks = []
        tabled = False
        for q in d.questions:
            block = {"question": q, "relation_tables": [], "money_tables": [], "lead": [], "sentences": [], "see": None}
            if q.lists_projects and not tabled:
                tabled = True
                sentences = d.money_sentences()
                all_tables = tables(d)
                block["lead"] = sentences[:1]
                block["sentences"] = sentences[1:]
                block["relation_tables"] = [t for t in all_tables if t.kind == "relation"]
                block["money_tables"] = [t for t in all_tables if t.kind == "money"]
            elif q.lists_projects:
                block["see"] = _first_tabled(d)
            blocks.append(block)
        return render_to_string(
            "answers/answer_pdf.html",
            {
                "draft": d,
                "blocks": blocks,
                "remark": _paragraphs(d.question.preliminary_remark),
                "css": (Path(__file__).parent / "templates" / "answers" / "answer_pdf.css").read_text(),
            },
        )

    @translation.override("de")  # official documents are German in every interface language
    def render(self) -> bytes:
        from weasyprint import HTML

        # WeasyPrint logs every laid-out page; an answer of a few pages needs no progress on the console.
        logging.getLogger("weasyprint.progress").propagate = False
        d = self.draft
        document = HTML(string=self.html()).render()
        document.metadata.title = d.document_title
        document.metadata.authors = [d.ministry_name.removeprefix("Das ").removeprefix("Die ")]
        document.metadata.lang = "de-DE"
        now = datetime.now(UTC).replace(microsecond=0).isoformat()
        document.metadata.created = document.metadata.modified = now
        return document.write_pdf(pdf_variant="pdf/ua-1")


GENERATORS = {g.extension: g for g in (AnswerDocx, AnswerPdf)}

__all__ = ["GENERATORS", "AnswerDocx", "AnswerPdf", "Table", "filename_stem", "tables", "word_width_cm"]
