"""Forms of the reporting cycle. They validate and convert; the services in reporting.services act."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from operations.formfields import GermanAmountField, GermanDateField, GermanNumberField, GermanPercentField
from places.models import Municipality
from programmes import funding
from programmes.forms import QUALIFIER_CHOICES
from programmes.models import IndicatorDirection, Ministry, Project, ProjectStatus

from .comparison import format_milestone
from .indicator_entries import as_date, as_decimal
from .models import ProjectReport
from .prefill import TEXT_SECTIONS

_MILESTONE = re.compile(
    r"^\s*(?P<year>(?:19|20)\d{2})(?:\s*/\s*(?P<year_end>(?:19|20)\d{2}))?"
    r"(?:-(?P<month>\d{1,2})(?:-(?P<day>\d{1,2}))?)?\s*:\s*(?P<text>\S.*)$"
)


def milestones_to_text(milestones: list[dict[str, Any]]) -> str:
    return "\n".join(format_milestone(m) for m in milestones or [])


def _funding_form_field(f: funding.FundingField) -> forms.Field:
    label = f.draft_label if f.draft_label is not None else f.label
    if f.kind == funding.AMOUNT:
        return GermanAmountField(label=label, required=False)
    if f.kind == funding.PERCENT:
        return GermanPercentField(label=label, required=False)
    if f.kind == funding.DATE:
        return GermanDateField(label=label, required=False, help_text=_("TT.MM.JJJJ"))
    if f.kind == funding.QUALIFIER:
        # The parser also reads "insgesamt" (exact); a draft carrying it must stay savable unchanged.
        return forms.ChoiceField(label=label, choices=[*QUALIFIER_CHOICES, ("exact", _("insgesamt"))], required=False)
    if f.kind == funding.FLAG:
        return forms.BooleanField(label=label, required=False)
    return forms.CharField(label=label, widget=forms.Textarea(attrs={"rows": 2}), required=False)


class ProjectReportForm(forms.Form):
    """The editor's form of one project page. `version` is the optimistic lock (hidden)."""

    # funding_text … annual_qualifier come from programmes.funding (added below the class, before the places)
    version = forms.IntegerField(widget=forms.HiddenInput)
    title = forms.CharField(label=_("Titel"), max_length=500)
    responsible = forms.CharField(label=_("Verantwortlich"), max_length=300, required=False)
    status = forms.ChoiceField(label=_("Projektstatus"), choices=ProjectStatus.choices)
    summary = forms.CharField(label=_("Kurzbeschreibung"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    milestones = forms.CharField(
        label=_("Meilensteine seit Projektstart"),
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
        help_text=_("Ein Meilenstein pro Zeile: „2024: Text“, „2023/2024: Text“ oder mit Monat „2024-11: Text“."),
    )
    value_added = forms.CharField(label=_("Mehrwert"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    approach = forms.CharField(label=_("Vorgehen"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    target_groups = forms.CharField(label=_("Zielgruppe"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    recent_development = forms.CharField(
        label=_("Jüngste Entwicklung"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    current_status = forms.CharField(
        label=_("Aktueller Stand"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    outlook = forms.CharField(label=_("Ausblick"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    result = forms.CharField(
        label=_("Projektergebnis"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("Nur für abgeschlossene Projekte."),
    )
    local_references = forms.ModelMultipleChoiceField(
        Municipality.objects.order_by("name"),
        label=_("Ortsbezüge"),
        required=False,
        to_field_name="ags",
        widget=forms.CheckboxSelectMultiple,
    )
    links = forms.CharField(
        label=_("Weiterführende Informationen"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("Eine Adresse pro Zeile."),
    )

    def __init__(self, *args, report=None, can_set_responsible: bool = False, place_rows: bool = False, **kwargs):
        self.report = report
        super().__init__(*args, **kwargs)
        if not can_set_responsible:
            del self.fields["responsible"]
        if place_rows:
            # The page edits the places as rows (reporting.place_forms); their entries join content() there.
            del self.fields["local_references"]
        if report is not None:
            self.fields["outlook"].label = _("Ausblick %(year)d") % {"year": report.period.outlook_year}

    @classmethod
    def initial_for(cls, report) -> dict[str, Any]:
        data = {name: getattr(report, name) for name in cls.base_fields if hasattr(report, name)}
        data["milestones"] = milestones_to_text(report.milestones)
        data["links"] = "\n".join(report.links or [])
        data["local_references"] = [r.get("ags") for r in report.local_references or [] if r.get("ags")]
        data["version"] = report.version
        return data

    def clean_milestones(self) -> list[dict[str, Any]]:
        known = set()
        if self.report is not None:
            known = set(self.report.project.subprojects.values_list("name", flat=True))
        out = []
        for number, line in enumerate(self.cleaned_data["milestones"].splitlines(), start=1):
            if not line.strip():
                continue
            match = _MILESTONE.match(line)
            if not match:
                raise forms.ValidationError(
                    _("Zeile %(n)d: „%(line)s“ beginnt nicht mit einem Jahr und Doppelpunkt (z. B. „2024: …“).")
                    % {"n": number, "line": line.strip()[:60]}
                )
            text, subproject = match["text"].strip(), ""
            name, sep, rest = text.partition(": ")
            if sep and name in known:
                subproject, text = name, rest.strip()
            out.append(
                {
                    "year": int(match["year"]),
                    "year_end": int(match["year_end"]) if match["year_end"] else None,
                    "month": int(match["month"]) if match["month"] else None,
                    "day": int(match["day"]) if match["day"] else None,
                    "text": text,
                    "subproject": subproject,
                }
            )
        return out

    def clean_links(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["links"].splitlines() if line.strip()]

    def clean_local_references(self) -> list[dict[str, str]]:
        # A post that names places only (a script, an older page) keeps what the rows said about each place.
        previous = {r.get("ags"): r for r in (self.report.local_references if self.report else []) or []}
        return [
            {**previous.get(m.ags, {"description": ""}), "ags": m.ags, "name": m.name}
            for m in sorted(self.cleaned_data["local_references"], key=lambda m: m.name)
        ]

    def clean(self):
        data = super().clean()
        if data.get("status") == ProjectStatus.COMPLETED and not (data.get("result") or "").strip():
            self.add_error("result", _("Für ein abgeschlossenes Projekt bitte das Projektergebnis beschreiben."))
        if (
            not data.get("funding_determinable")
            and not (data.get("funding_reason") or "").strip()
            and data.get("funding_text")
        ):
            data["funding_reason"] = data["funding_text"]
        for name in (*TEXT_SECTIONS, "funding_text", "funding_reason"):
            if name in data and isinstance(data[name], str):
                # Browsers send CRLF; stored text uses LF so that versions compare equal.
                data[name] = data[name].replace("\r\n", "\n").strip()
        return data

    def content(self) -> dict[str, Any]:
        """The cleaned values for `save_report`: content fields only, the lock apart."""
        data = dict(self.cleaned_data)
        data.pop("version", None)
        return data


def _with_funding_fields(fields: dict[str, forms.Field]) -> dict[str, forms.Field]:
    declared = list(fields.items())
    position = next(i for i, (name, _field) in enumerate(declared) if name == "local_references")
    added = [(f.draft, _funding_form_field(f)) for f in funding.FUNDING_FIELDS]
    return dict(declared[:position] + added + declared[position:])


ProjectReportForm.base_fields = _with_funding_fields(ProjectReportForm.base_fields)


class OpenPeriodForm(forms.Form):
    title = forms.CharField(label=_("Titel"), max_length=200, initial="Fortschrittsbericht")
    subtitle = forms.CharField(label=_("Untertitel"), max_length=300, required=False)
    cut_off = GermanDateField(label=_("Stichtag der Angaben"))
    due = GermanDateField(label=_("Abgabefrist für die Ressorts"))


class PeriodTextsForm(forms.Form):
    subtitle = forms.CharField(label=_("Untertitel"), max_length=300, required=False)
    editorial_heading = forms.CharField(label=_("Editorial: Überschrift"), max_length=300, required=False)
    editorial = forms.CharField(label=_("Editorial"), widget=forms.Textarea(attrs={"rows": 10}), required=False)
    overview_heading = forms.CharField(label=_("Überblick: Überschrift"), max_length=300, required=False)
    overview = forms.CharField(
        label=_("Überblick"),
        widget=forms.Textarea(attrs={"rows": 12}),
        required=False,
        help_text=_("Eine eigene Zeile „Stand der Ressortprojekte“ markiert die Stelle der Grafik."),
    )
    outlook_heading = forms.CharField(label=_("Rückblick und Ausblick: Überschrift"), max_length=300, required=False)
    outlook = forms.CharField(
        label=_("Rückblick und Ausblick"), widget=forms.Textarea(attrs={"rows": 10}), required=False
    )
    imprint = forms.CharField(label=_("Impressum"), widget=forms.Textarea(attrs={"rows": 8}), required=False)

    def clean(self):
        data = super().clean()
        return {k: v.replace("\r\n", "\n").strip() if isinstance(v, str) else v for k, v in data.items()}


class CommentForm(forms.Form):
    comment = forms.CharField(label=_("Kommentar"), widget=forms.Textarea(attrs={"rows": 3}))


class ApproveForm(forms.Form):
    comment = forms.CharField(label=_("Anmerkung (optional)"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class DecisionForm(forms.Form):
    """The one text box of a report's decision panel. Every decision button (approve, request changes, comment)
    sends it, so what a reviewer wrote always goes with the button she pressed and a page has one such box."""

    comment = forms.CharField(
        label=_("Kommentar"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_(
            "Geht mit der Schaltfläche, die Sie drücken: als Anmerkung zur Freigabe, als Bitte um Änderungen "
            "(dann Pflicht) oder als Kommentar."
        ),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "entscheidung-%s")
        super().__init__(*args, **kwargs)


class AssignMinistryForm(forms.Form):
    ministry = forms.ModelChoiceField(
        Ministry.objects.order_by("name"), label=_("Ressort"), empty_label=_("bitte wählen")
    )


class ReportSelectionForm(forms.Form):
    """Reports chosen in a list for a bulk action (approve, carry over unchanged)."""

    reports = forms.ModelMultipleChoiceField(ProjectReport.objects.none(), required=True)
    confirmed = forms.BooleanField(required=False)

    def __init__(self, *args, period=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reports"].error_messages["required"] = _("Bitte mindestens einen Bericht auswählen.")
        if period is not None:
            self.fields["reports"].queryset = period.reports.select_related("project", "period")


class ErratumForm(forms.Form):
    project = forms.ModelChoiceField(Project.objects.none(), label=_("betrifft Projekt"), required=False)
    text = forms.CharField(label=_("Korrektur"), widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, period=None, **kwargs):
        super().__init__(*args, **kwargs)
        if period is not None:
            self.fields["project"].queryset = Project.objects.filter(reports__period=period).order_by("code")


# --- indicators ----------------------------------------------------------------------------------------


class IndicatorValueFields(forms.Form):
    """The value a report states for one indicator in this period."""

    value = GermanNumberField(label=_("Wert"), help_text=_("z. B. 1.500 oder 2,5"))
    qualifier = forms.ChoiceField(label=_("Angabe zum Wert"), choices=QUALIFIER_CHOICES, required=False)
    as_of = GermanDateField(label=_("Stand"))


class IndicatorValueForm(IndicatorValueFields):
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, report=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["value"].error_messages["required"] = _("Wert: Bitte einen Wert angeben.")
        if report is not None:
            self.fields["as_of"].initial = report.period.cut_off

    @classmethod
    def initial_for(cls, report, item: dict[str, Any]) -> dict[str, Any]:
        return {
            "version": report.version,
            "value": as_decimal(item.get("value")),
            "qualifier": item.get("qualifier") or "",
            "as_of": as_date(item.get("as_of")) or report.period.cut_off,
        }

    def value_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name) for name in ("value", "qualifier", "as_of")}


class IndicatorForm(forms.Form):
    """Definition of an indicator; when adding, the value of this period may come with it."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    name = forms.CharField(label=_("Name"), max_length=300, help_text=_("z. B. „Forschungsprofessuren besetzt“"))
    unit = forms.CharField(label=_("Einheit"), max_length=50, required=False, help_text=_("z. B. „Professuren“"))
    direction = forms.ChoiceField(
        label=_("Richtung"), choices=IndicatorDirection.choices, initial=IndicatorDirection.INCREASE
    )
    baseline = GermanNumberField(label=_("Ausgangswert"), required=False)
    baseline_date = GermanDateField(label=_("Ausgangswert, Stand"), required=False)
    target = GermanNumberField(label=_("Zielwert"), required=False)
    target_qualifier = forms.ChoiceField(label=_("Angabe zum Ziel"), choices=QUALIFIER_CHOICES, required=False)
    target_date = GermanDateField(label=_("Ziel, bis"), required=False)

    def __init__(self, *args, report=None, index: int | None = None, with_value: bool = False, **kwargs):
        self.report = report
        self.index = index
        super().__init__(*args, **kwargs)
        self.fields["name"].error_messages["required"] = _("Name: Bitte einen Namen für die Kennzahl angeben.")
        if with_value:
            value_fields = IndicatorValueFields(prefix=None).fields
            for name in ("value", "qualifier", "as_of"):
                self.fields[name] = value_fields[name]
                self.fields[name].required = False
            self.fields["value"].help_text = _("Optional: der Wert dieser Berichtsperiode, z. B. 1.500 oder 2,5")
            if report is not None:
                self.fields["as_of"].initial = report.period.cut_off

    @classmethod
    def initial_for(cls, report, item: dict[str, Any]) -> dict[str, Any]:
        return {
            "version": report.version,
            "name": item.get("name", ""),
            "unit": item.get("unit", ""),
            "direction": item.get("direction") or IndicatorDirection.INCREASE,
            "baseline": as_decimal(item.get("baseline")),
            "baseline_date": as_date(item.get("baseline_date")),
            "target": as_decimal(item.get("target")),
            "target_qualifier": item.get("target_qualifier") or "",
            "target_date": as_date(item.get("target_date")),
        }

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        others = [
            item.get("name", "")
            for i, item in enumerate((self.report.indicators if self.report else None) or [])
            if i != self.index
        ]
        if any(other.casefold() == name.casefold() for other in others):
            raise forms.ValidationError(
                _("Name: Eine Kennzahl „%(name)s“ gibt es in diesem Bericht schon."), params={"name": name}
            )
        return name

    def clean(self):
        data = super().clean()
        if data.get("baseline") is not None and not data.get("baseline_date") and "baseline_date" not in self.errors:
            self.add_error(
                "baseline_date",
                _("Ausgangswert, Stand: Bitte angeben, auf welches Datum sich der Ausgangswert bezieht."),
            )
        if data.get("target") is not None and not data.get("target_date") and "target_date" not in self.errors:
            self.add_error("target_date", _("Ziel, bis: Bitte angeben, bis wann das Ziel erreicht sein soll."))
        if data.get("target_qualifier") and data.get("target") is None:
            self.add_error("target", _("Zielwert: Eine Angabe wie „mehr als“ braucht einen Zielwert."))
        baseline_date, target_date = data.get("baseline_date"), data.get("target_date")
        if baseline_date and target_date and target_date <= baseline_date:
            self.add_error("target_date", _("Ziel, bis: Das Zieldatum muss nach dem Datum des Ausgangswerts liegen."))
        if "value" in self.fields:
            if data.get("value") is None and (data.get("qualifier")):
                self.add_error("value", _("Wert: Eine Angabe wie „rund“ braucht einen Wert."))
        return data

    def definition(self) -> dict[str, Any]:
        from .indicator_entries import DEFINITION_FIELDS

        return {name: self.cleaned_data.get(name) for name in DEFINITION_FIELDS}

    def value_data(self) -> dict[str, Any] | None:
        if "value" not in self.fields or self.cleaned_data.get("value") is None:
            return None
        return {name: self.cleaned_data.get(name) for name in ("value", "qualifier", "as_of")}


class MinistryDeadlinesForm(forms.Form):
    """One optional date per ministry of the period: its own deadline; empty means the period's."""

    def __init__(self, *args, ministries=(), **kwargs):
        super().__init__(*args, **kwargs)
        for ministry in ministries:
            self.fields[f"frist_{ministry.pk}"] = GermanDateField(
                label=f"{ministry.name} ({ministry.abbreviation})",
                required=False,
                help_text=_("TT.MM.JJJJ; leer: die Abgabefrist der Periode"),
            )
