"""Forms validate; services act. German messages come from Django's translations and the strings here."""

from __future__ import annotations

from django import forms
from django.core import signing
from django.utils.translation import gettext_lazy as _

from operations.forms import CleanCharField
from places.models import Municipality
from programmes.models import ActionField, Project

from . import spam
from .models import Evaluation, LinkRelation, Outcome, ProposalSource, Rating
from .services import SUBMITTABLE_SOURCES, consent_text

HONEYPOT_FIELD = "website"


class ProposalSubmissionForm(forms.Form):
    source = forms.ChoiceField(
        label=_("Ich reiche die Idee ein als"),
        choices=[(s.value, s.label) for s in ProposalSource if s in SUBMITTABLE_SOURCES],
        widget=forms.RadioSelect,
    )
    title = CleanCharField(label=_("Titel der Idee"), min_length=5, max_length=200)
    goal = CleanCharField(
        label=_("Ziel"),
        min_length=20,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Was soll erreicht werden? (mindestens 20 Zeichen)"),
    )
    background = CleanCharField(
        label=_("Hintergrund"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Warum ist die Idee wichtig für das Ruhrgebiet? Gibt es Vorbilder?"),
    )
    theme = forms.ChoiceField(label=_("Handlungsfeld"), required=False)
    municipalities = forms.ModelMultipleChoiceField(
        label=_("Betroffene Kommunen"),
        queryset=Municipality.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    name = CleanCharField(label=_("Ihr Name"), max_length=200, widget=forms.TextInput(attrs={"autocomplete": "name"}))
    organisation = CleanCharField(
        label=_("Organisation (Kammer, Unternehmen, Verband, Kommune)"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    email = forms.EmailField(label=_("E-Mail-Adresse"), widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    phone = CleanCharField(
        refuse_formulas=False,  # "+49 (0)201 …"; the number is never exported
        label=_("Telefon (freiwillig)"),
        required=False,
        max_length=50,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
    )
    consent = forms.BooleanField(label=_("Ich willige in die Speicherung meiner Kontaktdaten ein."))
    # The honeypot: people never see it (moved off-screen in the template); bots fill every field.
    website = forms.CharField(
        label=_("Bitte dieses Feld leer lassen"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    started = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].choices = [("", _("keine Angabe"))] + [
            (name, name) for name in ActionField.objects.order_by("position").values_list("name", flat=True)
        ]
        self.fields["municipalities"].queryset = Municipality.objects.order_by("name")
        if not self.is_bound:
            self.initial["started"] = spam.issue_timestamp()
        self.consent_text = consent_text()

    @property
    def is_spam(self) -> bool:
        return bool(self.data.get(HONEYPOT_FIELD))

    def clean_started(self) -> str:
        token = self.cleaned_data["started"]
        try:
            elapsed = spam.seconds_since(token)
        except signing.SignatureExpired as exc:
            raise forms.ValidationError(
                _("Das Formular ist abgelaufen. Bitte prüfen Sie Ihre Angaben und senden Sie erneut.")
            ) from exc
        except signing.BadSignature as exc:
            raise forms.ValidationError(_("Das Formular ist ungültig. Bitte laden Sie die Seite neu.")) from exc
        if elapsed < spam.min_fill_seconds():
            raise forms.ValidationError(
                _("Das ging sehr schnell. Bitte prüfen Sie Ihre Angaben und senden Sie das Formular erneut.")
            )
        return token

    def clean(self):
        cleaned = super().clean()
        # A new timestamp on every redisplay: the waiting time counts from the page the person is looking at.
        if self.errors:
            data = self.data.copy()
            data["started"] = spam.issue_timestamp()
            self.data = data
        return cleaned


RATING_WIDGET = forms.RadioSelect


class EvaluationForm(forms.ModelForm):
    class Meta:
        model = Evaluation
        fields = ["effect", "effect_note", "cost", "cost_note", "benefit", "benefit_note", "summary"]
        field_classes = {name: CleanCharField for name in ("effect_note", "cost_note", "benefit_note", "summary")}
        widgets = {
            "effect": RATING_WIDGET,
            "cost": RATING_WIDGET,
            "benefit": RATING_WIDGET,
            "effect_note": forms.Textarea(attrs={"rows": 2}),
            "cost_note": forms.Textarea(attrs={"rows": 2}),
            "benefit_note": forms.Textarea(attrs={"rows": 2}),
            "summary": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("effect", "cost", "benefit"):
            self.fields[name].choices = Rating.choices
        # Which end of each scale is good: for cost the low end, for effect and benefit the high end.
        self.fields["effect"].help_text = _("5 = sehr hohe Wirkung für die Region (gut), 1 = sehr geringe.")
        self.fields["cost"].help_text = _("1 = sehr geringe Kosten (gut), 5 = sehr hohe Kosten.")
        self.fields["benefit"].help_text = _("5 = sehr hoher Nutzen (gut), 1 = sehr geringer.")


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Ergebnis"), choices=Outcome.choices, widget=forms.RadioSelect)
    projects = forms.ModelMultipleChoiceField(
        label=_("Projekte, die die Idee aufgegriffen haben"),
        queryset=Project.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    reason = CleanCharField(
        label=_("Begründung (wird veröffentlicht)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["projects"].queryset = Project.objects.order_by("code")
        self.fields["projects"].label_from_instance = lambda p: f"{p.code} {p.title}"


class ModerationForm(forms.Form):
    action = forms.ChoiceField(
        label=_("Freigabe"),
        choices=[("publish", _("veröffentlichen")), ("reject", _("nicht veröffentlichen"))],
        widget=forms.RadioSelect,
    )
    note = CleanCharField(
        label=_("Vermerk (intern; Pflicht beim Ablehnen)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class MatchReviewForm(forms.Form):
    decision = forms.ChoiceField(choices=[("confirm", _("bestätigen")), ("reject", _("verwerfen"))])
    relation = forms.ChoiceField(label=_("Art"), choices=LinkRelation.choices, initial=LinkRelation.PARTLY)
    reason = CleanCharField(label=_("Begründung"), required=False, max_length=2000)
    score = forms.FloatField(required=False, min_value=0, max_value=1, widget=forms.HiddenInput)
    terms = forms.CharField(required=False, max_length=500, widget=forms.HiddenInput)


class ContactDeletionForm(forms.Form):
    note = CleanCharField(
        label=_("Anlass (ohne personenbezogene Daten, z. B. „Bitte per E-Mail vom 3. März“)"),
        required=False,
        max_length=200,
    )

    def __init__(self, *args, **kwargs):
        # Shares the review page with ModerationForm, whose field is also "note": ids must differ.
        kwargs.setdefault("auto_id", "kontakt-%s")
        super().__init__(*args, **kwargs)


class ProposalFilterForm(forms.Form):
    """The public list's filters; all optional, unknown values are ignored."""

    q = forms.CharField(label=_("Suche"), required=False, max_length=100)
    herkunft = forms.ChoiceField(label=_("Herkunft"), required=False)
    thema = forms.ChoiceField(label=_("Thema"), required=False)
    ergebnis = forms.ChoiceField(label=_("Ergebnis"), required=False)

    def __init__(self, *args, themes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["herkunft"].choices = [("", _("alle")), *list(ProposalSource.choices)]
        self.fields["thema"].choices = [("", _("alle"))] + [(t, t) for t in themes]
        self.fields["ergebnis"].choices = [
            ("", _("alle")),
            ("taken_up", _("aufgegriffen (alle Arten)")),
            *list(Outcome.choices),
        ]
