"""Who performs a change: a person (a `User`) or the system, never "nobody".

Services take a keyword-only `acting_user`. Importers and reference loaders run from the command line under
the operator's authority; they pass `SYSTEM`, which is allowed everything and is recorded as "no person"
(history user empty, `…_by_system` flags set). `None` is no actor: `require` refuses it, so a view that forgot
to pass its user can never slip past a permission check.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext


class SystemActor:
    is_authenticated = False
    is_active = True
    pk = None

    def has_perm(self, perm: str, obj=None) -> bool:
        return True

    def get_username(self) -> str:
        return "system"

    def get_full_name(self) -> str:
        return gettext("System")

    def __str__(self) -> str:
        return self.get_full_name()

    def __repr__(self) -> str:
        return "SYSTEM"


SYSTEM = SystemActor()


def is_system(acting_user) -> bool:
    return acting_user is SYSTEM


def person(acting_user):
    """The user to store in a foreign key or a history row: nobody for the system."""
    return None if acting_user is SYSTEM else acting_user


def require(acting_user, perm: str, obj=None, *, message: str) -> None:
    """Refuse unless `acting_user` may `perm` (on `obj`): the system may, nobody (None) never may."""
    if acting_user is SYSTEM:
        return
    if acting_user is None or not acting_user.has_perm(perm, obj):
        raise PermissionDenied(message)
