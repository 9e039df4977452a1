"""Forms of the reporting cycle. They validate and convert; the services in reporting.services act."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from places.models import Municipality
from programmes.models import Project, ProjectStatus

from .comparison import format_milestone
from .prefill import TEXT_SECTIONS

_MILESTONE = re.compile(
    r"^\s*(?P<year>(?:19|20)\d{2})(?:\s*/\s*(?P<year_end>(?:19|20)\d{2}))?"
    r"(?:-(?P<month>\d{1,2})(?:-(?P<day>\d{1,2}))?)?\s*:\s*(?P<text>\S.*)$"
)


def milestones_to_text(milestones: list[dict[str, Any]]) -> str:
    return "\n".join(format_milestone(m) for m in milestones or [])


def indicators_to_text(indicators: list[dict[str, Any]]) -> str:
    return "\n".join(
        " | ".join(str(part) for part in (i.get("name", ""), i.get("value", ""), i.get("unit", "")) if part != "")
        for i in indicators or []
    )


class ProjectReportForm(forms.Form):
    """The editor's form of one project page. `version` is the optimistic lock (hidden)."""

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
    funding_text = forms.CharField(
        label=_("Projektvolumen (Wortlaut)"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    funding_determinable = forms.BooleanField(label=_("Projektvolumen bezifferbar"), required=False)
    funding_reason = forms.CharField(
        label=_("Grund, falls nicht bezifferbar"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    volume_eur = forms.DecimalField(label=_("Volumen (Euro)"), required=False, min_value=0, localize=True)
    state_share_percent = forms.DecimalField(
        label=_("Landesanteil (%)"), required=False, min_value=0, max_value=100, localize=True
    )
    state_eur = forms.DecimalField(label=_("Landesmittel (Euro)"), required=False, min_value=0, localize=True)
    spent_eur = forms.DecimalField(label=_("verausgabt (Euro)"), required=False, min_value=0, localize=True)
    spent_as_of = forms.DateField(label=_("verausgabt, Stand"), required=False, help_text=_("TT.MM.JJJJ"))
    annual_eur = forms.DecimalField(label=_("jährlich (Euro)"), required=False, min_value=0, localize=True)
    indicators = forms.CharField(
        label=_("Kennzahlen"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Eine Kennzahl pro Zeile: „Name | Wert | Einheit“, z. B. „Forschungsprofessuren besetzt | 27“."),
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

    def __init__(self, *args, report=None, can_set_responsible: bool = False, **kwargs):
        self.report = report
        super().__init__(*args, **kwargs)
        if not can_set_responsible:
            del self.fields["responsible"]
        if report is not None:
            self.fields["outlook"].label = _("Ausblick %(year)d") % {"year": report.period.outlook_year}

    @classmethod
    def initial_for(cls, report) -> dict[str, Any]:
        data = {name: getattr(report, name) for name in cls.base_fields if hasattr(report, name)}
        data["milestones"] = milestones_to_text(report.milestones)
        data["indicators"] = indicators_to_text(report.indicators)
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

    def clean_indicators(self) -> list[dict[str, Any]]:
        previous = {i.get("name"): i for i in (self.report.indicators if self.report else []) or []}
        out = []
        for number, line in enumerate(self.cleaned_data["indicators"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = [p.strip() for p in line.split("|")]
            if len(parts) < 2 or not parts[0]:
                raise forms.ValidationError(_("Zeile %(n)d: bitte „Name | Wert | Einheit“ angeben.") % {"n": number})
            raw = parts[1].replace(".", "").replace(",", ".") if "," in parts[1] else parts[1]
            try:
                value = Decimal(raw)
            except InvalidOperation:
                raise forms.ValidationError(
                    _("Zeile %(n)d: „%(value)s“ ist keine Zahl.") % {"n": number, "value": parts[1]}
                ) from None
            before = previous.get(parts[0], {})
            out.append(
                {
                    "name": parts[0],
                    "value": f"{value.normalize():f}",
                    "unit": parts[2] if len(parts) > 2 else before.get("unit", ""),
                    "qualifier": before.get("qualifier", ""),
                    "sentence": before.get("sentence", "")
                    if str(before.get("value")) == f"{value.normalize():f}"
                    else "",
                }
            )
        return out

    def clean_links(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["links"].splitlines() if line.strip()]

    def clean_local_references(self) -> list[dict[str, str]]:
        previous = {r.get("ags"): r for r in (self.report.local_references if self.report else []) or []}
        return [
            {"ags": m.ags, "name": m.name, "description": previous.get(m.ags, {}).get("description", "")}
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


class OpenPeriodForm(forms.Form):
    title = forms.CharField(label=_("Titel"), max_length=200, initial="Fortschrittsbericht")
    subtitle = forms.CharField(label=_("Untertitel"), max_length=300, required=False)
    cut_off = forms.DateField(label=_("Stichtag der Angaben"), help_text=_("TT.MM.JJJJ"))
    due = forms.DateField(label=_("Abgabefrist für die Ressorts"), help_text=_("TT.MM.JJJJ"))


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


class ErratumForm(forms.Form):
    project = forms.ModelChoiceField(Project.objects.none(), label=_("betrifft Projekt"), required=False)
    text = forms.CharField(label=_("Korrektur"), widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, period=None, **kwargs):
        super().__init__(*args, **kwargs)
        if period is not None:
            self.fields["project"].queryset = Project.objects.filter(reports__period=period).order_by("code")
