"""The office's people pages: invite, give role and ministry, deactivate; ministries. Thin: accounts.services act."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from programmes.models import Ministry

from . import services
from .forms import InviteForm, MailFrequencyForm, MinistryForm, UserForm
from .models import User


def _office(request) -> None:
    if not request.user.has_perm("accounts.manage_people"):
        raise PermissionDenied


@login_required
def account(request):
    """Her own account: who she is in the system, and how she gets the mails of the cycle."""
    form = MailFrequencyForm(request.POST or None, initial={"mail_frequency": request.user.mail_frequency})
    if request.method == "POST" and form.is_valid():
        services.set_mail_frequency(
            request.user, frequency=form.cleaned_data["mail_frequency"], acting_user=request.user
        )
        messages.success(request, _("Gespeichert."))
        return redirect("accounts:account")
    return render(request, "accounts/account.html", {"form": form})


@login_required
def people(request):
    _office(request)
    users = User.objects.select_related("ministry").order_by("-is_active", "last_name", "first_name", "username")
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.invite_user(acting_user=request.user, **form.cleaned_data)
        except services.AccountError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                _("%(name)s ist eingeladen; die E-Mail mit dem Link zum Festlegen des Passworts geht an %(email)s.")
                % {"name": user.get_full_name(), "email": user.email},
            )
            return redirect("accounts:people")
    return render(request, "accounts/people.html", {"users": users, "form": form})


@login_required
def person(request, pk: int):
    _office(request)
    person = get_object_or_404(User.objects.select_related("ministry"), pk=pk)
    initial = {"role": person.role, "ministry": person.ministry, "is_active": person.is_active}
    form = UserForm(request.POST or None, initial=initial)
    if request.method == "POST" and request.POST.get("aktion") == "einladen":
        try:
            services.resend_invitation(person, acting_user=request.user)
        except services.AccountError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Einladung erneut an %(email)s versandt.") % {"email": person.email})
        return redirect("accounts:person", pk=person.pk)
    if request.method == "POST" and form.is_valid():
        try:
            services.change_user(person, acting_user=request.user, **form.cleaned_data)
        except services.AccountError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Gespeichert."))
            return redirect("accounts:people")
    return render(request, "accounts/person.html", {"person": person, "form": form})


@login_required
def ministries(request):
    _office(request)
    rows = Ministry.objects.annotate(
        n_projects=Count("projects", distinct=True), n_people=Count("members", distinct=True)
    )
    return render(request, "accounts/ministries.html", {"ministries": rows.prefetch_related("names")})


@login_required
def ministry(request, pk: int):
    _office(request)
    ministry = get_object_or_404(Ministry, pk=pk)
    form = MinistryForm(request.POST or None, initial={"name": ministry.name, "abbreviation": ministry.abbreviation})
    if request.method == "POST" and form.is_valid():
        try:
            services.change_ministry(ministry, acting_user=request.user, **form.cleaned_data)
        except services.AccountError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Ressort gespeichert; der frühere Name bleibt erhalten."))
            return redirect("accounts:ministries")
    return render(request, "accounts/ministry.html", {"ministry": ministry, "form": form})
