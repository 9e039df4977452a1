"""Local references as rows: one row per place (place, what happens there, amount with its kind and basis).

The rows replace the 53 unlabelled checkboxes of the report form. A row's entry is what
`ProjectReport.local_references` stores and publishing turns into the registry's `LocalReference`
(`importers.period.PeriodImporter`): the place by its AGS, the description, and an amount only with
the kind of money and whether the ministry states it exactly or estimates it.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from operations.formfields import GermanAmountField
from places.models import FundingBasis, FundingKind, Municipality
from programmes.forms import QUALIFIER_CHOICES

from .indicator_entries import as_decimal, store_decimal

PREFIX = "ort"
ADD_ROW = "ort_weitere_zeile"  # the name of the "weitere Zeile" button: re-shows the form with one more row

# What a ministry can say about its figure for a place; "unknown" is what a row without an amount means.
BASIS_CHOICES = [
    (FundingBasis.EXACT.value, _("genau angegeben")),
    (FundingBasis.ESTIMATED.value, _("geschätzt")),
]
KIND_CHOICES = [("", _("nicht angegeben")), *FundingKind.choices]


def place_choices() -> list:
    """The 53 municipalities grouped as a German reads the Ruhr area: the kreisfreie Städte, then each Kreis."""
    places = Municipality.objects.select_related("district").defer("geometry").order_by("name")
    cities, districts = [], {}
    for m in places:
        if m.district is None:
            cities.append((m.ags, m.name))
        else:
            districts.setdefault(m.district.name, []).append((m.ags, m.name))
    groups: list = [("", _("bitte wählen"))]
    if cities:
        groups.append((_("Kreisfreie Städte"), cities))
    groups += [(name, districts[name]) for name in sorted(districts)]
    return groups


class LocalReferenceRowForm(forms.Form):
    # Hints are said once for all rows (reporting/cycle/_places.html), not repeated in every row.
    place = forms.ChoiceField(label=_("Ort"), required=False)
    description = forms.CharField(
        label=_("Was dort geschieht"),
        max_length=2000,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    amount = GermanAmountField(label=_("Betrag für diesen Ort"), required=False)
    qualifier = forms.ChoiceField(label=_("Angabe zum Betrag"), choices=QUALIFIER_CHOICES, required=False)
    kind = forms.ChoiceField(label=_("Art der Mittel"), choices=KIND_CHOICES, required=False)
    basis = forms.ChoiceField(
        label=_("Grundlage"), choices=BASIS_CHOICES, required=False, initial=FundingBasis.EXACT.value
    )

    def __init__(self, *args, choices=None, names=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].choices = choices if choices is not None else place_choices()
        self._names = names or {}

    @property
    def place_name(self) -> str:
        """The chosen place's name, for the row's legend ("Ort 2: Bochum")."""
        return self._names.get(self["place"].value() or "", "")

    def clean(self):
        data = super().clean()
        place = data.get("place")
        if not place and ((data.get("description") or "").strip() or data.get("amount") is not None):
            self.add_error("place", _("Ort: Bitte den Ort wählen, zu dem die Angaben gehören."))
        if data.get("amount") is None and "amount" not in self.errors:
            if data.get("qualifier"):
                self.add_error("amount", _("Betrag für diesen Ort: Eine Angabe wie „rund“ braucht einen Betrag."))
            elif data.get("kind"):
                self.add_error("amount", _("Betrag für diesen Ort: Zur Art der Mittel bitte den Betrag angeben."))
        return data


class BaseLocalReferenceFormSet(forms.BaseFormSet):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._choices = place_choices()  # one query for all rows
        self._names = {ags: name for _label, group in self._choices[1:] for ags, name in group}

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Diese Zeile entfernen")

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "choices": self._choices, "names": self._names}

    def _kept(self):
        for form in self.forms:
            if self.can_delete and self._should_delete_form(form):
                continue
            if form.cleaned_data.get("place"):
                yield form

    def clean(self):
        first: dict[str, int] = {}
        for number, form in enumerate(self.forms, start=1):
            if self.can_delete and self._should_delete_form(form):
                continue
            ags = getattr(form, "cleaned_data", {}).get("place")
            if not ags:
                continue
            if ags in first:
                form.add_error(
                    "place",
                    _("Ort: %(name)s steht schon in Zeile %(n)d; bitte die Angaben dort zusammenführen.")
                    % {"name": self._names.get(ags, ags), "n": first[ags]},
                )
            else:
                first[ags] = number

    def entries(self) -> list[dict[str, Any]]:
        """The rows as `ProjectReport.local_references` stores them, sorted by place like the printed list."""
        out = []
        for form in self._kept():
            data = form.cleaned_data
            amount: Decimal | None = data.get("amount")
            out.append(
                {
                    "ags": data["place"],
                    "name": self._names.get(data["place"], data["place"]),
                    "description": " ".join((data.get("description") or "").split()),
                    "funding_eur": store_decimal(amount),
                    "funding_qualifier": (data.get("qualifier") or "") if amount is not None else "",
                    "funding_kind": (data.get("kind") or "") if amount is not None else "",
                    "funding_basis": (data.get("basis") or FundingBasis.EXACT.value)
                    if amount is not None
                    else FundingBasis.UNKNOWN.value,
                }
            )
        return sorted(out, key=lambda e: e["name"])


LocalReferenceFormSet = forms.formset_factory(
    LocalReferenceRowForm, formset=BaseLocalReferenceFormSet, extra=1, can_delete=True
)


def initial_rows(report) -> list[dict[str, Any]]:
    rows = []
    for ref in report.local_references or []:
        if not ref.get("ags"):
            continue
        amount = as_decimal(ref.get("funding_eur"))
        basis = ref.get("funding_basis") or ""
        rows.append(
            {
                "place": ref["ags"],
                "description": ref.get("description", ""),
                "amount": amount,
                "qualifier": ref.get("funding_qualifier", "") if amount is not None else "",
                "kind": ref.get("funding_kind", "") if amount is not None else "",
                "basis": basis if basis in (FundingBasis.EXACT, FundingBasis.ESTIMATED) else FundingBasis.EXACT.value,
            }
        )
    return rows


def place_formset(report, data=None, *, add_row: bool = False) -> BaseLocalReferenceFormSet:
    if data is not None:
        if add_row:
            data = data.copy()
            data[f"{PREFIX}-TOTAL_FORMS"] = str(int(data.get(f"{PREFIX}-TOTAL_FORMS") or 0) + 1)
        rows = LocalReferenceFormSet(data, prefix=PREFIX)
        if add_row:
            # The new row is where the editor continues: focus lands on its place without a script.
            rows.forms[-1].fields["place"].widget.attrs["autofocus"] = True
        return rows
    return LocalReferenceFormSet(initial=initial_rows(report), prefix=PREFIX)
