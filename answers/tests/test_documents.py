"""The answer documents in the Landtag's form: opened with python-docx, read back with pdftotext."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
from datetime import UTC, datetime, timedelta

import pytest
from django.core.management import call_command
from django.utils import translation
from docx import Document
from docx.oxml.ns import qn

from answers.documents import TABLE_FONT_PT, AnswerDocx, AnswerPdf, tables, word_width_cm
from answers.drafting import build_draft

CITATION = re.compile(r"^(?:Fortschrittsbericht 2024|Drucksache 17/11212), S\. \d+, Z\. \d+(?:–\d+)?$")


def _docx(question) -> Document:
    return Document(io.BytesIO(AnswerDocx(build_draft(question)).render()))


def _texts(doc) -> list[str]:
    return [p.text for p in doc.paragraphs]


def _table_texts(doc) -> list[str]:
    return [cell.text for table in doc.tables for row in table.rows for cell in row.cells]


def _plain(text: str) -> str:
    return text.replace("\u00a0", " ")


def test_head_block_opening_remark_and_numbered_bold_questions(bochum_question):
    doc = _docx(bochum_question)
    texts = _texts(doc)
    assert texts[0] == "LANDTAG NORDRHEIN-WESTFALEN\tDrucksache 18/…"
    assert re.fullmatch(r"18\. Wahlperiode\t\d{2}\.\d{2}\.\d{4}", texts[1])
    assert "Antwort" in texts
    assert (
        "Antwort der Landesregierung auf die Kleine Anfrage 4711 vom 12. März 2026 der Abgeordneten "
        "Max Muster und Erika Beispiel (SPD)"
    ) in texts
    assert "Drucksache 18/9876" in texts and "Was bringt die Ruhr-Konferenz Bochum?" in texts
    remark = texts.index("Vorbemerkung der Landesregierung")
    assert texts[remark + 1 : remark + 3] == ["Die Ruhr-Konferenz wirkt.", "Auch in Bochum."]
    questions = [p for p in doc.paragraphs if re.match(r"^\d\.\t", p.text)]
    assert [p.text.split("\t")[0] for p in questions] == ["1.", "2."]
    assert questions[1].text == "2.\tWie evaluiert die Landesregierung die Ziele? (Bitte auch den Zeitraum angeben.)"
    for paragraph in questions:
        assert paragraph.style.font.bold and all(run.bold is not False for run in paragraph.runs)
    # the answer follows its question
    after_first = texts[texts.index(questions[0].text) + 1]
    assert after_first.startswith("Die Projekte der Ruhr-Konferenz mit Bezug zu Bochum")


def test_house_typography_language_and_properties(bochum_question):
    before = datetime.now(UTC).replace(microsecond=0)
    doc = _docx(bochum_question)
    styles = doc.styles.element
    default_lang = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr")).find(qn("w:lang"))
    assert default_lang.get(qn("w:val")) == "de-DE"
    for name in ("Normal", "Title", "Heading 1", "Heading 2"):
        rpr = doc.styles[name].element.rPr
        assert rpr.find(qn("w:lang")).get(qn("w:val")) == "de-DE"
        fonts = rpr.find(qn("w:rFonts"))
        assert fonts.get(qn("w:ascii")) == "Arial" and fonts.get(qn("w:asciiTheme")) is None
        assert rpr.find(qn("w:color")).get(qn("w:val")) == "000000", name  # no Word-blue headings
    props = doc.core_properties
    assert props.title == (
        "Antwort der Landesregierung auf die Kleine Anfrage 4711: Was bringt die Ruhr-Konferenz Bochum?"
    )
    assert props.author == "Ministerium für Wirtschaft, Industrie, Klimaschutz und Energie"
    assert props.language == "de-DE"
    assert before - timedelta(seconds=1) <= props.created <= datetime.now(UTC) + timedelta(seconds=1)
    footers = [p.text for s in doc.sections for f in (s.footer, s.first_page_footer) for p in f.paragraphs]
    assert not any("Ruhr-Monitor" in text for text in footers + _texts(doc))


def test_tables_repeat_their_header_rows_and_columns_never_split_a_word(bochum_question, recklinghausen_question):
    for question in (bochum_question, recklinghausen_question):
        doc = _docx(question)
        assert doc.tables
        for table in doc.tables:
            header = table.rows[0]._tr.trPr.find(qn("w:tblHeader"))
            assert header is not None and header.get(qn("w:val")) == "true"
            assert all(run.bold for run in table.rows[0].cells[0].paragraphs[0].runs)
        for table in tables(build_draft(question)):
            for index, width in enumerate(table.widths_cm()):
                words = table.columns[index].header.split(" ") + [
                    w for row in table.rows for text, _bold in row[index] for w in re.split(r"[ \n]+", text) if w
                ]
                widest = max(word_width_cm(w, TABLE_FONT_PT, True) for w in words)
                assert widest < width, (table.caption, table.columns[index].header, width)
            assert sum(table.widths_cm()) <= 16.01


def test_money_for_the_place_apart_from_the_project_volume_and_sources_with_page_and_line(bochum_question):
    doc = _docx(bochum_question)
    captions = [p.text for p in doc.paragraphs if p.style.name == "Caption"]
    assert "Bochum zurechenbare Fördermittel" in captions
    assert "Projektvolumen der Projekte insgesamt (nicht ortsbezogen)" in captions
    money = doc.tables[captions.index("Bochum zurechenbare Fördermittel")]
    assert [c.text for c in money.rows[0].cells] == ["Projekt [ID-Nr.]", "Betrag für Bochum", "Grundlage", "Fundstelle"]
    rows = {r.cells[0].text: [_plain(c.text) for c in r.cells] for r in money.rows[1:]}
    klima = next(v for k, v in rows.items() if k.endswith("[14-02]"))
    assert klima[1] == "521.864 €" and klima[2] == "genau angegeben"
    assert any(v[1] == "rund 65.000 €" for v in rows.values())
    # the whole project's volume is never in the table of the place's money
    assert not any("Projektvolumen" in c.text for c in money.rows[0].cells)
    text = _plain("\n".join(_texts(doc)))
    assert "zusammen 521.864 € und rund 65.000 €" in text
    assert "lässt sich ein auf Bochum entfallender Betrag nicht bestimmen, weil" in text
    assert "ergeben zusammengezählt keine Förderung für Bochum" in text
    citations = [
        line
        for cell in _table_texts(doc)
        for line in _plain(cell).split("\n")
        if line.startswith(("Fortschritts", "Drucksache 17"))
    ]
    assert citations and all(CITATION.match(c) for c in citations), citations
    assert "Fortschrittsbericht 2024, S. 41, Z. 1176" in citations  # Research Alliance Ruhr, as the report prints it
    assert not re.search(r"Z\. (\d+)–\1\b", "\n".join(citations))


def test_the_district_answer_names_each_project_once(recklinghausen_question):
    doc = _docx(recklinghausen_question)
    relation_tables = [t for t in doc.tables if t.rows[0].cells[1].text.startswith("Lokaler Bezug")]
    projects = [row.cells[0].text for t in relation_tables for row in t.rows[1:]]
    assert len(projects) == len(set(projects)) == 4
    siko = next(row for t in relation_tables for row in t.rows[1:] if row.cells[0].text == "SiKo Ruhr [03-01]")
    relation = siko.cells[1].text
    assert relation.count("Kooperationspartner sind") == 1
    assert relation.startswith("Castrop-Rauxel, Datteln, Dorsten, Gladbeck, Haltern am See, Herten, Marl")
    volumes = [t for t in doc.tables if t.rows[0].cells[1].text == "Projektvolumen insgesamt"]
    assert [r.cells[0].text for r in volumes[0].rows].count("SiKo Ruhr [03-01]") == 1
    assert _plain("\n".join(_table_texts(doc))).count("1.100.000 €") == 1
    assert "Der Kreis Recklinghausen ist von 4 Projekten der Ruhr-Konferenz berührt." in _texts(doc)


def test_excluded_projects_leave_tables_and_totals(bochum_question):
    from programmes.models import Project

    bochum_question.excluded_projects.add(Project.objects.get(code="14-02"))
    draft = build_draft(bochum_question)
    assert "14-02" not in {e.project.code for e in draft.included}
    assert draft.totals()["exact_eur"] == 0 and draft.totals()["approx_eur"] == 65000
    assert "[14-02]" not in "\n".join(_table_texts(_docx(bochum_question)))


def _pdftotext(data: bytes) -> str:
    result = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True)
    # a line broken after a hyphen ("Ruhr-" / "Konferenz") is one word again
    return " ".join(_plain(result.stdout.decode()).replace("-\n", "-").split())


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) fehlt")
def test_the_pdf_says_what_the_word_file_says(recklinghausen_question):
    draft = build_draft(recklinghausen_question)
    data = AnswerPdf(draft).render()
    assert data.startswith(b"%PDF")
    text = _pdftotext(data)
    for expected in (
        "LANDTAG NORDRHEIN-WESTFALEN",
        "18. Wahlperiode",
        "Drucksache 18/…",
        "Antwort der Landesregierung auf die Kleine Anfrage 4712 vom 12. März 2026",
        "2. Wie evaluiert die Landesregierung die Ziele?",
        "Projektvolumen der Projekte insgesamt (nicht ortsbezogen)",
        "Fortschrittsbericht 2024, S. 18, Z. 412",
        "Der Kreis Recklinghausen ist von 4 Projekten der Ruhr-Konferenz berührt.",
    ):
        assert expected in text, expected
    assert text.count("SiKo Ruhr [03-01]") == 2  # once in its action field, once among the volumes
    body = [p.text for p in _docx(recklinghausen_question).paragraphs if p.text.strip() and "\t" not in p.text]
    missing = [p for p in body if " ".join(_plain(p).split()) not in text]
    assert not missing, missing
    assert "Ruhr-Monitor" not in text


@pytest.mark.skipif(shutil.which("libreoffice") is None, reason="LibreOffice fehlt (Debian: libreoffice-writer)")
def test_libreoffice_renders_the_word_file_without_split_words(recklinghausen_question, tmp_path):
    # Words that break in a too-narrow column come out of pdftotext as "Gelsenkir-" / "chen".
    source = tmp_path / "antwort.docx"
    source.write_bytes(AnswerDocx(build_draft(recklinghausen_question)).render())
    subprocess.run(
        [
            "libreoffice",
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        capture_output=True,
        check=True,
        timeout=120,
    )
    raw = subprocess.run(
        ["pdftotext", str(tmp_path / "antwort.pdf"), "-"], capture_output=True, check=True
    ).stdout.decode()
    for word in ("Gelsenkirchen", "Recklinghausen", "Projektvolumen", "Fortschrittsbericht", "Castrop-Rauxel"):
        assert not re.search(word[:5] + r"\w*-\n", raw.replace(word, "")), word
    assert "Kreis Recklinghausen" in raw and "LANDTAG NORDRHEIN-WESTFALEN" in raw


def test_command_writes_word_and_pdf_and_prints_json(imported, tmp_path, capsys):
    docx_path = tmp_path / "antwort.docx"
    call_command("answer_question", "--municipality", "Bochum", "--output", str(docx_path))
    doc = Document(str(docx_path))
    assert "Antwort" in _texts(doc) and any(
        t.startswith("1.\tWelche Projekte der Ruhr-Konferenz betreffen Bochum") for t in _texts(doc)
    )
    capsys.readouterr()
    pdf_path = tmp_path / "kreis.pdf"
    call_command("answer_question", "--district", "Kreis Recklinghausen", "--output", str(pdf_path), "--format", "json")
    data = json.loads(capsys.readouterr().out)
    assert data["document"]["format"] == "pdf" and data["document"]["bytes"] == pdf_path.stat().st_size
    assert data["district"]["name"] == "Kreis Recklinghausen"
    assert pdf_path.read_bytes().startswith(b"%PDF")


def test_estimates_are_rounded_labelled_and_kept_apart(recklinghausen_question):
    from decimal import Decimal

    from answers.drafting import round_estimate
    from places.models import AllocationMethod, FundingAllocation
    from programmes.models import Project

    assert round_estimate(Decimal("23404.26")) == 23000 and round_estimate(Decimal("649.5")) == 600
    siko = Project.objects.get(code="03-01")
    FundingAllocation.objects.create(project=siko, method=AllocationMethod.EQUAL, rationale="Partner je Kommune")
    draft = build_draft(recklinghausen_question)
    entry = next(e for e in draft.included if e.project.code == "03-01")
    share = Decimal(1_100_000) / siko.local_references.count()  # spread equally over every place it names
    places = len(entry.money)
    assert places == 10
    shown = f"rund {round(share / 1000):,}.000 € (geschätzt)".replace(",", ".")
    assert {_plain(m.text) for m in entry.money} == {shown}
    sentences = _plain(" ".join(draft.money_sentences()))
    # Each place's estimate is rounded where it is made (places.attribution), and the total adds what is shown,
    # so the lines of the table add up to the sentence, as on the portal and in the API.
    total = f"geschätzt rund {round(share / 1000) * places:,}.000 € für den Kreis Recklinghausen".replace(",", ".")
    assert total in sentences
    assert "Geschätzte und genau angegebene Beträge sind nicht zusammengezählt." in sentences
    money = next(t for t in tables(draft) if t.caption == "Kreis Recklinghausen zurechenbare Fördermittel")
    cell = _plain(money.rows[0][1][0][0])
    assert cell.startswith(f"Castrop-Rauxel: {shown}\nDatteln: {shown}")


def test_the_answer_stays_german_when_the_office_works_in_english(bochum_question):
    german = _texts(_docx(bochum_question)), _table_texts(_docx(bochum_question))
    with translation.override("en"):
        english_session = _texts(_docx(bochum_question)), _table_texts(_docx(bochum_question))
        pdf_html = AnswerPdf(build_draft(bochum_question)).html()
    assert english_session == german
    assert "Antwort der Landesregierung" in pdf_html and "März 2026" in pdf_html
