"""Forms of the people pages. They validate; accounts.services acts."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from programmes.models import Ministry

from .models import MailFrequency, Role


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
        if data.get("role") == Role.MINISTRY_EDITOR and not data.get("ministry"):
            self.add_error("ministry", _("Ressort: Eine Redaktion braucht ein Ressort."))
        return data


class UserForm(forms.Form):
    role = forms.ChoiceField(label=_("Rolle"), choices=[("", _("keine Rolle")), *Role.choices], required=False)
    ministry = _ministry_field()
    is_active = forms.BooleanField(
        label=_("Konto aktiv"), required=False, help_text=_("Deaktivierte Konten können sich nicht mehr anmelden.")
    )

    def clean(self):
        data = super().clean()
        if data.get("role") == Role.MINISTRY_EDITOR and not data.get("ministry"):
            self.add_error("ministry", _("Ressort: Eine Redaktion braucht ein Ressort."))
        return data


class MinistryForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=300)
    abbreviation = forms.CharField(label=_("Kürzel"), max_length=20)


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
