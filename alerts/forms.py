"""Forms of the alerts app: they validate; the services act."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import AlertScope


class SubscribeForm(forms.Form):
    email = forms.EmailField(label=_("E-Mail-Adresse"))
    scope = forms.ChoiceField(label=_("Worüber"), choices=AlertScope.choices, initial=AlertScope.PROGRAMME)
    target = forms.CharField(
        label=_("Auswahl"),
        required=False,
        max_length=500,
        help_text=_(
            "Projektnummer (z. B. 13-03), Gemeindeschlüssel oder Kurzname der Kommune (z. B. bochum), "
            "Handlungsfeld (z. B. mobilitaet) oder Filter wie status=completed&municipality=bochum"
        ),
    )
