"""The one way a view is guarded: `@permission_required(rule, obj=loader)` over a django-rules rule.

Every page that is not for everyone names the rule it needs in its decorator, so the rule is visible where the
URL's view is read, and the authorization matrix (tests/test_authorization_matrix.py) checks what the rules
say. Anonymous visitors are sent to the log-in with the address to come back to; a signed-in person without the
right gets the 403 page (a redirect to the log-in would loop, since she is signed in). The object of an
object rule comes from `obj`, a loader called with the view's arguments; it may answer 404 before anything is
decided, as the view itself would; wrapped in `loaded_once`, the view gets the same object from it without a
second read. A check that depends on what the person sends (a second rule for a POST) stays in the view or the
service, through `accounts.actors.require`.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

# The rule every signed-in person holds: pages about one's own account (accounts/rules.py).
SIGNED_IN = "accounts.signed_in"


def permission_required(perm: str, *, obj: Callable | None = None):
    def decorator(view):
        @wraps(view)
        def guarded(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            target = obj(request, *args, **kwargs) if obj is not None else None
            if not request.user.has_perm(perm, target):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        guarded.permission_required = perm
        return guarded

    return decorator


def loaded_once(loader: Callable) -> Callable:
    """A loader of the URL's object, read once per request: the guard and then the view call it with the view's
    arguments, and the second call returns what the first read. Only the arguments the loader names make the key,
    so the guard's call with every URL argument and the view's with just the key find the same object."""
    signature = inspect.signature(loader)
    named = [
        name
        for name, parameter in list(signature.parameters.items())[1:]
        if parameter.kind in (parameter.POSITIONAL_OR_KEYWORD, parameter.KEYWORD_ONLY)
    ]

    @wraps(loader)
    def load(request, *args, **kwargs):
        bound = signature.bind(request, *args, **kwargs).arguments
        key = (loader, tuple(bound.get(name) for name in named))
        loaded = request.__dict__.setdefault("_loaded_once", {})
        if key not in loaded:
            loaded[key] = loader(request, *args, **kwargs)
        return loaded[key]

    return load
