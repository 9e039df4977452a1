"""Security headers for every response: Content-Security-Policy and Permissions-Policy.

Django's SecurityMiddleware already sets HSTS (with DEBUG=False), X-Content-Type-Options,
Referrer-Policy and Cross-Origin-Opener-Policy; XFrameOptionsMiddleware sets X-Frame-Options.
This adds what Django 5.2 lacks. The policy allows scripts and styles only from our own
origin: no inline script, no inline event handler, no style attribute anywhere
(`SECURITY.md`). A view that cannot live with that (only the Swagger UI of the API) is
decorated with `csp_override` and gets a narrowly widened policy of its own.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.conf import settings

CSP_HEADER = "Content-Security-Policy"


def build_policy(directives: dict[str, list[str]]) -> str:
    return "; ".join(f"{name} {' '.join(values)}".strip() for name, values in directives.items())


def default_directives() -> dict[str, list[str]]:
    return {name: list(values) for name, values in settings.CONTENT_SECURITY_POLICY.items()}


def csp_override(**extra: list[str]) -> Callable:
    """Widen single directives for one view, e.g. `@csp_override(style_src=["'unsafe-inline'"])`."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            response = view(request, *args, **kwargs)
            directives = default_directives()
            for key, values in extra.items():
                name = key.replace("_", "-")
                directives[name] = [*directives.get(name, []), *values]
            response[CSP_HEADER] = build_policy(directives)
            return response

        return wrapped

    return decorator


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = build_policy(default_directives())
        self.permissions = settings.PERMISSIONS_POLICY

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault(CSP_HEADER, self.policy)
        response.headers.setdefault("Permissions-Policy", self.permissions)
        return response
