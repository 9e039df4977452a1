"""The one definition of a funding statement (Projektvolumen): which figures it has, their German names and kinds.

A funding statement is written in many places: the registry's `FundingStatement`, the report draft
(`ProjectReport`), the prefill of a new period, the editor's form, publishing, the report text, the
API schema and serializer, the export columns, the change list and the importer. Each of them reads
`FUNDING_FIELDS` instead of spelling the fields out, so a new figure (or a forgotten "Stand", which once
erased the volume's date in every cycle) cannot be missing from one of them.

The model fields are built here as well (`statement_fields`, `draft_fields`), so the registry and the
draft cannot disagree about a field's type either.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from operations.german_numbers import format_euro, german_grouping

AMOUNT = "amount"  # euro, two decimal places
PERCENT = "percent"
DATE = "date"  # the "Stand" of the amount named in `of`
QUALIFIER = "qualifier"  # "approx", "more_than", … of the amount named in `of`
TEXT = "text"
FLAG = "flag"


@dataclass(frozen=True)
class FundingField:
    name: str  # attribute of FundingStatement and of the parser's Funding
    label: Any  # German, lazy
    kind: str
    draft_name: str = ""  # attribute of ProjectReport when it differs (its "text" would be ambiguous there)
    draft_label: Any = None
    of: str = ""  # for a date or qualifier: the amount it belongs to
    short_label: Any = None  # how the report text and the project page name the figure

    @property
    def draft(self) -> str:
        return self.draft_name or self.name

    @property
    def is_figure(self) -> bool:
        """An amount or a percentage: something a reader can quote and a line must contain."""
        return self.kind in (AMOUNT, PERCENT)

    def model_field(self, *, draft: bool) -> models.Field:
        label = self.draft_label if draft and self.draft_label is not None else self.label
        if self.kind == AMOUNT:
            return models.DecimalField(label, max_digits=15, decimal_places=2, null=True, blank=True)
        if self.kind == PERCENT:
            return models.DecimalField(label, max_digits=5, decimal_places=2, null=True, blank=True)
        if self.kind == DATE:
            return models.DateField(label, null=True, blank=True)
        if self.kind == QUALIFIER:
            return models.CharField(label, max_length=16, blank=True)
        if self.kind == FLAG:
            return models.BooleanField(label, default=True)
        # The registry's wording is what the document says and is never empty; a draft may be.
        return models.TextField(label, blank=draft or self.name != "text")

    def stored(self, value: Any) -> Any:
        """A value as the model field keeps it (the parser says None where the model keeps "")."""
        if self.kind in (QUALIFIER, TEXT):
            return value or ""
        if self.kind == FLAG:
            return True if value is None else bool(value)
        return value


FUNDING_FIELDS: tuple[FundingField, ...] = (
    FundingField("text", _("Wortlaut"), TEXT, draft_name="funding_text", draft_label=_("Projektvolumen (Wortlaut)")),
    FundingField(
        "determinable",
        _("bezifferbar"),
        FLAG,
        draft_name="funding_determinable",
        draft_label=_("Projektvolumen bezifferbar"),
    ),
    FundingField("reason", _("Grund, falls nicht bezifferbar"), TEXT, draft_name="funding_reason"),
    FundingField("volume_eur", _("Volumen (Euro)"), AMOUNT, short_label=_("Projektvolumen")),
    FundingField("volume_qualifier", _("Angabe zum Volumen"), QUALIFIER, of="volume_eur"),
    FundingField("volume_as_of", _("Volumen, Stand"), DATE, of="volume_eur"),
    FundingField("state_share_percent", _("Landesanteil (%)"), PERCENT, short_label=_("Landesanteil")),
    FundingField("state_eur", _("Landesmittel (Euro)"), AMOUNT, short_label=_("Landesmittel")),
    FundingField("state_qualifier", _("Angabe zu den Landesmitteln"), QUALIFIER, of="state_eur"),
    FundingField("own_share_percent", _("Eigenanteil (%)"), PERCENT, short_label=_("Eigenanteil")),
    FundingField("own_eur", _("Eigenanteil (Euro)"), AMOUNT, short_label=_("Eigenanteil")),
    FundingField("spent_eur", _("verausgabt (Euro)"), AMOUNT, short_label=_("bisher verausgabt")),
    FundingField("spent_as_of", _("verausgabt, Stand"), DATE, of="spent_eur"),
    FundingField("annual_eur", _("jährlich (Euro)"), AMOUNT, short_label=_("laufend jährlich")),
    FundingField("annual_qualifier", _("Angabe zum jährlichen Betrag"), QUALIFIER, of="annual_eur"),
)

BY_NAME = {f.name: f for f in FUNDING_FIELDS}
NAMES = tuple(f.name for f in FUNDING_FIELDS)
DRAFT_NAMES = tuple(f.draft for f in FUNDING_FIELDS)
FIGURES = tuple(f for f in FUNDING_FIELDS if f.is_figure)


def qualifier_of(amount: str) -> FundingField | None:
    return next((f for f in FUNDING_FIELDS if f.kind == QUALIFIER and f.of == amount), None)


def date_of(amount: str) -> FundingField | None:
    return next((f for f in FUNDING_FIELDS if f.kind == DATE and f.of == amount), None)


def _abstract_model(name: str, *, draft: bool) -> type[models.Model]:
    attrs: dict[str, Any] = {
        "__module__": "programmes.models",
        "Meta": type("Meta", (), {"abstract": True}),
        "__doc__": "The fields of FUNDING_FIELDS as model fields (see programmes.funding).",
    }
    for f in FUNDING_FIELDS:
        attrs[f.draft if draft else f.name] = f.model_field(draft=draft)
    return type(name, (models.Model,), attrs)


def statement_model() -> type[models.Model]:
    """Abstract base of FundingStatement."""
    return _abstract_model("FundingStatementFields", draft=False)


def draft_model() -> type[models.Model]:
    """Abstract base of ProjectReport: the same fields under the draft's names."""
    return _abstract_model("FundingDraftFields", draft=True)


