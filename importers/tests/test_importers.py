"""Import round trips on the real source documents, on whichever database the suite runs against."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from importers import ImportFailed, ParliamentaryAnswerImporter, ProgressReportImporter, ProposalListImporter
from places.models import FundingBasis, LocalReference, Municipality
from programmes.models import FundingStatement, Milestone, Project, ProjectStatus, StatusRecord, SubProject
from proposals.models import Proposal
from sources.models import ImportRun, Provenance, SourceDocument

pytestmark = pytest.mark.django_db

REGISTRY_MODELS = [
    Project,
    StatusRecord,
    Milestone,
    FundingStatement,
    SubProject,
    LocalReference,
    Proposal,
    Provenance,
    SourceDocument,
]


def snapshot() -> dict[str, int]:
    counts = {m.__name__: m.objects.count() for m in REGISTRY_MODELS}
    counts["project_history"] = Project.history.count()
    counts["reference_history"] = LocalReference.history.count()
    return counts


def test_progress_report_fills_the_registry(report_path):
    result = ProgressReportImporter().run(report_path)

    assert result.status == "succeeded"
    assert Project.objects.count() == 23
    statuses = dict(Project.objects.values_list("code", "status"))
    assert sum(s == ProjectStatus.COMPLETED for s in statuses.values()) == 7
    assert sum(s == ProjectStatus.IN_PROGRESS for s in statuses.values()) == 16
    doc = result.document
    assert doc.summary["in_progress"] == 16 and doc.summary["total"] == 73
    assert doc.as_of == date(2024, 12, 31)
    assert len(doc.sha256) == 64 and doc.line_count == len(report_path.read_text(encoding="utf-8").splitlines())

    start4chem = Project.objects.get(code="05-02a")
    funding = start4chem.current_funding()
    assert funding.volume_eur == Decimal("3304000") and funding.state_share_percent == Decimal("90")
    assert "3.304.000 Euro" in funding.text
    assert funding.document == doc and funding.start_line > 0
    assert start4chem.ministry.abbreviation == "MWIKE"
    assert start4chem.action_field.short_name == "Wirtschaft"

    title_source = Provenance.objects.for_record(start4chem).get(field="title")
    assert title_source.document == doc and title_source.start_line <= funding.start_line <= title_source.end_line

    assert SubProject.objects.filter(project__code="13-03", name="Baustellenkoordinierung").exists()
    assert Milestone.objects.filter(project__code="05-02a", year=2024).count() == 2
    run = ImportRun.objects.get()
    assert any("30.06.205" in w["message"] for w in run.warnings)


def test_places_named_on_a_page_become_local_references(report_path):
    ProgressReportImporter().run(report_path)
    salon5 = set(LocalReference.objects.filter(project__code="18-02").values_list("municipality__name", flat=True))
    assert {"Bottrop", "Dortmund"} <= salon5
    ruhrvalley = set(LocalReference.objects.filter(project__code="15-03").values_list("municipality__name", flat=True))
    assert "Gelsenkirchen" in ruhrvalley
    assert LocalReference.objects.filter(funding_basis=FundingBasis.EXACT).count() == 0


def test_reimporting_the_same_document_changes_nothing(report_path, proposals_path, answer_path):
    ProgressReportImporter().run(report_path)
    ProposalListImporter().run(proposals_path)
    ParliamentaryAnswerImporter().run(answer_path)
    before = snapshot()

    again = [
        ProgressReportImporter().run(report_path),
        ProposalListImporter().run(proposals_path),
        ParliamentaryAnswerImporter().run(answer_path),
    ]

    assert [r.status for r in again] == ["unchanged"] * 3
    assert snapshot() == before


def _newer_report(report_path, tmp_path):
    newer = tmp_path / "fortschrittsbericht-2025.txt"
    text = report_path.read_text(encoding="utf-8").replace("Fortschrittsbericht 2024", "Fortschrittsbericht 2025")
    text = text.replace("1,9 Millionen Euro bis zum 30.06.2025", "2,4 Millionen Euro bis zum 30.06.2026")
    newer.write_text(text, encoding="utf-8")
    return newer


def test_a_newer_report_updates_projects_and_keeps_the_history(report_path, tmp_path):
    ProgressReportImporter().run(report_path)

    ProgressReportImporter().run(_newer_report(report_path, tmp_path))

    mz = Project.objects.get(code="13-03")
    assert mz.current_funding().volume_eur == Decimal("2400000")
    assert mz.funding_statements.count() == 2  # the 2024 statement is kept
    assert mz.status_records.count() == 2
    assert Project.objects.count() == 23


def test_an_older_report_imported_later_does_not_overwrite_newer_figures(report_path, tmp_path):
    ProgressReportImporter().run(_newer_report(report_path, tmp_path))

    ProgressReportImporter().run(report_path)

    assert Project.objects.get(code="13-03").current_funding().volume_eur == Decimal("2400000")


def test_a_failing_import_writes_nothing(report_path, monkeypatch):
    original = ProgressReportImporter._funding
    calls = {"n": 0}

    def explode(self, project, page, document):
        calls["n"] += 1
        if calls["n"] == 5:
            raise RuntimeError("Festplatte voll")
        return original(self, project, page, document)

    monkeypatch.setattr(ProgressReportImporter, "_funding", explode)
    with pytest.raises(ImportFailed, match="nichts wurde gespeichert"):
        ProgressReportImporter().run(report_path)
    assert Project.objects.count() == 0
    assert SourceDocument.objects.count() == 0
    assert FundingStatement.objects.count() == 0


def test_bad_input_gets_a_german_error_naming_the_place(tmp_path):
    binary = tmp_path / "kaputt.txt"
    binary.write_bytes(b"Fortschrittsbericht 2024\nZeile zwei\n\xff\xfe kaputt\n")
    with pytest.raises(ImportFailed, match=r"kaputt\.txt, Zeile 3"):
        ProgressReportImporter().run(binary)

    garbage = tmp_path / "einkaufsliste.txt"
    garbage.write_text("Milch\nBrot\nKäse\n", encoding="utf-8")
    with pytest.raises(ImportFailed, match=r"einkaufsliste\.txt"):
        ProgressReportImporter().run(garbage)

    with pytest.raises(ImportFailed, match="nicht gefunden"):
        ProgressReportImporter().run(tmp_path / "fehlt.txt")
    assert SourceDocument.objects.count() == 0 and Project.objects.count() == 0


def test_parliamentary_answer_adds_projects_and_exact_bochum_figures(report_path, answer_path):
    ProgressReportImporter().run(report_path)
    result = ParliamentaryAnswerImporter().run(answer_path)

    bochum = Municipality.objects.get(name="Bochum")
    assert result.document.reference == "Drucksache 17/11212"
    codes = set(LocalReference.objects.filter(municipality=bochum).values_list("project__code", flat=True))
    assert {"13-01", "13-02", "13-04", "05-02", "14-01", "14-02", "15-01", "15-03"} <= codes

    climate = LocalReference.objects.get(project__code="14-02", municipality=bochum)
    assert climate.funding_eur == Decimal("521864") and climate.funding_basis == FundingBasis.EXACT
    assert "521.864 Euro" in climate.funding_text
    green = LocalReference.objects.get(project__code="14-01", municipality=bochum)
    assert green.funding_eur == Decimal("65000") and green.funding_qualifier == "approx"
    assert Provenance.objects.for_record(climate).filter(field="funding_eur", document=result.document).exists()

    # 05-02 is only in the 2020 answer; the 2024 report's 05-02a and 05-02b are its parts.
    assert Project.objects.get(code="05-02a").parent.code == "05-02"
    # The 2024 report is newer: its title stays, the 2020 wording is kept as provenance.
    rar = Project.objects.get(code="15-01")
    assert rar.title == "Research Alliance Ruhr"
    assert Provenance.objects.for_record(rar).filter(field="title", value__startswith="Research Departments").exists()


def test_proposals_are_stored_with_themes(proposals_path):
    ProposalListImporter().run(proposals_path)
    assert Proposal.objects.count() == 40
    assert sorted(Proposal.objects.values_list("number", flat=True)) == list(range(1, 41))
    assert Proposal.objects.get(number=1).theme == "Mobilität"
    assert Proposal.objects.get(number=22).theme == "Mittelstand"
    assert Proposal.objects.get(number=2).goal.startswith("Die Baulastträger des Landes")


def test_pdf_input_is_read(tmp_path, report_path):
    fpdf = pytest.importorskip("fpdf")
    pdf = fpdf.FPDF()
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_page()
    pdf.set_font("Helvetica", size=9)
    for line in report_path.read_text(encoding="utf-8").splitlines():
        # The PDF core fonts only know Latin-1: typographic dashes and icons become "?".
        safe = line.replace("\t", "    ").encode("latin-1", errors="replace").decode("latin-1")
        pdf.multi_cell(0, 4, safe or " ", new_x="LMARGIN", new_y="NEXT")
    path = tmp_path / "fortschrittsbericht-2024.pdf"
    pdf.output(str(path))

    result = ProgressReportImporter().run(path)

    assert result.document.media_type == "application/pdf"
    assert Project.objects.count() >= 20
    assert Project.objects.get(code="05-02a").current_funding().volume_eur == Decimal("3304000")


def test_commands_dry_run_prints_json_and_writes_nothing(report_path, capsys):
    call_command("import_progress_report", str(report_path), "--dry-run", "--format", "json")
    data = json.loads(capsys.readouterr().out)
    assert data["summary"]["completed"] == 42 and data["summary"]["total"] == 73
    assert len(data["projects"]) == 23
    first = data["projects"][0]
    assert {
        "code",
        "title",
        "action_field",
        "ministry",
        "status",
        "milestones",
        "funding",
        "sections",
        "municipalities",
        "source",
    } <= set(first)
    assert {"volume_eur", "state_share_percent", "determinable", "text"} <= set(first["funding"])
    assert data["import"]["status"] == "dry_run"
    assert Project.objects.count() == 0


def test_import_command_reports_errors_in_german(tmp_path):
    with pytest.raises(CommandError, match="nicht gefunden"):
        call_command("import_proposals", str(tmp_path / "fehlt.txt"))


def test_proposal_command_json(proposals_path, capsys):
    call_command("import_proposals", str(proposals_path), "--dry-run", "--format", "json")
    data = json.loads(capsys.readouterr().out)
    assert len(data["proposals"]) == 40
    assert {"number", "title", "theme", "goal", "background"} <= set(data["proposals"][0])


def test_local_references_say_what_happens_there_in_whole_sentences(report_path):
    ProgressReportImporter().run(report_path)
    herne = LocalReference.objects.get(project__code="13-05", municipality__name="Herne")
    assert (
        herne.description
        == "In Herne ist das Projekt des Landeswettbewerbs ways2work zur betrieblichen Mobilität angelaufen."
    )
    citylogistics = LocalReference.objects.get(project__code="13-06", municipality__name="Herne")
    assert citylogistics.description == "2020: Modellprojekt zur Citylogistik: Start in Herne"
    # "Foto: TalentMetropole Ruhr, Gelsenkirchen" names where the photographer sits, not where the project acts
    assert not LocalReference.objects.filter(project__code="01-01", municipality__name="Gelsenkirchen").exists()
    assert LocalReference.objects.filter(project__code="01-01", municipality__name="Bergkamen").exists()
