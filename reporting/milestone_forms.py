"""Milestones as rows: one row per milestone (when, what), instead of a text box with a syntax.

The rows are turned into the lines ProjectReportForm already reads ("2024-11: Text"), so the report form keeps
one parser and one set of checks; the editor never sees that syntax. "When" is what a German office worker
writes: "2024", "2023/2024", "11/2024", "11.2024", "15.11.2024" (or ISO "2024-11-15").
"""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

_YEAR = r"(?:19|20)\d{2}"
_WHEN = [
    (re.compile(rf"^(?P<year>{_YEAR})$"), "{year}"),
    (re.compile(rf"^(?P<year>{_YEAR})\s*[/–-]\s*(?P<end>{_YEAR})$"), "{year}/{end}"),
    (re.compile(rf"^(?P<month>\d{{1,2}})\s*[./]\s*(?P<year>{_YEAR})$"), "{year}-{month:02d}"),
    (re.compile(rf"^(?P<year>{_YEAR})-(?P<month>\d{{1,2}})$"), "{year}-{month:02d}"),
    (re.compile(rf"^(?P<day>\d{{1,2}})\.(?P<month>\d{{1,2}})\.(?P<year>{_YEAR})$"), "{year}-{month:02d}-{day:02d}"),
    (re.compile(rf"^(?P<year>{_YEAR})-(?P<month>\d{{1,2}})-(?P<day>\d{{1,2}})$"), "{year}-{month:02d}-{day:02d}"),
]


def when_to_key(text: str) -> str | None:
    """'11.2024' -> '2024-11' (the report form's syntax); None when it is no date, month or year."""
    text = " ".join(text.split())
    for pattern, template in _WHEN:
        if m := pattern.match(text):
            parts = {k: int(v) for k, v in m.groupdict().items()}
            if not 1 <= parts.get("month", 1) <= 12 or not 1 <= parts.get("day", 1) <= 31:
                return None
            return template.format(**parts)
    return None


def when_for_display(milestone: dict[str, Any]) -> str:
    """A stored milestone's time as the editor types it: '2024', '2023/2024', '11/2024', '15.11.2024'."""
    year, end, month, day = (milestone.get(k) for k in ("year", "year_end", "month", "day"))
    if end:
        return f"{year}/{end}"
    if month and day:
        return f"{int(day):02d}.{int(month):02d}.{year}"
    if month:
        return f"{int(month):02d}/{year}"
    return str(year or "")


class MilestoneRowForm(forms.Form):
    when = forms.CharField(
        label=_("Zeitpunkt"),
        max_length=20,
        required=False,
        help_text=_("Jahr, Monat oder Tag: 2024, 11/2024 oder 15.11.2024; über Jahre: 2023/2024"),
        widget=forms.TextInput(attrs={"size": 12, "autocomplete": "off"}),
    )
    text = forms.CharField(
        label=_("Meilenstein"),
        max_length=1000,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    def clean(self):
        data = super().clean()
        when, text = (data.get("when") or "").strip(), (data.get("text") or "").strip()
        if when and not text:
            self.add_error("text", _("Meilenstein: Bitte beschreiben, was zu diesem Zeitpunkt geschah."))
        if text and not when:
            self.add_error("when", _("Zeitpunkt: Bitte Jahr, Monat oder Tag angeben (z. B. 2024 oder 11/2024)."))
        if when and when_to_key(when) is None:
            self.add_error(
                "when", _("Zeitpunkt: „%(when)s“ ist kein Jahr, Monat oder Tag (z. B. 2024, 11/2024).") % {"when": when}
            )
        return data


class BaseMilestoneFormSet(forms.BaseFormSet):
    def as_lines(self) -> str:
        """The rows as the report form's milestone lines; empty and deleted rows dropped, order kept."""
        lines = []
        for form in self.forms:
            if self.can_delete and self._should_delete_form(form):
                continue
            when, text = (form.cleaned_data.get("when") or "").strip(), (form.cleaned_data.get("text") or "").strip()
            if when and text:
                lines.append(f"{when_to_key(when)}: {' '.join(text.split())}")
        return "\n".join(lines)


MilestoneFormSet = forms.formset_factory(MilestoneRowForm, formset=BaseMilestoneFormSet, extra=2, can_delete=True)
PREFIX = "meilenstein"


def milestone_formset(report, data=None) -> BaseMilestoneFormSet:
    if data is not None:
        # Every row the page sends counts as it stands; comparing with the stored rows would drop an unchanged
        # row whenever a page's management form says it had none.
        return MilestoneFormSet(data, prefix=PREFIX)
    initial = []
    for m in report.milestones or []:
        text = m.get("text", "")
        if m.get("subproject"):
            text = f"{m['subproject']}: {text}"
        initial.append({"when": when_for_display(m), "text": text})
    return MilestoneFormSet(data, initial=initial, prefix=PREFIX)
