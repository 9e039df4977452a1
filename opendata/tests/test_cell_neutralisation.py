"""No download can be weaponised: every CSV and XLSX cell of every dataset in the registry is neutralised against
formula injection, and stored control characters or bidi overrides neither reach a cell nor break a file."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest
from django.apps import apps
from django.db import models
from openpyxl import load_workbook

from opendata.registry import DATASETS
from operations.cells import csv_cell, is_formula_input, looks_like_formula, parse_spreadsheet_text

PAYLOADS = (
    '=HYPERLINK("http://evil.example","Klick")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "  =1+1",
    "Text mit ESC\x1b und BEL\x07 und \u202eRTL-Override",
)
_APPS = ("programmes", "places", "proposals", "sources", "reporting", "opendata", "alerts", "portal")
_KEEP = {"slug", "code", "ags", "abbreviation", "sha256", "key", "number", "filename", "kind", "media_type", "file"}


@pytest.fixture
def poisoned(public_and_secret):
    """Every free text of the registry's rows (no keys, slugs, codes or choices) set to one of the payloads."""
    n = 0
    for model in apps.get_models():
        if model._meta.app_label not in _APPS or model.__name__.startswith("Historical"):
            continue
        # A field in a unique constraint is a key (the search index's term per project), not free text.
        constrained = {
            name for c in model._meta.constraints if isinstance(c, models.UniqueConstraint) for name in c.fields
        } | {name for group in model._meta.unique_together for name in group}
        fields = [
            f
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField)
            and not f.choices
            and not f.unique
            and f.name not in constrained
            and f.name not in _KEEP
            and not isinstance(f, models.SlugField | models.FileField)
            and (f.max_length is None or f.max_length >= 40)
        ]
        if not fields:
            continue
        for obj in model._base_manager.all():
            for field in fields:
                setattr(obj, field.attname, PAYLOADS[n % len(PAYLOADS)][: field.max_length or None])
                n += 1
            model._base_manager.filter(pk=obj.pk).update(**{f.attname: getattr(obj, f.attname) for f in fields})
    assert n > 50
    return n


def _assert_csv_safe(content: bytes, delimiter: str, where: str) -> int:
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline=""), delimiter=delimiter))
    escaped = 0
    for number, row in enumerate(rows, start=1):
        for cell in row:
            assert not looks_like_formula(cell), f"{where}, Zeile {number}: {cell!r}"
            assert "\x1b" not in cell and "\x07" not in cell and "\u202e" not in cell, f"{where}: {cell!r}"
            escaped += cell.startswith("'")
    return escaped


def _assert_xlsx_safe(content: bytes, where: str) -> int:
    workbook = load_workbook(io.BytesIO(content))
    marked = 0
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{where} {sheet.title}!{cell.coordinate}: Formel {cell.value!r}"
                if isinstance(cell.value, str) and looks_like_formula(cell.value):
                    assert cell.quotePrefix, f"{where} {sheet.title}!{cell.coordinate}: {cell.value!r}"
                    marked += 1
    return marked


@pytest.mark.parametrize("slug", list(DATASETS))
def test_every_dataset_neutralises_formulas_in_csv_and_xlsx(client, poisoned, slug):
    found, has_rows = 0, False
    for fmt, delimiter in (("csv", ","), ("excel.csv", ";")):
        response = client.get(f"/daten/download/{slug}.{fmt}")
        assert response.status_code == 200
        found += _assert_csv_safe(response.content, delimiter, f"{slug}.{fmt}")
        has_rows = has_rows or response.content.count(b"\n") > 1
    response = client.get(f"/daten/download/{slug}.xlsx")
    assert response.status_code == 200
    found += _assert_xlsx_safe(response.content, f"{slug}.xlsx")
    if has_rows and slug not in {"municipalities", "action-fields"}:  # names from the reference data only
        assert found, f"{slug}: keine der eingeschleusten Formeln erreicht die Datei – der Test prüft nichts"


def test_full_dump_with_stored_control_characters_is_served_and_safe(client, poisoned):
    response = client.get("/daten/download/ruhr-monitor.zip")
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        for name in archive.namelist():
            if name.endswith(".excel.csv"):
                _assert_csv_safe(archive.read(name), ";", name)
            elif name.endswith(".csv"):
                _assert_csv_safe(archive.read(name), ",", name)
            elif name.endswith(".xlsx"):
                _assert_xlsx_safe(archive.read(name), name)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("\t=1+1", "'\t=1+1"),
        ("  @x", "'  @x"),
        ("-1.234,50", "-1.234,50"),  # a figure, not a formula
        ("+49 201 123", "+49 201 123"),
        ("Bochum", "Bochum"),
        ("a\x1bb\u202ec", "abc"),
    ],
)
def test_csv_cell(text, expected):
    assert csv_cell(text) == expected


def test_round_trip_text_takes_off_our_escape_and_refuses_formulas():
    assert parse_spreadsheet_text("'=Wert") == "=Wert"  # as exported: unchanged
    assert parse_spreadsheet_text("- erster Punkt\x07") == "- erster Punkt"
    for formula in ('=HYPERLINK("http://evil.example")', "+1+cmd", "@SUM(A1)", "\t=1", "-cmd|x"):
        assert is_formula_input(formula)
        with pytest.raises(ValueError, match="Tabellenformel"):
            parse_spreadsheet_text(formula)


def test_the_answer_xlsx_and_csv_store_no_live_formula(imported):
    from answers.place_answers import Filters, build_answer
    from answers.place_documents import AnswerCsv, AnswerXlsx
    from places.models import Municipality
    from programmes.models import Project

    for number, project in enumerate(Project.objects.order_by("code")):
        Project.objects.filter(pk=project.pk).update(title=PAYLOADS[number % len(PAYLOADS)])
    answer = build_answer(Filters(municipality=Municipality.objects.get(name="Bochum")))
    assert answer.rows
    assert _assert_xlsx_safe(AnswerXlsx(answer).render(), "antwort.xlsx") > 0
    assert _assert_csv_safe(AnswerCsv(answer).render(), ";", "antwort.csv") > 0


def test_a_search_feed_with_control_characters_answers(client, public_and_secret):
    response = client.get("/daten/feeds/suche.atom", {"q": "Bochum\x1b[31m\x07"})
    assert response.status_code == 200