def from_statement(statement) -> dict[str, Any]:
    """A statement (model or parser result) → the draft's fields."""
    return {f.draft: f.stored(getattr(statement, f.name, None)) for f in FUNDING_FIELDS}


def from_draft(report) -> dict[str, Any]:
    """A draft → the statement's fields."""
    return {f.name: f.stored(getattr(report, f.draft)) for f in FUNDING_FIELDS}


def from_parsed(parsed) -> dict[str, Any]:
    """The parser's `Funding` → the statement's fields as stored."""
    return {f.name: f.stored(getattr(parsed, f.name, None)) for f in FUNDING_FIELDS}


# --- the figures in words: the lines a report or a correction prints, so each figure's line contains it ------

QUALIFIER_WORDS = {"approx": "rund", "more_than": "mehr als", "at_least": "mindestens", "up_to": "bis zu"}


def format_percent(value) -> str:
    value = Decimal(value)
    text = f"{value:,.2f}".rstrip("0").rstrip(".") if value != value.to_integral_value() else f"{value:,.0f}"
    return german_grouping(text) + " %"


def format_figure(f: FundingField, value) -> str:
    if f.kind == PERCENT:
        return format_percent(value)
    if f.kind == DATE:
        return value.strftime("%d.%m.%Y")
    return format_euro(value).replace("\u00a0", " ")


def figure_rows(values: dict[str, Any], *, space: str = " ") -> list[tuple[Any, str]]:
    """(label, "mehr als 1.890.000 € (Stand 31.12.2026)") for each figure the values hold, in the definition's order.

    `values` maps the statement's field names to values (a statement's attributes, or `from_draft`).
    """
    rows = []
    for f in FIGURES:
        value = values.get(f.name)
        if value is None:
            continue
        text = format_figure(f, value).replace(" ", space)
        qualifier = qualifier_of(f.name)
        if qualifier is not None and values.get(qualifier.name) in QUALIFIER_WORDS:
            text = f"{QUALIFIER_WORDS[values[qualifier.name]]} {text}"
        stand = date_of(f.name)
        if stand is not None and values.get(stand.name) is not None:
            text = f"{text} (Stand {format_figure(stand, values[stand.name])})"
        rows.append((f.short_label, text))
    return rows


def statement_rows(statement) -> list[tuple[Any, str]]:
    """The rows of a statement's table on a page (no-break spaces keep "1.890.000 €" on one line)."""
    return figure_rows({f.name: getattr(statement, f.name) for f in FUNDING_FIELDS}, space="\u00a0")


def figure_lines(values: dict[str, Any]) -> list[str]:
    """One German line per figure ("Landesmittel: mehr als 1.890.000 € (Stand 31.12.2026)").

    The lines are printed under the wording, and the statement cites them with it: whatever a page shows
    from the statement can be found in the lines it cites.
    """
    return [f"{label}: {text}" for label, text in figure_rows(values)]
