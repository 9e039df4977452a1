"""State changes of accounts: inviting people, giving role and ministry, deactivating; deputies; mail choice.

One function per change, atomic, with the acting user; only the programme office (or an administrator) may
call them (accounts.rules "accounts.manage_people"). The invitation mail goes out on commit and carries a
set-password link (Django's password-reset token, valid PASSWORD_RESET_TIMEOUT), so nobody ever types or
mails a password.
"""

from __future__ import annotations

import logging
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from operations.errors import ServiceError
from operations.mail import send_on_commit
from operations.site import absolute

from .actors import require
from .models import MINISTRY_ROLES, Deputy, MailFrequency, User

log = logging.getLogger(__name__)


class AccountError(ServiceError):
    """A change that is not possible; the message is German and says why."""


def _authorize(acting_user, perm: str = "accounts.manage_people", obj=None) -> None:
    require(acting_user, perm, obj, message=_("Dafür fehlt Ihnen die Berechtigung."))


def _check_role(role: str, ministry) -> None:
    if role in MINISTRY_ROLES and ministry is None:
        raise AccountError(_("Ressort: Eine Redaktion oder Ressortkoordination braucht ein Ressort."))


def set_password_url(user: User) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    path = reverse("password_reset_confirm", kwargs={"uidb64": uid, "token": token})
    return absolute(path)


def _send_invitation(user: User, inviter: User) -> None:
    # The set-password link is made by the worker when it renders ({% set_password_url %}), not stored in the queue.
    send_on_commit(
        to=[user.email],
        subject=_("Ruhr-Monitor: Ihr Zugang"),
        template="accounts/mail/invitation.txt",
        context={
            "user": user,
            "inviter": inviter,
            "login_url": absolute(reverse("login")),
            "days": settings.PASSWORD_RESET_TIMEOUT // 86400,
        },
    )


@transaction.atomic
def invite_user(*, email: str, first_name: str, last_name: str, role: str, ministry=None, acting_user) -> User:
    """Create an account without a password and mail its owner a link to set one."""
    _authorize(acting_user)
    email = email.strip().lower()
    if User.objects.filter(email__iexact=email).exists():
        raise AccountError(_("E-Mail-Adresse: Für %(email)s gibt es schon ein Konto.") % {"email": email})
    _check_role(role, ministry)
    username = email
    user = User(
        username=username,
        email=email,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        role=role,
        ministry=ministry,
    )
    user.set_unusable_password()
    user.save()
    _send_invitation(user, acting_user)
    return user


def resend_invitation(user: User, *, acting_user) -> None:
    _authorize(acting_user)
    if not user.is_active:
        raise AccountError(_("%(name)s ist deaktiviert.") % {"name": user.get_full_name() or user.username})
    _send_invitation(user, acting_user)


@transaction.atomic
def change_user(user: User, *, role: str, ministry, is_active: bool, acting_user) -> User:
    """Role, ministry and whether the account may sign in. Nobody deactivates or demotes themselves, so the
    office cannot lock itself out by a slip."""
    _authorize(acting_user)
    user = User.objects.select_for_update().get(pk=user.pk)
    _check_role(role, ministry)
    if user.pk == acting_user.pk and (not is_active or role != user.role):
        raise AccountError(_("Die eigene Rolle und das eigene Konto ändert eine andere Person der Leitstelle."))
    user.role, user.ministry, user.is_active = role, ministry, is_active
    user.save(update_fields=["role", "ministry", "is_active"])
    return user


@transaction.atomic
def set_mail_frequency(user: User, *, frequency: str, acting_user) -> User:
    """Whether a person gets the cycle's mails one by one at once or in one digest a day. Only she decides."""
    if acting_user is None or acting_user.pk != user.pk:
        raise PermissionDenied(_("Diese Einstellung ändert nur die Person selbst."))
    if frequency not in MailFrequency.values:
        raise AccountError(_("E-Mails: Bitte „sofort“ oder „täglich“ wählen."))
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.mail_frequency != frequency:
        user.mail_frequency = frequency
        user.save(update_fields=["mail_frequency"])
    return user


# --- deputies (Vertretung) ----------------------------------------------------------------------------------------


def _name(user: User) -> str:
    return user.get_full_name() or user.username


@transaction.atomic
def appoint_deputy(*, ministry, user: User, valid_from: date, valid_until: date, acting_user) -> Deputy:
    """Name an editor to act for `ministry` from one day to another (both included). The office may do so for
    every ministry, an editor or coordinator for her own (rule accounts.appoint_deputy)."""
    _authorize(acting_user, "accounts.appoint_deputy", ministry)
    if not user.is_active or user.role not in MINISTRY_ROLES:
        raise AccountError(_("Vertretung: %(name)s ist keine aktive Redaktion eines Ressorts.") % {"name": _name(user)})
    if user.ministry_id == ministry.pk:
        raise AccountError(
            _("Vertretung: %(name)s gehört schon zum %(ministry)s.") % {"name": _name(user), "ministry": ministry.name}
        )
    if valid_until < valid_from:
        raise AccountError(_("Bis einschließlich: Das Ende der Vertretung liegt vor ihrem Beginn."))
    overlapping = Deputy.objects.filter(
        ministry=ministry, user=user, valid_from__lte=valid_until, valid_until__gte=valid_from
    ).first()
    if overlapping is not None:
        raise AccountError(
            _("Vertretung: %(name)s vertritt das Ressort schon vom %(start)s bis %(end)s.")
            % {
                "name": _name(user),
                "start": f"{overlapping.valid_from:%d.%m.%Y}",
                "end": f"{overlapping.valid_until:%d.%m.%Y}",
            }
        )
    deputy = Deputy(ministry=ministry, user=user, valid_from=valid_from, valid_until=valid_until)
    deputy.appointed_by = acting_user
    deputy._history_user = acting_user
    deputy.save()
    return deputy


@transaction.atomic
def end_deputy(deputy: Deputy, *, acting_user, today: date | None = None) -> Deputy | None:
    """End a deputyship: one that begins today or later is withdrawn; a running one ends yesterday, so what the
    deputy did stays attributable to a valid Vertretung in the history. Returns the shortened record, or None."""
    _authorize(acting_user, "accounts.appoint_deputy", deputy.ministry)
    today = today or timezone.localdate()
    deputy = Deputy.objects.select_for_update().get(pk=deputy.pk)
    deputy._history_user = acting_user
    if deputy.valid_from >= today:
        deputy.delete()
        return None
    if deputy.valid_until >= today:
        deputy.valid_until = today - timedelta(days=1)
        deputy.save(update_fields=["valid_until"])
    return deputy
