"""German input: the plain parser (operations.german_numbers) and the form fields built on it."""

from datetime import date
from decimal import Decimal

import pytest
from django import forms

from operations.formfields import GermanAmountField, GermanDateField, GermanNumberField, GermanPercentField
from operations.german_numbers import InputError, parse_amount_input, parse_date_input, parse_percent_input


@pytest.mark.parametrize(
    ("typed", "euros"),
    [
        ("2.100.000,00", Decimal("2100000")),
        ("1.890.000", Decimal("1890000")),
        ("1.250.000,50", Decimal("1250000.50")),
        ("1,9 Mio.", Decimal("1900000")),
        ("2,1 Millionen", Decimal("2100000")),
        ("1.500 €", Decimal("1500")),
        ("1.500,00 EUR", Decimal("1500")),
        ("1\u00a0500\u00a0000 Euro", Decimal("1500000")),
        ("750", Decimal("750")),
        ("0,5 Mrd.", Decimal("500000000")),
    ],
)
def test_amounts_as_typed(typed, euros):
    assert parse_amount_input(typed) == euros


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("1.5", "decimal_point"),
        ("2100000.00", "decimal_point"),
        ("1.50.000", "invalid"),
        ("zwei Millionen", "invalid"),
        ("-300", "negative"),
        ("1,9 Mio. Mio.", "invalid"),
    ],
)
def test_amounts_refused_with_reason(typed, code):
    with pytest.raises(InputError) as caught:
        parse_amount_input(typed)
    assert caught.value.code == code
    assert f"„{typed}“" in str(caught.value)


@pytest.mark.parametrize(
    ("typed", "percent"),
    [("90 %", Decimal(90)), ("90", Decimal(90)), ("12,5 %", Decimal("12.5")), ("12,5 Prozent", Decimal("12.5"))],
)
def test_percentages_as_typed(typed, percent):
    assert parse_percent_input(typed) == percent


@pytest.mark.parametrize(
    ("typed", "day"),
    [("31.12.2025", date(2025, 12, 31)), ("1.7.2025", date(2025, 7, 1)), ("2025-12-31", date(2025, 12, 31))],
)
def test_dates_as_typed(typed, day):
    assert parse_date_input(typed) == day


@pytest.mark.parametrize(("typed", "code"), [("30.06.205", "invalid_date"), ("31.02.2025", "no_such_day")])
def test_impossible_dates_refused(typed, code):
    with pytest.raises(InputError) as caught:
        parse_date_input(typed)
    assert caught.value.code == code


class FundingForm(forms.Form):
    volume = GermanAmountField(label="Volumen (Euro)", required=False)
    share = GermanPercentField(label="Landesanteil (%)", required=False)
    count = GermanNumberField(label="Wert", required=False)
    as_of = GermanDateField(label="Stand", required=False)
    due = GermanDateField(label="Frist")


def test_form_reads_german_input_and_shows_it_back_in_german():
    form = FundingForm(
        data={"volume": "2.100.000,00", "share": "90 %", "count": "1.500", "as_of": "31.12.2025", "due": "2026-03-31"}
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {
        "volume": Decimal("2100000"),
        "share": Decimal(90),
        "count": Decimal(1500),
        "as_of": date(2025, 12, 31),
        "due": date(2026, 3, 31),
    }
    shown = FundingForm(initial={**form.cleaned_data, "volume": Decimal("1250000.50")})
    html = str(shown)
    assert 'value="1.250.000,50"' in html
    assert 'value="90"' in html
    assert 'value="1.500"' in html
    assert 'value="31.12.2025"' in html
    assert 'inputmode="decimal"' in html
    assert 'type="number"' not in html


def test_errors_name_the_field_and_what_was_typed():
    form = FundingForm(data={"volume": "1.5", "share": "120 %", "count": "viele", "as_of": "31.02.2025", "due": ""})
    assert not form.is_valid()
    assert form.errors["volume"] == [
        "Volumen (Euro): „1.5“ ist keine Zahl in deutscher Schreibweise: Bitte das Komma als Dezimalzeichen "
        "verwenden (z. B. 2.100.000,00 oder 1,9 Mio.)."
    ]
    assert form.errors["share"] == ["Landesanteil (%): Der Anteil darf höchstens 100 % betragen."]
    assert form.errors["count"] == ["Wert: „viele“ ist keine Zahl in deutscher Schreibweise (z. B. 1.500 oder 2,5)."]
    assert form.errors["as_of"] == ["Stand: Den 31.02.2025 gibt es nicht. Bitte ein gültiges Datum angeben."]
    assert form.errors["due"] == ["Frist: Bitte ein Datum angeben."]


def test_amount_limits():
    form = FundingForm(data={"volume": "1.000,005", "due": "1.1.2026"})
    assert not form.is_valid()
    assert "Cent" in form.errors["volume"][0]
    form = FundingForm(data={"volume": "-5", "due": "1.1.2026"})
    assert form.errors["volume"] == ["Volumen (Euro): Ein Betrag kann nicht negativ sein."]


def test_unchanged_german_input_is_not_a_change():
    form = FundingForm(
        data={"volume": "2.100.000,00", "due": "31.12.2025"},
        initial={"volume": Decimal("2100000.00"), "due": date(2025, 12, 31)},
    )
    assert form.is_valid()
    assert "volume" not in form.changed_data
    assert "due" not in form.changed_data
