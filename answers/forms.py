"""Forms of the office's pages: they validate; the services act."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from places.models import District, Municipality
from programmes.models import Ministry

from .drafting import Draft
from .splitter import read_pasted_question

INPUT = {"class": "kern-form-input__input"}
TEXTAREA = {"class": "kern-form-input__input", "rows": 6}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs={**INPUT, **(attrs or {})}, format="%Y-%m-%d")


class RegisterQuestionForm(forms.Form):
    text = forms.CharField(
        label=_("Text der Kleinen Anfrage"),
        widget=forms.Textarea(attrs={**TEXTAREA, "rows": 14}),
        help_text=_(
            "Den ganzen Text einfügen. Die nummerierten Fragen („1.“, „2)“, „Frage 3“) werden erkannt, ebenso "
            "Nummer, Drucksache, Abgeordnete, Fraktion und Datum, soweit der Text sie nennt."
        ),
    )
    municipality = forms.ModelChoiceField(
        Municipality.objects.order_by("name"),
        label=_("Kommune"),
        required=False,
        widget=forms.Select(attrs={"class": "kern-form-input__select"}),
    )
    district = forms.ModelChoiceField(
        District.objects.order_by("name"),
        label=_("oder Kreis"),
        required=False,
        widget=forms.Select(attrs={"class": "kern-form-input__select"}),
    )
    ministry = forms.ModelChoiceField(
        Ministry.objects.order_by("name"),
        label=_("Federführendes Ressort"),
        required=False,
        widget=forms.Select(attrs={"class": "kern-form-input__select"}),
    )
    due_on = forms.DateField(label=_("Frist"), required=False, widget=DateInput())
    number = forms.IntegerField(
        label=_("Nummer der Kleinen Anfrage"),
        required=False,
        min_value=1,
        widget=forms.NumberInput(attrs=INPUT),
        help_text=_("leer lassen, wenn der Text sie nennt"),
    )
    electoral_term = forms.IntegerField(
        label=_("Wahlperiode"), initial=18, min_value=1, max_value=99, widget=forms.NumberInput(attrs=INPUT)
    )
    printed_paper = forms.CharField(
        label=_("Drucksache der Anfrage"), required=False, max_length=20, widget=forms.TextInput(attrs=INPUT)
    )
    title = forms.CharField(label=_("Titel"), required=False, max_length=500, widget=forms.TextInput(attrs=INPUT))
    askers = forms.CharField(
        label=_("Abgeordnete"),
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs=INPUT),
        help_text=_("durch Komma getrennt"),
    )
    parties = forms.CharField(label=_("Fraktion"), required=False, max_length=100, widget=forms.TextInput(attrs=INPUT))
    asked_on = forms.DateField(label=_("Datum der Anfrage"), required=False, widget=DateInput())

    def clean(self):
        data = super().clean()
        if data.get("municipality") and data.get("district"):
            self.add_error("district", _("Bitte entweder eine Kommune oder einen Kreis wählen, nicht beides."))
        elif not data.get("municipality") and not data.get("district"):
            self.add_error("municipality", _("Bitte die Kommune oder den Kreis wählen, um den es in der Anfrage geht."))
        text = data.get("text") or ""
        pasted = read_pasted_question(text)
        data["questions"] = pasted.questions
        if text and not pasted.questions:
            self.add_error(
                "text",
                _("Im Text wurden keine nummerierten Fragen gefunden (erwartet: „1. …“, „2) …“ oder „Frage 3 …“)."),
            )
        # What the text states fills the fields left empty; what the office typed wins.
        filled = {
            "number": int(pasted.number) if pasted.number else None,
            "printed_paper": pasted.printed_paper,
            "title": pasted.title,
            "askers": ", ".join(pasted.askers),
            "parties": pasted.parties,
            "asked_on": pasted.asked_on,
        }
        for name, value in filled.items():
            if not data.get(name) and value:
                data[name] = value
        if pasted.electoral_term and not self.data.get("electoral_term"):
            data["electoral_term"] = pasted.electoral_term
        for name, message in (
            ("number", _("Die Nummer der Kleinen Anfrage steht nicht im Text: bitte angeben.")),
            ("title", _("Der Titel steht nicht erkennbar im Text: bitte angeben.")),
            ("askers", _("Die Abgeordneten stehen nicht erkennbar im Text: bitte angeben.")),
        ):
            if not data.get(name) and name not in self.errors:
                self.add_error(name, message)
        return data


class DraftForm(forms.Form):
    """The office's edits of a draft. Fields per question are added from the question's items."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    preliminary_remark = forms.CharField(
        label=_("Vorbemerkung der Landesregierung"),
        required=False,
        widget=forms.Textarea(attrs=TEXTAREA),
        help_text=_("optional; Absätze durch eine Leerzeile trennen"),
    )
    projects = forms.TypedMultipleChoiceField(
        label=_("Projekte in der Antwort"),
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Abgewählte Projekte erscheinen weder in den Tabellen noch in den Summen."),
    )

    def __init__(self, *args, draft: Draft, **kwargs):
        super().__init__(*args, **kwargs)
        self.draft = draft
        self.fields["projects"].choices = [(e.project.pk, e.label) for e in draft.entries]
        self.initial.setdefault("projects", [e.project.pk for e in draft.entries if e.included])
        self.initial.setdefault("version", draft.question.version)
        self.initial.setdefault("preliminary_remark", draft.question.preliminary_remark)
        for q in draft.questions:
            self.fields[f"answer_{q.number}"] = forms.CharField(
                label=_("Antwort zu Frage %(n)s") % {"n": q.number},
                required=False,
                widget=forms.Textarea(attrs=TEXTAREA),
            )
            self.fields[f"lists_{q.number}"] = forms.BooleanField(
                label=_("Projekttabellen und Fördermittel in diese Antwort aufnehmen"), required=False
            )
            self.initial.setdefault(f"answer_{q.number}", q.answer)
            self.initial.setdefault(f"lists_{q.number}", q.lists_projects)

    def project_rows(self):
        """Each project's checkbox with what the answer would say about it."""
        return list(zip(self["projects"], self.draft.entries, strict=True))

    def question_fields(self):
        return [(q, self[f"answer_{q.number}"], self[f"lists_{q.number}"]) for q in self.draft.questions]

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        numbers = [q.number for q in self.draft.questions]
        return {
            "version": data["version"],
            "preliminary_remark": data.get("preliminary_remark") or "",
            "answers": {n: data.get(f"answer_{n}") or "" for n in numbers},
            "lists_projects": {n for n in numbers if data.get(f"lists_{n}")},
            "included_project_ids": set(data.get("projects") or []),
        }


class SendAnswerForm(forms.Form):
    answered_on = forms.DateField(label=_("Datum der Antwort"), widget=DateInput())
    answer_printed_paper = forms.CharField(
        label=_("Drucksache der Antwort"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs=INPUT),
        help_text=_("z. B. 18/1300, sobald der Landtag sie vergeben hat"),
    )
