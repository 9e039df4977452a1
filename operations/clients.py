"""Who is asking: the client address behind the trusted proxies, and the growing log-in delay.

Behind nginx every request comes from 127.0.0.1. Counting per REMOTE_ADDR then means counting everyone together:
the API's limit per address became a limit for the whole internet, and five wrong passwords of a stranger locked
the office out for everybody. `client_ip` takes the address the nearest trusted proxy saw:

- `TRUSTED_PROXY_COUNT = n` (n ≥ 1): the n-th address from the right of X-Forwarded-For (each proxy appends the
  address it was connected from; addresses further left were written by the client and can be forged);
- else a header named by `API_CLIENT_IP_HEADER` (e.g. HTTP_X_REAL_IP, set by the documented nginx block);
- else REMOTE_ADDR.

The rate limits (API, idea form) and django-axes (AXES_CLIENT_IP_CALLABLE) all use it.
"""

from __future__ import annotations

import ipaddress
from datetime import timedelta

from django.conf import settings

# A request without any address (Django's test client log-in, a request built in code) still needs one that
# django-axes can store in its GenericIPAddressField, which PostgreSQL checks: the unspecified address.
UNKNOWN = "0.0.0.0"


def _valid(address: str) -> str:
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return ""


def client_ip(request) -> str:
    meta = request.META
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if count > 0:
        chain = [part for part in meta.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(chain) >= count:
            found = _valid(chain[-count])
            if found:
                return found
    header = getattr(settings, "API_CLIENT_IP_HEADER", "REMOTE_ADDR")
    if header != "REMOTE_ADDR":
        found = _valid(meta.get(header, "").split(",")[0])
        if found:
            return found
    return _valid(meta.get("REMOTE_ADDR", "")) or UNKNOWN


def lockout_delay(request=None) -> timedelta:
    """django-axes cool-off (AXES_COOLOFF_TIME): a delay that doubles with every failure beyond the limit.

    Locked is the pair of account and address, so a stranger elsewhere cannot lock the office out; the office's own
    typos cost a minute first, and only persistent guessing from one address waits long (at most LOGIN_DELAY_MAX)."""
    base = timedelta(seconds=getattr(settings, "LOGIN_DELAY_SECONDS", 60))
    ceiling = timedelta(seconds=getattr(settings, "LOGIN_DELAY_MAX_SECONDS", 3600))
    if request is None:
        return base
    from axes.models import AccessAttempt

    username = request.POST.get("username", "") if request.method == "POST" else ""
    attempt = AccessAttempt.objects.filter(username=username, ip_address=client_ip(request)).first()
    beyond = max(0, (attempt.failures_since_start if attempt else 0) - settings.AXES_FAILURE_LIMIT)
    return min(base * 2 ** min(beyond, 16), ceiling)
