"""Forms of the people pages. They validate; accounts.services acts."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from operations.formfields import GermanDateField

from .models import MINISTRY_ROLES, MailFrequency, Role, User

# The ministries are the registry's (programmes, above accounts); a person only points at one, so the forms take
# them through that relation instead of importing the registry.
Ministry = User._meta.get_field("ministry").related_model


def _ministry_field():
    return forms.ModelChoiceField(
        Ministry.objects.order_by("name"),
        label=_("Ressort"),
        required=False,
        empty_label=_("kein Ressort"),
        help_text=_("Pflicht für Redaktionen: Sie bearbeiten nur die Projekte ihres Ressorts."),
    )


class InviteForm(forms.Form):
    first_name = forms.CharField(label=_("Vorname"), max_length=150)
    last_name = forms.CharField(label=_("Nachname"), max_length=150)
    email = forms.EmailField(
        label=_("E-Mail-Adresse"), help_text=_("An diese Adresse geht der Link zum Festlegen des Passworts.")
    )
    role = forms.ChoiceField(label=_("Rolle"), choices=Role.choices)
    ministry = _ministry_field()

    def clean(self):
        data = super().clean()
        if data.get("role") in MINISTRY_ROLES and not data.get("ministry"):
            self.add_error("ministry", _("Ressort: Eine Redaktion oder Ressortkoordination braucht ein Ressort."))
        return data


class UserForm(forms.Form):
    role = forms.ChoiceField(label=_("Rolle"), choices=[("", _("keine Rolle")), *Role.choices], required=False)
    ministry = _ministry_field()
    is_active = forms.BooleanField(
        label=_("Konto aktiv"), required=False, help_text=_("Deaktivierte Konten können sich nicht mehr anmelden.")
    )

    def clean(self):
        data = super().clean()
        if data.get("role") in MINISTRY_ROLES and not data.get("ministry"):
            self.add_error("ministry", _("Ressort: Eine Redaktion oder Ressortkoordination braucht ein Ressort."))
        return data


class MailFrequencyForm(forms.Form):
    mail_frequency = forms.ChoiceField(
        label=_("E-Mails zum Berichtswesen"),
        choices=MailFrequency.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "Eingereichte, freigegebene und kommentierte Berichte, neue Projektideen und Veröffentlichungen. "
            "Dringendes (eine eröffnete Berichtsperiode, Erinnerungen, erbetene Änderungen) kommt immer sofort."
        ),
    )


class DeputyForm(forms.Form):
    """A Vertretung: who acts for which ministry, from when until when (both days included)."""

    user = forms.ModelChoiceField(
        User.objects.none(), label=_("Vertretung durch"), empty_label=_("bitte wählen"), required=True
    )
    ministry = forms.ModelChoiceField(
        Ministry.objects.order_by("name"), label=_("vertretenes Ressort"), empty_label=_("bitte wählen")
    )
    valid_from = GermanDateField(label=_("von"))
    valid_until = GermanDateField(label=_("bis einschließlich"))

    def __init__(self, *args, person=None, ministry=None, **kwargs):
        """`person`: the deputy is fixed (the office's page of that person); `ministry`: the ministry is fixed
        (an editor names a deputy for her own)."""
        kwargs.setdefault("prefix", "vertretung")
        super().__init__(*args, **kwargs)
        self.fields["user"].error_messages["required"] = _("Vertretung durch: Bitte eine Person wählen.")
        self.fields["ministry"].error_messages["required"] = _("vertretenes Ressort: Bitte ein Ressort wählen.")
        if person is not None:
            del self.fields["user"]
            self.fields["ministry"].queryset = Ministry.objects.exclude(pk=person.ministry_id).order_by("name")
        else:
            editors = User.objects.filter(is_active=True, role__in=MINISTRY_ROLES).select_related("ministry")
            if ministry is not None:
                editors = editors.exclude(ministry=ministry)
            self.fields["user"].queryset = editors.order_by("last_name", "first_name", "username")
            self.fields["user"].label_from_instance = lambda u: (
                f"{u.get_full_name() or u.username} ({u.ministry.abbreviation if u.ministry else '–'})"
            )
        if ministry is not None:
            del self.fields["ministry"]

    def clean(self):
        data = super().clean()
        start, end = data.get("valid_from"), data.get("valid_until")
        if start and end and end < start:
            self.add_error("valid_until", _("bis einschließlich: Das Ende der Vertretung liegt vor ihrem Beginn."))
        return data
