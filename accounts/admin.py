from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import Deputy, User


class GermanUserChangeForm(UserChangeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "password" in self.fields:
            # Django's German catalogue lacks this sentence of Django 5.x; the admin stays German throughout.
            self.fields["password"].help_text = _(
                "Passwörter werden nicht im Klartext gespeichert, daher lässt sich das Passwort nicht anzeigen. "
                "Ein neues Passwort legt die Person selbst über „Passwort vergessen?“ fest, oder die Leitstelle "
                "sendet unter „Personen“ eine neue Einladung."
            )


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    form = GermanUserChangeForm
    list_display = ["username", "email", "role", "ministry", "is_active"]
    list_filter = ["role", "ministry", "is_active"]
    fieldsets = (*BaseUserAdmin.fieldsets, (_("Ruhr-Monitor"), {"fields": ("role", "ministry")}))


@admin.register(Deputy)
class DeputyAdmin(SimpleHistoryAdmin):
    list_display = ["user", "ministry", "valid_from", "valid_until", "appointed_by"]
    list_filter = ["ministry"]
    autocomplete_fields = ["user"]
