"""The answer to "which projects concern Bochum, with how much money" on the real documents."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from docx import Document
from openpyxl import load_workbook

from answers.place_answers import AnswerError, Filters, build_answer, resolve_as_of, resolve_place
from answers.place_documents import AnswerCsv, AnswerDocx, AnswerXlsx
from places.models import AllocationMethod, FundingAllocation, FundingBasis, LocalReference, Municipality
from programmes.models import Project

pytestmark = pytest.mark.django_db


def bochum_answer(**kwargs):
    return build_answer(Filters(municipality=Municipality.objects.get(name="Bochum"), **kwargs))


def test_bochum_answer_lists_every_project_of_both_documents(imported):
    answer = bochum_answer()
    codes = {r.project.code for r in answer.rows}
    from_2020 = {
        "13-01",
        "13-02",
        "13-04",
        "05-02",
        "17-01",
        "11-01",
        "16-01",
        "19-01",
        "04-06",
        "14-01",
        "14-02",
        "09-02",
        "15-01",
        "15-02",
        "15-03",
    }
    assert from_2020 <= codes
    assert "05-02a" in codes  # Start4Chem-Labs at the Ruhr-Universität Bochum, 2024 report
    assert {r.municipality.name for r in answer.rows} == {"Bochum"}


def test_exact_figures_and_totals_per_basis(imported):
    answer = bochum_answer()
    by_code = {r.project.code: r for r in answer.rows}
    assert by_code["14-02"].funding_eur == Decimal("521864") and by_code["14-02"].basis == "exact"
    assert by_code["14-01"].funding_eur == Decimal("65000") and by_code["14-01"].qualifier == "approx"
    assert by_code["15-01"].basis == "unknown" and by_code["15-01"].funding_eur is None
    # 2020: "sechs Anträge aus Bochum mit einem Fördervolumen von 521.864 Euro eingereicht" is money applied
    # for, "Die RUB erhält hier rund 65.000 Euro Förderung" money granted; only the latter is attributed.
    assert by_code["14-02"].kind == "applied" and not by_code["14-02"].counted
    assert by_code["14-01"].kind == "granted" and by_code["14-01"].counted
    totals = answer.totals()
    assert totals["exact_eur"] == 65000
    assert totals["applied_eur"] == 521864
    assert totals["summed_kinds"] == ["bewilligt/zugesagt"]
    assert {(k["kind"], k["eur"], k["counted"]) for k in totals["by_kind"]} == {
        ("applied", 521864, False),
        ("granted", 65000, True),
    }
    assert totals["estimated_eur"] == 0
    assert totals["rows_by_basis"]["exact"] == 2
    data = {p["code"]: p for p in answer.as_dict()["projects"]}
    assert data["14-02"]["funding_kind"] == "applied" and data["14-02"]["funding_kind_label"] == "beantragt"
    assert data["14-01"]["funding_text"] == "rund 65.000\u00a0€"


def test_estimated_shares_follow_the_documented_method(imported):
    project = Project.objects.get(code="11-05")  # Innovation City: 5.009.588 Euro, names several places
    refs = list(project.local_references.select_related("municipality"))
    assert len(refs) >= 2
    FundingAllocation.objects.create(
        project=project, method=AllocationMethod.EQUAL, rationale="Acht Quartiere gleich gefördert"
    )
    municipality = refs[0].municipality
    answer = build_answer(Filters(municipality=municipality))
    row = next(r for r in answer.rows if r.project == project)
    assert row.basis == "estimated"
    # An estimate is rounded to full thousand euros and says so ("rund"), never shown to the cent.
    assert row.funding_eur == round(Decimal("5009588") / len(refs) / 1000) * 1000
    assert row.qualifier == "approx"
    assert "Acht Quartiere" in row.explanation

    FundingAllocation.objects.filter(project=project).update(method=AllocationMethod.POPULATION)
    row = next(r for r in build_answer(Filters(municipality=municipality)).rows if r.project == project)
    population = sum(r.municipality.population for r in refs)
    assert row.funding_eur == round(Decimal("5009588") * municipality.population / population / 1000) * 1000
    assert row.funding_eur % 1000 == 0 and row.qualifier == "approx"


def test_region_wide_projects_are_shown_as_such_not_spread(imported):
    project = Project.objects.get(code="13-05")
    project.region_wide = True
    project.save()
    herne_like = Municipality.objects.exclude(local_references__project=project).first()
    answer = build_answer(Filters(municipality=herne_like))
    row = next(r for r in answer.rows if r.project == project)
    assert row.basis == "region_wide" and row.funding_eur is None
    assert answer.totals()["rows_by_basis"]["region_wide"] >= 1


def test_district_answer_names_the_municipality_of_each_row(imported):
    _, district = resolve_place(district="Kreis Recklinghausen")
    answer = build_answer(Filters(district=district))
    assert answer.rows
    assert {r.municipality.district for r in answer.rows} == {district}


def test_as_of_2020_only_uses_what_was_stated_then(imported):
    as_of, label = resolve_as_of("2020")
    answer = bochum_answer(as_of=as_of, as_of_label=label)
    codes = {r.project.code for r in answer.rows}
    assert "05-02a" not in codes  # only the 2024 report relates Start4Chem-Labs to Bochum
    assert "14-02" in codes
    assert all(r.project_volume_eur is None for r in answer.rows)  # no funding statement existed yet


def test_unknown_places_and_dates_are_clear_errors(imported):
    with pytest.raises(AnswerError, match="Leverkusen"):
        resolve_place(municipality="Leverkusen")
    with pytest.raises(AnswerError, match="Kreise im Ruhrgebiet"):
        resolve_place(district="Kreis Mettmann")
    with pytest.raises(AnswerError, match="Stichtag"):
        resolve_as_of("31.02.2024")


def test_command_prints_the_json_answer(imported, capsys):
    call_command("answer_question", "--municipality", "Bochum", "--format", "json")
    data = json.loads(capsys.readouterr().out)
    assert data["municipality"] == {"ags": "05911000", "name": "Bochum"}
    row = next(p for p in data["projects"] if p["code"] == "14-02")
    assert row["local_funding_eur"] == 521864 and row["funding_basis"] == "exact"
    assert row["sources"] and row["sources"][0]["reference"] == "Drucksache 17/11212"
    assert {
        "code",
        "title",
        "action_field",
        "local_relation",
        "local_funding_eur",
        "funding_basis",
        "project_volume_eur",
        "sources",
    } <= set(row)
    call_command("answer_question", "--municipality", "05911000", "--format", "json")
    assert json.loads(capsys.readouterr().out)["municipality"]["name"] == "Bochum"
    with pytest.raises(CommandError, match="Bielefeld"):
        call_command("answer_question", "--municipality", "Bielefeld")


def test_word_excel_and_csv_documents(imported, tmp_path):
    answer = bochum_answer()
    docx_path = tmp_path / "antwort.docx"
    docx_path.write_bytes(AnswerDocx(answer).render())
    doc = Document(str(docx_path))
    header = [c.text for c in doc.tables[0].rows[0].cells]
    assert header == ["Projekt [ID-Nr.]", "Lokaler Bezug des Projektes zu Bochum"]
    texts = "\n".join(c.text for t in doc.tables for row in t.rows for c in row.cells)
    assert "[14-02]" in texts and "521.864\u00a0€" in texts
    assert any(p.text.startswith("Handlungsfeld Vernetzte Mobilität") for p in doc.paragraphs)

    xlsx_path = tmp_path / "antwort.xlsx"
    xlsx_path.write_bytes(AnswerXlsx(answer).render())
    sheet = load_workbook(xlsx_path)["Antwort"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][1] == "Projekt-Nr."
    assert any(r[1] == "14-02" and r[8] == 521864 for r in rows[1:])

    csv_bytes = AnswerCsv(answer).render()
    assert csv_bytes.startswith("\ufeff".encode())
    text = csv_bytes.decode("utf-8-sig")
    assert "14-02;" in text and "521864,00" in text and "Ö" in text + "Ö"


def test_answer_page_and_downloads(imported, client):
    response = client.get("/anfragen/kommune/bochum/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Lokaler Bezug des Projektes zu Bochum" in html and "521.864\u00a0€" in html
    assert "Drucksache 17/11212" in html
    # every row names its basis; 2020-only projects say that no status is stated
    assert html.count("<strong>genau</strong>") == 2 and "<strong>unbekannt</strong>" in html
    assert "Status nicht angegeben" in html
    download = client.get("/anfragen/kommune/bochum/?format=docx")
    assert download["Content-Type"].startswith("application/vnd.openxmlformats")
    assert client.get("/anfragen/kreis/kreis-unna/").status_code == 200
    assert client.get("/anfragen/kommune/bochum/?stichtag=kein-datum").status_code == 404


def test_query_page_needs_login_and_saves_queries(imported, client, django_user_model):
    assert client.get("/anfragen/abfrage/").status_code == 302
    user = django_user_model.objects.create_user("leitstelle", password="x" * 16, role="programme_office")
    client.force_login(user)
    response = client.get("/anfragen/abfrage/?municipality=bochum&action_field=energie")
    html = response.content.decode()
    assert "Offensive Grüne Infrastruktur" in html and "Research Alliance Ruhr" not in html
    saved = client.post(
        "/anfragen/abfrage/speichern/?municipality=bochum&action_field=energie", {"title": "Energie in Bochum"}
    )
    follow = client.get(saved["Location"])
    assert follow.status_code == 302 and "action_field=energie" in follow["Location"]


def test_answer_for_any_municipality_uses_a_fixed_number_of_queries(imported, django_assert_max_num_queries):
    dortmund = Municipality.objects.get(name="Dortmund")
    with django_assert_max_num_queries(12):
        build_answer(Filters(municipality=dortmund)).as_dict()


def test_exact_figures_are_never_estimated_over(imported):
    ref = LocalReference.objects.get(project__code="14-02", municipality__name="Bochum")
    assert ref.funding_basis == FundingBasis.EXACT
    FundingAllocation.objects.create(project=ref.project, method=AllocationMethod.EQUAL, rationale="Test")
    row = next(r for r in bochum_answer().rows if r.project.code == "14-02")
    assert row.basis == "exact" and row.funding_eur == Decimal("521864")


def test_public_answers_never_show_unpublished_projects(imported, client, django_user_model):
    from programmes.services import ensure_reference_data

    draft = Project.objects.create(
        programme=ensure_reference_data(), code="99-01", title="Geheimes Vorhaben", slug="geheim"
    )
    LocalReference.objects.create(
        project=draft, municipality=Municipality.objects.get(name="Bochum"), description="intern"
    )

    assert "99-01" not in {r.project.code for r in bochum_answer().rows}
    assert "Geheimes Vorhaben" not in client.get("/anfragen/kommune/bochum/").content.decode()
    assert "Geheimes Vorhaben" not in client.get("/anfragen/kommune/bochum/?format=csv").content.decode("utf-8-sig")

    office = django_user_model.objects.create_user("leitstelle", password="x" * 16, role="programme_office")
    client.force_login(office)
    assert "Geheimes Vorhaben" in client.get("/anfragen/abfrage/?municipality=bochum").content.decode()


def test_funding_range_counts_only_money_attributed_to_the_place(imported):
    """„Förderung vor Ort ab 100.000 Euro“: the 521.864 Euro Bochum applied for in 14-02 are no such funding."""
    rows = bochum_answer(funding_min=Decimal("50000")).rows
    assert [r.project.code for r in rows] == ["14-01"]
    assert bochum_answer(funding_min=Decimal("100000")).rows == []
