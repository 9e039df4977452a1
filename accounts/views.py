"""The office's people pages: invite, give role and ministry, deactivate; deputies. Thin: accounts.services act.

The ministries' pages beside them (/konto/ressorts/) are the registry's: programmes/views.py."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from . import services
from .forms import DeputyForm, InviteForm, MailFrequencyForm, UserForm
from .models import Deputy, User
from .permissions import SIGNED_IN, permission_required


@permission_required(SIGNED_IN)
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


@permission_required("accounts.manage_people")
def people(request):
    current = Deputy.objects.current_and_future().select_related("ministry")
    users = (
        User.objects.select_related("ministry")
        .prefetch_related(Prefetch("deputyships", queryset=current, to_attr="current_deputyships"))
        .order_by("-is_active", "last_name", "first_name", "username")
    )
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


@permission_required("accounts.manage_people")
def person(request, pk: int):
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
    deputy_form = DeputyForm(person=person)
    if request.method == "POST" and request.POST.get("aktion") == "vertretung":
        deputy_form = DeputyForm(request.POST, person=person)
        if deputy_form.is_valid():
            if _appoint(request, deputy_form, user=person):
                return redirect("accounts:person", pk=person.pk)
        form = UserForm(initial=initial)
    elif request.method == "POST" and request.POST.get("aktion") == "vertretung_beenden":
        _end(request, person.deputyships.all())
        return redirect("accounts:person", pk=person.pk)
    elif request.method == "POST" and form.is_valid():
        try:
            services.change_user(person, acting_user=request.user, **form.cleaned_data)
        except services.AccountError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Gespeichert."))
            return redirect("accounts:people")
    deputyships = person.deputyships.current_and_future().select_related("ministry", "appointed_by")
    return render(
        request,
        "accounts/person.html",
        {"person": person, "form": form, "deputy_form": deputy_form, "deputyships": deputyships},
    )


def _appoint(request, form, **fixed) -> bool:
    """Name the deputy the form describes; a refusal goes into the form, which the page shows again."""
    data = {**form.cleaned_data, **fixed}
    try:
        deputy = services.appoint_deputy(acting_user=request.user, **data)
    except services.AccountError as exc:
        form.add_error(None, str(exc))
        return False
    messages.success(
        request,
        _("%(name)s vertritt das %(ministry)s vom %(start)s bis %(end)s.")
        % {
            "name": deputy.user.get_full_name() or deputy.user.username,
            "ministry": deputy.ministry.name,
            "start": f"{deputy.valid_from:%d.%m.%Y}",
            "end": f"{deputy.valid_until:%d.%m.%Y}",
        },
    )
    return True


def _end(request, deputyships) -> None:
    deputy = get_object_or_404(deputyships.select_related("ministry", "user"), pk=request.POST.get("vertretung"))
    result = services.end_deputy(deputy, acting_user=request.user)
    name = deputy.user.get_full_name() or deputy.user.username
    if result is None:
        messages.success(request, _("Die Vertretung durch %(name)s ist zurückgenommen.") % {"name": name})
    else:
        messages.success(
            request,
            _("Die Vertretung durch %(name)s endete am %(end)s.")
            % {"name": name, "end": f"{result.valid_until:%d.%m.%Y}"},
        )


@permission_required("accounts.view_deputies")
def deputies(request):
    """Vertretungen: an editor names who acts for her ministry while she is away; the office sees all of them."""
    user = request.user
    office = user.has_perm("accounts.manage_people")
    ministry = None if office else user.ministry
    shown = Deputy.objects.current_and_future().select_related("ministry", "user", "user__ministry", "appointed_by")
    if not office:
        shown = shown.filter(Q(ministry=ministry) | Q(user=user))
    form = DeputyForm(ministry=ministry)
    if request.method == "POST" and request.POST.get("aktion") == "vertretung_beenden":
        # Only those she may change: the office every one, an editor those of her ministry.
        _end(request, shown if office else shown.filter(ministry=ministry))
        return redirect("accounts:deputies")
    if request.method == "POST":
        form = DeputyForm(request.POST, ministry=ministry)
        if form.is_valid() and _appoint(request, form, **({"ministry": ministry} if ministry else {})):
            return redirect("accounts:deputies")
    rows = list(shown.order_by("ministry__name", "valid_from"))
    for row in rows:
        row.can_end = office or row.ministry_id == getattr(ministry, "pk", None)
    return render(
        request,
        "accounts/deputies.html",
        {
            "form": form,
            "deputyships": rows,
            "office": office,
            "ministry": ministry,
        },
    )
